/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/kip.h>: the Kernel Interface Page (convenience interface section 5,
 * layout in x2-api 3). All pointer-like KIP fields (KernelVerPtr,
 * ProcDescPtr, MemoryInfo.MemDescPtr) and, in Walnut, the system-call link
 * fields are byte offsets from the KIP base.
 */
#ifndef __L4__KERNEL_IFACE_PAGE_H__
#define __L4__KERNEL_IFACE_PAGE_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>

/* ---- 5.1 Types ---------------------------------------------------------- */

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     __padding : 16,
                     subid : 8,
                     id : 8,
                     __pad32 : L4_BITS_PER_WORD - 32);
    } x;
} L4_KernelId_t;

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     __padding : 16,
                     subversion : 8,
                     version : 8,
                     __pad32 : L4_BITS_PER_WORD - 32);
    } x;
} L4_ApiVersion_t;

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD3(L4_Word_t,
                     ee : 2,
                     ww : 2,
                     __padding : L4_BITS_PER_WORD - 4);
    } x;
} L4_ApiFlags_t;

typedef struct {
    L4_BITFIELD2(L4_Word_t,
                 n : L4_BITS_PER_WORD / 2,
                 MemDescPtr : L4_BITS_PER_WORD / 2);
} L4_MemoryInfo_t;

typedef struct {
    L4_Word_t magic;
    L4_ApiVersion_t ApiVersion;
    L4_ApiFlags_t ApiFlags;
    L4_Word_t KernelVerPtr;

    /* word 4 */
    L4_Word_t __padding10[17];
    L4_MemoryInfo_t MemoryInfo;
    L4_Word_t __padding58[2];

    /* word 24: pre-X.2 memory fields, reserved in X.2 */
    struct {
        L4_Word_t low;
        L4_Word_t high;
    } MainMem;
    struct {
        L4_Word_t low;
        L4_Word_t high;
    } ReservedMem[2];
    struct {
        L4_Word_t low;
        L4_Word_t high;
    } DedicatedMem[5];

    /* word 40 */
    L4_Word_t __paddingA0[2];
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD4(L4_Word_t,
                         m : 10,
                         a : 6,
                         s : 6,
                         __padding : L4_BITS_PER_WORD - 22);
        } X;
    } UtcbAreaInfo;
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD2(L4_Word_t,
                         s : 6,
                         __padding : L4_BITS_PER_WORD - 6);
        } X;
    } KipAreaInfo;

    /* word 44 */
    L4_Word_t __paddingB0[2];
    L4_Word_t BootInfo;
    L4_Word_t ProcDescPtr;

    /* word 48 */
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD3(L4_Word_t,
                         ReadPrecision : 16,
                         SchedulePrecision : 16,
                         __pad32 : L4_BITS_PER_WORD - 32);
        } X;
    } ClockInfo;
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD4(L4_Word_t,
                         t : 8,
                         SystemBase : 12,
                         UserBase : 12,
                         __pad32 : L4_BITS_PER_WORD - 32);
        } X;
    } ThreadInfo;
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD3(L4_Word_t,
                         rwx : 3,
                         __padding : 7,
                         page_size_mask : L4_BITS_PER_WORD - 10);
        } X;
    } PageInfo;
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD3(L4_Word_t,
                         processors : 16,
                         __pading : L4_BITS_PER_WORD - 20,
                         s : 4);
        } X;
    } ProcessorInfo;

    /* word 52: system-call links */
    L4_Word_t SpaceControl;
    L4_Word_t ThreadControl;
    L4_Word_t ProcessorControl;
    L4_Word_t MemoryControl;
    L4_Word_t Ipc;
    L4_Word_t Lipc;
    L4_Word_t Unmap;
    L4_Word_t ExchangeRegisters;
    L4_Word_t SystemClock;
    L4_Word_t ThreadSwitch;
    L4_Word_t Schedule;
    L4_Word_t __paddingF0;

    /* word 64 */
    L4_Word_t __padding100[4];
    L4_Word_t ArchSyscall0;
    L4_Word_t ArchSyscall1;
    L4_Word_t ArchSyscall2;
    L4_Word_t ArchSyscall3;
} L4_KernelInterfacePage_t;

typedef union {
    L4_Word_t raw[4];
    struct {
        L4_Word_t ExternalFreq;
        L4_Word_t InternalFreq;
        L4_Word_t __padding[2];
    } X;
} L4_ProcDesc_t;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#if defined(__clang__)
# pragma clang diagnostic ignored "-Wzero-length-array"
#endif
typedef struct {
    L4_KernelId_t KernelId;
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD4(L4_Word_t,
                         day : 5,
                         month : 4,
                         year : 7,
                         __padding : L4_BITS_PER_WORD - 16);
        } X;
    } KernelGenDate;
    union {
        L4_Word_t raw;
        struct {
            L4_BITFIELD4(L4_Word_t,
                         subsubver : 16,
                         subver : 8,
                         ver : 8,
                         __pad32 : L4_BITS_PER_WORD - 32);
        } X;
    } KernelVer;
    L4_Word_t Supplier;
    char VersionString[0];  /* NUL-terminated, followed by the features */
} L4_KernelDesc_t;
#pragma GCC diagnostic pop

typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD5(L4_Word_t,
                     type : 4,
                     t : 4,
                     __padding1 : 1,
                     v : 1,
                     low : L4_BITS_PER_WORD - 10);
        L4_BITFIELD2(L4_Word_t,
                     __padding2 : 10,
                     high : L4_BITS_PER_WORD - 10);
    } x;
} L4_MemoryDesc_t;

/* ---- 5.2 Constants ------------------------------------------------------ */

#if !defined(L4_MAGIC)
# if defined(L4_BIG_ENDIAN)
#  define L4_MAGIC (('L' << 24) + ('4' << 16) + (230 << 8) + 'K')
# else
#  define L4_MAGIC (('K' << 24) + (230 << 16) + ('4' << 8) + 'L')
# endif
#endif

#define L4_APIVERSION_2       (0x02)
#define L4_APIVERSION_4       (0x04)
#define L4_APIVERSION_X0      (0x83)
#define L4_APIVERSION_X1      (0x83)
#define L4_APIVERSION_X2      (0x84)
#define L4_APIVERSION_L4SEC   (0x85)
#define L4_APIVERSION_N1      (0x86)
#define L4_APIVERSION_OKL     (0xA0)
#define L4_APISUBVERSION_X0   (0x80)
#define L4_APISUBVERSION_X1   (0x81)

#define L4_APIFLAG_LE         (0x00)
#define L4_APIFLAG_BE         (0x01)
#define L4_APIFLAG_32BIT      (0x00)
#define L4_APIFLAG_64BIT      (0x01)

/* (id << 8) + subid = bits 31..16 of the KernelId word. */
#define L4_KID_L4_486           ((0 << 8) + 1)
#define L4_KID_L4_PENTIUM       ((0 << 8) + 2)
#define L4_KID_L4_X86           ((0 << 8) + 3)
#define L4_KID_L4_MIPS          ((1 << 8) + 1)
#define L4_KID_L4_ALPHA         ((2 << 8) + 1)
#define L4_KID_FIASCO           ((3 << 8) + 1)
#define L4_KID_L4KA_HAZELNUT    ((4 << 8) + 1)
#define L4_KID_L4KA_PISTACHIO   ((4 << 8) + 2)
#define L4_KID_L4KA_STRAWBERRY  ((4 << 8) + 3)
#define L4_KID_NICTA_PISTACHIO  ((5 << 8) + 1)

/* Supplier words: the first character in the lowest byte. */
#if defined(L4_BIG_ENDIAN)
# define L4_SUPL_GMD   (('G' << 24) + ('M' << 16) + ('D' << 8) + ' ')
# define L4_SUPL_IBM   (('I' << 24) + ('B' << 16) + ('M' << 8) + ' ')
# define L4_SUPL_UNSW  (('U' << 24) + ('N' << 16) + ('S' << 8) + 'W')
# define L4_SUPL_UKA   (('U' << 24) + ('K' << 16) + ('a' << 8) + ' ')
# define L4_SUPL_NICTA (('N' << 24) + ('I' << 16) + ('C' << 8) + 'T')
#else
# define L4_SUPL_GMD   ((' ' << 24) + ('D' << 16) + ('M' << 8) + 'G')
# define L4_SUPL_IBM   ((' ' << 24) + ('M' << 16) + ('B' << 8) + 'I')
# define L4_SUPL_UNSW  (('W' << 24) + ('S' << 16) + ('N' << 8) + 'U')
# define L4_SUPL_UKA   ((' ' << 24) + ('a' << 16) + ('K' << 8) + 'U')
# define L4_SUPL_NICTA (('T' << 24) + ('C' << 16) + ('I' << 8) + 'N')
#endif

#define L4_UndefinedMemoryType            (0x0)
#define L4_ConventionalMemoryType         (0x1)
#define L4_ReservedMemoryType             (0x2)
#define L4_DedicatedMemoryType            (0x3)
#define L4_SharedMemoryType               (0x4)
#define L4_BootLoaderSpecificMemoryType   (0xE)
#define L4_ArchitectureSpecificMemoryType (0xF)

/* ---- 5.3 Functions ------------------------------------------------------ */

L4_INLINE L4_KernelInterfacePage_t *__L4_Kip(void *KernelInterface)
{
    return (L4_KernelInterfacePage_t *)KernelInterface;
}

/* Word i of the kernel descriptor. */
L4_INLINE L4_Word_t __L4_KernelDescWord(void *KernelInterface, int i)
{
    return ((L4_Word_t *)((char *)KernelInterface + __L4_Kip(KernelInterface)->KernelVerPtr))[i];
}

L4_INLINE void *L4_GetKernelInterface(void)
{
    L4_Word_t version, flags, id;
    return L4_KernelInterface(&version, &flags, &id);
}

L4_INLINE L4_Word_t L4_ApiVersion(void)
{
    L4_Word_t version, flags, id;
    L4_KernelInterface(&version, &flags, &id);
    return version;
}

L4_INLINE L4_Word_t L4_ApiFlags(void)
{
    L4_Word_t version, flags, id;
    L4_KernelInterface(&version, &flags, &id);
    return flags;
}

L4_INLINE L4_Word_t L4_KernelId(void)
{
    L4_Word_t version, flags, id;
    L4_KernelInterface(&version, &flags, &id);
    return id;
}

L4_INLINE void L4_KernelGenDate(void *KernelInterface, L4_Word_t *year, L4_Word_t *month,
                                L4_Word_t *day)
{
    L4_Word_t date = __L4_KernelDescWord(KernelInterface, 1);
    *year = ((date >> 9) & 0x7F) + 2000;
    *month = (date >> 5) & 0xF;
    *day = date & 0x1F;
}

L4_INLINE L4_Word_t L4_KernelVersion(void *KernelInterface)
{
    return __L4_KernelDescWord(KernelInterface, 2);
}

L4_INLINE L4_Word_t L4_KernelSupplier(void *KernelInterface)
{
    return __L4_KernelDescWord(KernelInterface, 3);
}

L4_INLINE L4_Word_t L4_NumProcessors(void *KernelInterface)
{
    return (L4_Word_t)__L4_Kip(KernelInterface)->ProcessorInfo.X.processors + 1;
}

L4_INLINE L4_Word_t L4_NumMemoryDescriptors(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->MemoryInfo.n;
}

L4_INLINE L4_Word_t L4_PageSizeMask(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->PageInfo.raw & ~0x3FFUL;
}

L4_INLINE L4_Word_t L4_PageRights(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->PageInfo.raw & 0x7;
}

L4_INLINE L4_Word_t L4_ThreadIdBits(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->ThreadInfo.X.t;
}

L4_INLINE L4_Word_t L4_ThreadIdSystemBase(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->ThreadInfo.X.SystemBase;
}

L4_INLINE L4_Word_t L4_ThreadIdUserBase(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->ThreadInfo.X.UserBase;
}

L4_INLINE L4_Word_t L4_ReadPrecision(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->ClockInfo.X.ReadPrecision;
}

L4_INLINE L4_Word_t L4_SchedulePrecision(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->ClockInfo.X.SchedulePrecision;
}

L4_INLINE L4_Word_t L4_UtcbAreaSizeLog2(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->UtcbAreaInfo.X.s;
}

L4_INLINE L4_Word_t L4_UtcbAreaSize(void *KernelInterface)
{
    return 1UL << L4_UtcbAreaSizeLog2(KernelInterface);
}

L4_INLINE L4_Word_t L4_UtcbAlignmentLog2(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->UtcbAreaInfo.X.a;
}

L4_INLINE L4_Word_t L4_UtcbSize(void *KernelInterface)
{
    L4_KernelInterfacePage_t *kip = __L4_Kip(KernelInterface);
    return (L4_Word_t)kip->UtcbAreaInfo.X.m << kip->UtcbAreaInfo.X.a;
}

L4_INLINE L4_Word_t L4_KipAreaSizeLog2(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->KipAreaInfo.X.s;
}

L4_INLINE L4_Word_t L4_KipAreaSize(void *KernelInterface)
{
    return 1UL << L4_KipAreaSizeLog2(KernelInterface);
}

L4_INLINE L4_Word_t L4_BootInfo(void *KernelInterface)
{
    return __L4_Kip(KernelInterface)->BootInfo;
}

/* The version string follows the four words of the kernel descriptor. */
L4_INLINE char *L4_KernelVersionString(void *KernelInterface)
{
    return (char *)KernelInterface + __L4_Kip(KernelInterface)->KernelVerPtr +
           4 * sizeof(L4_Word_t);
}

/* Feature num (from 0): the strings after the version string, ended by an
 * empty string. Null past the end. */
L4_INLINE char *L4_Feature(void *KernelInterface, L4_Word_t num)
{
    char *s = L4_KernelVersionString(KernelInterface);
    for (;;) {
        while (*s != 0)
            s++;
        s++;
        if (*s == 0)
            return (char *)0;
        if (num-- == 0)
            return s;
    }
}

L4_INLINE L4_MemoryDesc_t *L4_MemoryDesc(void *KernelInterface, L4_Word_t num)
{
    L4_KernelInterfacePage_t *kip = __L4_Kip(KernelInterface);
    if (num >= kip->MemoryInfo.n)
        return (L4_MemoryDesc_t *)0;
    return (L4_MemoryDesc_t *)((char *)KernelInterface + kip->MemoryInfo.MemDescPtr) + num;
}

L4_INLINE L4_Bool_t L4_IsMemoryDescVirtual(L4_MemoryDesc_t *m)
{
    return (m->raw[0] >> 9) & 1;
}

/* Types 0xE and 0xF carry a subtype: reported as type + (t << 4). */
L4_INLINE L4_Word_t L4_MemoryDescType(L4_MemoryDesc_t *m)
{
    L4_Word_t type = m->raw[0] & 0xF;
    L4_Word_t sub = (m->raw[0] >> 4) & 0xF;
    return type >= 0xE ? type + (sub << 4) : type;
}

L4_INLINE L4_Word_t L4_MemoryDescLow(L4_MemoryDesc_t *m)
{
    return m->raw[0] & ~0x3FFUL;
}

/* Inclusive end. */
L4_INLINE L4_Word_t L4_MemoryDescHigh(L4_MemoryDesc_t *m)
{
    return (m->raw[1] & ~0x3FFUL) + 0x3FF;
}

L4_INLINE L4_ProcDesc_t *L4_ProcDesc(void *KernelInterface, L4_Word_t cpu)
{
    L4_KernelInterfacePage_t *kip = __L4_Kip(KernelInterface);
    if (cpu > kip->ProcessorInfo.X.processors)
        return (L4_ProcDesc_t *)0;
    return (L4_ProcDesc_t *)((char *)KernelInterface + kip->ProcDescPtr +
                             (cpu << kip->ProcessorInfo.X.s));
}

L4_INLINE L4_Word_t L4_ProcDescExternalFreq(L4_ProcDesc_t *p)
{
    return p->X.ExternalFreq;
}

L4_INLINE L4_Word_t L4_ProcDescInternalFreq(L4_ProcDesc_t *p)
{
    return p->X.InternalFreq;
}

/* ---- C++ overloads ------------------------------------------------------ */

#if defined(__cplusplus)
L4_INLINE void *L4_KernelInterface(void)
{
    return L4_GetKernelInterface();
}

/* An exact name match (Pistachio's version answers true for any name as
 * soon as one feature exists). */
L4_INLINE L4_Bool_t L4_HasFeature(const char *feature_name)
{
    void *kip = L4_GetKernelInterface();
    const char *feature;
    for (L4_Word_t i = 0; (feature = L4_Feature(kip, i)) != nullptr; i++) {
        const char *a = feature;
        const char *b = feature_name;
        while (*a != 0 && *a == *b) {
            a++;
            b++;
        }
        if (*a == 0 && *b == 0)
            return 1;
    }
    return 0;
}

L4_INLINE L4_Bool_t L4_IsVirtual(L4_MemoryDesc_t *m)
{
    return L4_IsMemoryDescVirtual(m);
}

L4_INLINE L4_Word_t L4_Type(L4_MemoryDesc_t *m)
{
    return L4_MemoryDescType(m);
}

L4_INLINE L4_Word_t L4_Low(L4_MemoryDesc_t *m)
{
    return L4_MemoryDescLow(m);
}

L4_INLINE L4_Word_t L4_High(L4_MemoryDesc_t *m)
{
    return L4_MemoryDescHigh(m);
}

L4_INLINE L4_Word_t L4_ExternalFreq(L4_ProcDesc_t *p)
{
    return L4_ProcDescExternalFreq(p);
}

L4_INLINE L4_Word_t L4_InternalFreq(L4_ProcDesc_t *p)
{
    return L4_ProcDescInternalFreq(p);
}
#endif /* __cplusplus */

#endif /* !__L4__KERNEL_IFACE_PAGE_H__ */
