/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/bootinfo.h>: the bootinfo records the KIP's BootInfo word points at
 * (convenience interface section 14, format in x2-api 9.4). Walnut's kernel
 * writes a SimpleExec record for each initial server and a Module record for
 * every further module of the boot archive; command lines are stored inside
 * the records.
 */
#ifndef __L4__BOOTINFO_H__
#define __L4__BOOTINFO_H__

#include <l4/types.h>

#define L4_BOOTINFO_MAGIC   0x14b0021d
#define L4_BOOTINFO_VERSION 1

#define L4_BootInfo_Module     0x0001
#define L4_BootInfo_SimpleExec 0x0002
#define L4_BootInfo_EFITables  0x0101
#define L4_BootInfo_Multiboot  0x0102

typedef struct {
    L4_Word_t type;
    L4_Word_t version;
    L4_Word_t offset_next;  /* bytes from this record to the next */
} L4_BootRec_t;

typedef struct {
    L4_Word_t type;
    L4_Word_t version;
    L4_Word_t offset_next;
    L4_Word_t start;
    L4_Word_t size;
    L4_Word_t cmdline_offset;  /* from the record start; 0 = none */
} L4_Boot_Module_t;

typedef struct {
    L4_Word_t type;
    L4_Word_t version;
    L4_Word_t offset_next;
    L4_Word_t text_pstart;
    L4_Word_t text_vstart;
    L4_Word_t text_size;
    L4_Word_t data_pstart;
    L4_Word_t data_vstart;
    L4_Word_t data_size;
    L4_Word_t bss_pstart;
    L4_Word_t bss_vstart;
    L4_Word_t bss_size;
    L4_Word_t initial_ip;
    L4_Word_t flags;
    L4_Word_t label;
    L4_Word_t cmdline_offset;  /* from the record start; 0 = none */
} L4_Boot_SimpleExec_t;

typedef struct {
    L4_Word_t type;
    L4_Word_t version;
    L4_Word_t offset_next;
    L4_Word_t systab;
    L4_Word_t memmap;
    L4_Word_t memmap_size;
    L4_Word_t memdesc_size;
    L4_Word_t memdesc_version;
} L4_Boot_EFI_t;

typedef struct {
    L4_Word_t type;
    L4_Word_t version;
    L4_Word_t offset_next;
    L4_Word_t address;
} L4_Boot_MBI_t;

typedef struct {
    L4_Word_t magic;
    L4_Word_t version;
    L4_Word_t size;         /* header and all records, bytes */
    L4_Word_t first_entry;  /* offset of the first record */
    L4_Word_t num_entries;
    L4_Word_t __reserved[3];
} L4_BootInfo_t;

L4_INLINE L4_Bool_t L4_BootInfo_Valid(const void *ptr)
{
    const L4_BootInfo_t *b = (const L4_BootInfo_t *)ptr;
    return b->magic == L4_BOOTINFO_MAGIC && b->version == L4_BOOTINFO_VERSION;
}

L4_INLINE L4_Word_t L4_BootInfo_Size(const void *ptr)
{
    return ((const L4_BootInfo_t *)ptr)->size;
}

L4_INLINE L4_BootRec_t *L4_BootInfo_FirstEntry(const void *ptr)
{
    return (L4_BootRec_t *)((L4_Word_t)ptr + ((const L4_BootInfo_t *)ptr)->first_entry);
}

L4_INLINE L4_Word_t L4_BootInfo_Entries(const void *ptr)
{
    return ((const L4_BootInfo_t *)ptr)->num_entries;
}

L4_INLINE L4_Word_t L4_BootRec_Type(const L4_BootRec_t *r)
{
    return r->type;
}

L4_INLINE L4_BootRec_t *L4_BootRec_Next(const L4_BootRec_t *r)
{
    return (L4_BootRec_t *)((L4_Word_t)r + r->offset_next);
}

/* The command line at cmdline_offset bytes into the record, or null. */
L4_INLINE char *__L4_BootRec_Cmdline(const L4_BootRec_t *r, L4_Word_t cmdline_offset)
{
    return cmdline_offset == 0 ? (char *)0 : (char *)((L4_Word_t)r + cmdline_offset);
}

/* ---- Module records ----------------------------------------------------- */

L4_INLINE L4_Word_t L4_Module_Start(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_Module_t *)ptr)->start;
}

L4_INLINE L4_Word_t L4_Module_Size(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_Module_t *)ptr)->size;
}

L4_INLINE char *L4_Module_Cmdline(const L4_BootRec_t *ptr)
{
    return __L4_BootRec_Cmdline(ptr, ((const L4_Boot_Module_t *)ptr)->cmdline_offset);
}

/* ---- SimpleExec records ------------------------------------------------- */

L4_INLINE const L4_Boot_SimpleExec_t *__L4_SimpleExec(const L4_BootRec_t *ptr)
{
    return (const L4_Boot_SimpleExec_t *)ptr;
}

L4_INLINE L4_Word_t L4_SimpleExec_TextVstart(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->text_vstart;
}

L4_INLINE L4_Word_t L4_SimpleExec_TextPstart(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->text_pstart;
}

L4_INLINE L4_Word_t L4_SimpleExec_TextSize(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->text_size;
}

L4_INLINE L4_Word_t L4_SimpleExec_DataVstart(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->data_vstart;
}

L4_INLINE L4_Word_t L4_SimpleExec_DataPstart(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->data_pstart;
}

L4_INLINE L4_Word_t L4_SimpleExec_DataSize(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->data_size;
}

L4_INLINE L4_Word_t L4_SimpleExec_BssVstart(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->bss_vstart;
}

L4_INLINE L4_Word_t L4_SimpleExec_BssPstart(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->bss_pstart;
}

L4_INLINE L4_Word_t L4_SimpleExec_BssSize(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->bss_size;
}

L4_INLINE L4_Word_t L4_SimpleExec_InitialIP(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->initial_ip;
}

L4_INLINE L4_Word_t L4_SimpleExec_Flags(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->flags;
}

/* flags and label are free for the root server's own use. */
L4_INLINE void L4_SimpleExec_Set_Flags(const L4_BootRec_t *ptr, L4_Word_t w)
{
    ((L4_Boot_SimpleExec_t *)(L4_Word_t)ptr)->flags = w;
}

L4_INLINE L4_Word_t L4_SimpleExec_Label(const L4_BootRec_t *ptr)
{
    return __L4_SimpleExec(ptr)->label;
}

L4_INLINE void L4_SimpleExec_Set_Label(const L4_BootRec_t *ptr, L4_Word_t w)
{
    ((L4_Boot_SimpleExec_t *)(L4_Word_t)ptr)->label = w;
}

L4_INLINE char *L4_SimpleExec_Cmdline(const L4_BootRec_t *ptr)
{
    return __L4_BootRec_Cmdline(ptr, __L4_SimpleExec(ptr)->cmdline_offset);
}

/* ---- EFI and multiboot records ------------------------------------------ */

L4_INLINE L4_Word_t L4_EFI_Systab(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_EFI_t *)ptr)->systab;
}

L4_INLINE L4_Word_t L4_EFI_Memmap(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_EFI_t *)ptr)->memmap;
}

L4_INLINE L4_Word_t L4_EFI_MemmapSize(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_EFI_t *)ptr)->memmap_size;
}

L4_INLINE L4_Word_t L4_EFI_MemdescSize(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_EFI_t *)ptr)->memdesc_size;
}

L4_INLINE L4_Word_t L4_EFI_MemdescVersion(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_EFI_t *)ptr)->memdesc_version;
}

L4_INLINE L4_Word_t L4_MBI_Address(const L4_BootRec_t *ptr)
{
    return ((const L4_Boot_MBI_t *)ptr)->address;
}

#if defined(__cplusplus)
L4_INLINE L4_Word_t L4_Type(const L4_BootRec_t *r)
{
    return L4_BootRec_Type(r);
}

L4_INLINE L4_BootRec_t *L4_Next(const L4_BootRec_t *r)
{
    return L4_BootRec_Next(r);
}
#endif /* __cplusplus */

#endif /* !__L4__BOOTINFO_H__ */
