/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual-register access (convenience interface section 4) for every
 * architecture: message registers, buffer registers and thread control
 * registers live in the UTCB at the word offsets of <l4/walnut/abi.h>,
 * relative to MyLocalId, which the arch header's __L4_Utcb() returns.
 * MRs are volatile across every system call (x2-api 2.1).
 */
#ifndef __L4__WALNUT__VREGS_H__
#define __L4__WALNUT__VREGS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/vregs.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/vregs.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/vregs.h>
#endif

/* Word indices of the TCRs relative to MyLocalId (Pistachio's names). */
#define __L4_TCR_MY_GLOBAL_ID          WALNUT_TCR_MY_GLOBAL_ID
#define __L4_TCR_PROCESSOR_NO          WALNUT_TCR_PROCESSOR_NO
#define __L4_TCR_USER_DEFINED_HANDLE   WALNUT_TCR_USER_DEFINED_HANDLE
#define __L4_TCR_PAGER                 WALNUT_TCR_PAGER
#define __L4_TCR_EXCEPTION_HANDLER     WALNUT_TCR_EXCEPTION_HANDLER
#define __L4_TCR_PREEMPT_FLAGS         WALNUT_TCR_PREEMPT_COP_FLAGS
#define __L4_TCR_COP_FLAGS             WALNUT_TCR_PREEMPT_COP_FLAGS
#define __L4_TCR_ERROR_CODE            WALNUT_TCR_ERROR_CODE
#define __L4_TCR_XFER_TIMEOUT          WALNUT_TCR_XFER_TIMEOUT
#define __L4_TCR_INTENDED_RECEIVER     WALNUT_TCR_INTENDED_RECEIVER
#define __L4_TCR_VIRTUAL_ACTUAL_SENDER WALNUT_TCR_VIRTUAL_SENDER
#define __L4_TCR_THREAD_WORD_1         WALNUT_TCR_THREAD_WORD_1
#define __L4_TCR_THREAD_WORD_0         WALNUT_TCR_THREAD_WORD_0
#define __L4_TCR_WORD_SIZE_MASK        WALNUT_TCR_WORD_SIZE_MASK

/* Bits of the PreemptFlags/CopFlags word: PreemptFlags in bits 7..0,
 * coprocessor n in bit 8 + n (amd64 binding section 6). */
#define __L4_PREEMPT_FLAG_S   (1UL << 5)  /* signal a preemption fault */
#define __L4_PREEMPT_FLAG_D   (1UL << 6)  /* delayed preemption wanted */
#define __L4_PREEMPT_FLAG_I   (1UL << 7)  /* kernel: preemption pending */
#define __L4_COP_FLAG_SHIFT   8

/* Name used by Pistachio's generic headers on x86. */
#define __L4_X86_Utcb() __L4_Utcb()

L4_INLINE L4_Word_t *__L4_Tcr(int index)
{
    return __L4_Utcb() + index;
}

/* ---- Thread control registers ------------------------------------------- */

L4_INLINE L4_Word_t __L4_TCR_MyGlobalId(void)
{
    return *__L4_Tcr(__L4_TCR_MY_GLOBAL_ID);
}

L4_INLINE L4_Word_t __L4_TCR_MyLocalId(void)
{
    return (L4_Word_t)__L4_Utcb();
}

L4_INLINE L4_Word_t __L4_TCR_ProcessorNo(void)
{
    return *__L4_Tcr(__L4_TCR_PROCESSOR_NO);
}

L4_INLINE L4_Word_t __L4_TCR_UserDefinedHandle(void)
{
    return *__L4_Tcr(__L4_TCR_USER_DEFINED_HANDLE);
}

L4_INLINE void __L4_TCR_Set_UserDefinedHandle(L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_USER_DEFINED_HANDLE) = w;
}

L4_INLINE L4_Word_t __L4_TCR_Pager(void)
{
    return *__L4_Tcr(__L4_TCR_PAGER);
}

L4_INLINE void __L4_TCR_Set_Pager(L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_PAGER) = w;
}

L4_INLINE L4_Word_t __L4_TCR_ExceptionHandler(void)
{
    return *__L4_Tcr(__L4_TCR_EXCEPTION_HANDLER);
}

L4_INLINE void __L4_TCR_Set_ExceptionHandler(L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_EXCEPTION_HANDLER) = w;
}

L4_INLINE L4_Word_t __L4_TCR_ErrorCode(void)
{
    return *__L4_Tcr(__L4_TCR_ERROR_CODE);
}

L4_INLINE L4_Word_t __L4_TCR_XferTimeout(void)
{
    return *__L4_Tcr(__L4_TCR_XFER_TIMEOUT);
}

L4_INLINE void __L4_TCR_Set_XferTimeout(L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_XFER_TIMEOUT) = w;
}

L4_INLINE L4_Word_t __L4_TCR_IntendedReceiver(void)
{
    return *__L4_Tcr(__L4_TCR_INTENDED_RECEIVER);
}

L4_INLINE L4_Word_t __L4_TCR_ActualSender(void)
{
    return *__L4_Tcr(__L4_TCR_VIRTUAL_ACTUAL_SENDER);
}

L4_INLINE void __L4_TCR_Set_VirtualSender(L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_VIRTUAL_ACTUAL_SENDER) = w;
}

L4_INLINE L4_Word_t __L4_TCR_WordSizeMask(void)
{
    return *__L4_Tcr(__L4_TCR_WORD_SIZE_MASK);
}

L4_INLINE void __L4_TCR_Set_WordSizeMask(L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_WORD_SIZE_MASK) = w;
}

/* n = 0 or 1 */
L4_INLINE L4_Word_t __L4_TCR_ThreadWord(L4_Word_t n)
{
    return *__L4_Tcr(__L4_TCR_THREAD_WORD_0 - (int)n);
}

L4_INLINE void __L4_TCR_Set_ThreadWord(L4_Word_t n, L4_Word_t w)
{
    *__L4_Tcr(__L4_TCR_THREAD_WORD_0 - (int)n) = w;
}

/* ---- Message registers: MR i at word i ---------------------------------- */

L4_INLINE void L4_StoreMR(int i, L4_Word_t *w)
{
    *w = __L4_Utcb()[i];
}

L4_INLINE void L4_LoadMR(int i, L4_Word_t w)
{
    __L4_Utcb()[i] = w;
}

L4_INLINE void L4_StoreMRs(int i, int k, L4_Word_t *w)
{
    const L4_Word_t *mr = __L4_Utcb() + i;
    while (k-- > 0)
        *w++ = *mr++;
}

L4_INLINE void L4_LoadMRs(int i, int k, L4_Word_t *w)
{
    L4_Word_t *mr = __L4_Utcb() + i;
    while (k-- > 0)
        *mr++ = *w++;
}

/* ---- Buffer registers: BR i at word -16 - i (descending addresses) ------ */

L4_INLINE void L4_StoreBR(int i, L4_Word_t *w)
{
    *w = *__L4_Tcr(WALNUT_TCR_BR0 - i);
}

L4_INLINE void L4_LoadBR(int i, L4_Word_t w)
{
    *__L4_Tcr(WALNUT_TCR_BR0 - i) = w;
}

L4_INLINE void L4_StoreBRs(int i, int k, L4_Word_t *w)
{
    const L4_Word_t *br = __L4_Tcr(WALNUT_TCR_BR0 - i);
    while (k-- > 0)
        *w++ = *br--;
}

L4_INLINE void L4_LoadBRs(int i, int k, const L4_Word_t *w)
{
    L4_Word_t *br = __L4_Tcr(WALNUT_TCR_BR0 - i);
    while (k-- > 0)
        *br-- = *w++;
}

/* ---- Coprocessor and preemption flags ------------------------------------
 * The kernel sets PreemptFlags.I behind the thread's back, so every change
 * is an atomic read-modify-write of the whole word. */

L4_INLINE void L4_Set_CopFlag(L4_Word_t n)
{
    __atomic_fetch_or(__L4_Tcr(__L4_TCR_COP_FLAGS), 1UL << (__L4_COP_FLAG_SHIFT + n),
                      __ATOMIC_RELAXED);
}

L4_INLINE void L4_Clr_CopFlag(L4_Word_t n)
{
    __atomic_fetch_and(__L4_Tcr(__L4_TCR_COP_FLAGS), ~(1UL << (__L4_COP_FLAG_SHIFT + n)),
                       __ATOMIC_RELAXED);
}

L4_INLINE L4_Bool_t __L4_Set_PreemptFlag(L4_Word_t flag)
{
    return (__atomic_fetch_or(__L4_Tcr(__L4_TCR_PREEMPT_FLAGS), flag, __ATOMIC_RELAXED) &
            flag) != 0;
}

L4_INLINE L4_Bool_t __L4_Clr_PreemptFlag(L4_Word_t flag)
{
    return (__atomic_fetch_and(__L4_Tcr(__L4_TCR_PREEMPT_FLAGS), ~flag, __ATOMIC_RELAXED) &
            flag) != 0;
}

L4_INLINE L4_Bool_t L4_EnablePreemptionFaultException(void)
{
    return __L4_Set_PreemptFlag(__L4_PREEMPT_FLAG_S);
}

L4_INLINE L4_Bool_t L4_DisablePreemptionFaultException(void)
{
    return __L4_Clr_PreemptFlag(__L4_PREEMPT_FLAG_S);
}

L4_INLINE L4_Bool_t L4_EnablePreemption(void)
{
    return __L4_Set_PreemptFlag(__L4_PREEMPT_FLAG_D);
}

L4_INLINE L4_Bool_t L4_DisablePreemption(void)
{
    return __L4_Clr_PreemptFlag(__L4_PREEMPT_FLAG_D);
}

/* Returns whether a preemption was delayed, and clears the indication. */
L4_INLINE L4_Bool_t L4_PreemptionPending(void)
{
    return __L4_Clr_PreemptFlag(__L4_PREEMPT_FLAG_I);
}

#endif /* !__L4__WALNUT__VREGS_H__ */
