/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/sigma0.h>: asking sigma0 for memory (convenience interface section
 * 12; the protocol is x2-api section 8 and docs/sigma0.md). Every call
 * loads MR0 ... MR3, sets BR0 to accept mappings into the receive window and
 * calls sigma0, so MRs and BR0 are changed afterwards. sigma0 maps the page
 * with full rights at its physical address (send base); with the complete
 * address space as window it appears at that same virtual address.
 */
#ifndef __L4__SIGMA0_H__
#define __L4__SIGMA0_H__

#include <l4/types.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/ipc.h>

/* The request label: -6 in the label's upper bits. */
#define __L4_SIGMA0_REQUEST_LABEL ((L4_Word_t)-6 << 4)
/* Bit 3 of a requested fpage: MR3 holds address bits 63..32 (Pistachio's
 * extension for 32-bit systems; always 0 on 64-bit Walnut). */
#define __L4_SIGMA0_EXTENDED 0x8UL

/* s0 = nilthread means sigma0 itself: (UserBase, 1). */
L4_INLINE L4_ThreadId_t __L4_Sigma0_Id(L4_ThreadId_t s0)
{
    if (L4_IsNilThread(s0))
        return L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
    return s0;
}

/* Returns the fpage sigma0 mapped, or the nil fpage if it refused or the IPC
 * failed. */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage_RcvWindow_High(L4_ThreadId_t s0, L4_Fpage_t f,
                                                      L4_Fpage_t RcvWindow, L4_Word_t high)
{
    L4_MsgTag_t tag = L4_Niltag;
    L4_Fpage_t got;
    L4_Bool_t extended = (f.raw & __L4_SIGMA0_EXTENDED) != 0;
    s0 = __L4_Sigma0_Id(s0);
    L4_Set_Label(&tag, __L4_SIGMA0_REQUEST_LABEL);
    tag.raw |= extended ? 3 : 2;
    L4_LoadMR(0, tag.raw);
    L4_LoadMR(1, f.raw);
    L4_LoadMR(2, 0);  /* memory attribute: the default */
    if (extended)
        L4_LoadMR(3, high);
    L4_Accept(L4_MapGrantItems(RcvWindow));
    tag = L4_Call(s0);
    /* The answer is one map item; its second word is the fpage. */
    if (L4_IpcFailed(tag) || L4_TypedWords(tag) < 2)
        return L4_Nilpage;
    L4_StoreMR((int)L4_UntypedWords(tag) + 2, &got.raw);
    return got;
}

L4_INLINE L4_Fpage_t L4_Sigma0_GetPage_RcvWindow(L4_ThreadId_t s0, L4_Fpage_t f,
                                                 L4_Fpage_t RcvWindow)
{
    return L4_Sigma0_GetPage_RcvWindow_High(s0, f, RcvWindow, 0);
}

/* The page at f's address (size-aligned), 2^s bytes. */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage(L4_ThreadId_t s0, L4_Fpage_t f)
{
    return L4_Sigma0_GetPage_RcvWindow(s0, f, L4_CompleteAddressSpace);
}

/* Any free conventional page of 2^s bytes: an fpage whose base bits are all
 * ones. */
L4_INLINE L4_Fpage_t L4_Sigma0_GetAny(L4_ThreadId_t s0, L4_Word_t s, L4_Fpage_t RcvWindow)
{
    L4_Fpage_t any;
    any.raw = (~0UL << 10) | ((s & 0x3F) << 4);
    return L4_Sigma0_GetPage_RcvWindow(s0, any, RcvWindow);
}

/* Requests, page by page (pagesize bytes, a power of two), all memory of the
 * first physical memory descriptor of the given type (as L4_MemoryDescType
 * reports it) and maps it at address, or 1:1 if address is 0. Returns where
 * the descriptor's first byte is mapped, or 0 if there is no such
 * descriptor, a page was refused, or the caller is sigma0. */
L4_INLINE void *L4_Sigma0_GetSpecial(L4_Word_t type, void *address, L4_Word_t pagesize)
{
    void *kip = L4_GetKernelInterface();
    L4_ThreadId_t s0 = __L4_Sigma0_Id(L4_nilthread);
    L4_Word_t i, n = L4_NumMemoryDescriptors(kip);
    int log2;
    if (L4_IsThreadEqual(L4_Myself(), s0) || pagesize < 1024 || (pagesize & (pagesize - 1)))
        return (void *)0;
    log2 = __L4_Lsb(pagesize);
    for (i = 0; i < n; i++) {
        L4_MemoryDesc_t *m = L4_MemoryDesc(kip, i);
        L4_Word_t low, high, dest, offset;
        if (L4_IsMemoryDescVirtual(m) || L4_MemoryDescType(m) != type)
            continue;
        low = L4_MemoryDescLow(m) & ~(pagesize - 1);
        high = L4_MemoryDescHigh(m);  /* inclusive */
        dest = address ? (L4_Word_t)address : low;
        for (offset = 0; low + offset <= high && low + offset >= low; offset += pagesize) {
            L4_Fpage_t page = L4_FpageAddRights(L4_FpageLog2(low + offset, log2),
                                                L4_ReadWriteOnly);
            if (L4_IsNilFpage(L4_Sigma0_GetPage_RcvWindow(s0, page,
                                                          L4_FpageLog2(dest + offset, log2))))
                return (void *)0;
        }
        return (void *)(dest + (L4_MemoryDescLow(m) - low));
    }
    return (void *)0;
}

#if defined(__cplusplus)
/* With 'high' (Pistachio's extended-address form; bit 3 set, MR3 = high). */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage(L4_ThreadId_t s0, L4_Fpage_t f, L4_Word_t high)
{
    f.raw |= __L4_SIGMA0_EXTENDED;
    return L4_Sigma0_GetPage_RcvWindow_High(s0, f, L4_CompleteAddressSpace, high);
}

L4_INLINE L4_Fpage_t L4_Sigma0_GetPage(L4_ThreadId_t s0, L4_Fpage_t f, L4_Word_t high,
                                       L4_Fpage_t RcvWindow)
{
    f.raw |= __L4_SIGMA0_EXTENDED;
    return L4_Sigma0_GetPage_RcvWindow_High(s0, f, RcvWindow, high);
}

/* The X.2 form with a receive window (Pistachio lacks it). */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage(L4_ThreadId_t s0, L4_Fpage_t f, L4_Fpage_t RcvWindow)
{
    return L4_Sigma0_GetPage_RcvWindow(s0, f, RcvWindow);
}
#endif /* __cplusplus */

#endif /* !__L4__SIGMA0_H__ */
