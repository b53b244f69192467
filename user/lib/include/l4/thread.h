/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/thread.h>: thread constants, the thread's own TCRs and the operations
 * on other threads built on ExchangeRegisters and ThreadControl
 * (convenience interface section 8).
 */
#ifndef __L4__THREAD_H__
#define __L4__THREAD_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>
#include <l4/walnut/vregs.h>

/* ---- 8.1 Constants and thread state ------------------------------------- */

#define L4_ERROR_OK                 L4_ErrOk
#define L4_ERROR_NO_PRIVILEGE       L4_ErrNoPrivilege
#define L4_ERROR_INVALID_THREAD     L4_ErrInvalidThread
#define L4_ERROR_INVALID_SPACE      L4_ErrInvalidSpace
#define L4_ERROR_INVALID_SCHEDULER  L4_ErrInvalidScheduler
#define L4_ERROR_INVALID_PARAM      L4_ErrInvalidParam
#define L4_ERROR_UTCB_AREA          L4_ErrUtcbArea
#define L4_ERROR_KIP_AREA           L4_ErrKipArea
#define L4_ERROR_NO_MEM             L4_ErrNoMem

/* ExchangeRegisters control bits of Pistachio's extensions. */
#define L4_EXREGS_CTRLXFER_CONF_FLAG  (1UL << 9)
#define L4_EXREGS_CTRLXFER_READ_FLAG  (1UL << 10)
#define L4_EXREGS_CTRLXFER_WRITE_FLAG (1UL << 11)
#define L4_EXREGS_EXCHANDLER_FLAG     (1UL << 12)
#define L4_EXREGS_SCHEDULER_FLAG      (1UL << 13)

/* ExchangeRegisters' output control word (x2-api 1.10). */
typedef struct L4_ThreadState {
    L4_Word_t raw;
} L4_ThreadState_t;

L4_INLINE L4_Bool_t L4_ThreadWasHalted(L4_ThreadState_t s)
{
    return (s.raw & 0x1) != 0;
}

L4_INLINE L4_Bool_t L4_ThreadWasReceiving(L4_ThreadState_t s)
{
    return (s.raw & 0x2) != 0;
}

L4_INLINE L4_Bool_t L4_ThreadWasSending(L4_ThreadState_t s)
{
    return (s.raw & 0x4) != 0;
}

L4_INLINE L4_Bool_t L4_ThreadWasIpcing(L4_ThreadState_t s)
{
    return (s.raw & 0x6) != 0;
}

/* ---- 8.2 The thread's own TCRs ------------------------------------------ */

L4_INLINE L4_ThreadId_t L4_MyGlobalId(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_TCR_MyGlobalId();
    return t;
}

/* The local id is the address of the thread's MR0. */
L4_INLINE L4_ThreadId_t L4_MyLocalId(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_TCR_MyLocalId();
    return t;
}

L4_INLINE L4_ThreadId_t L4_Myself(void)
{
    return L4_MyGlobalId();
}

L4_INLINE L4_Word_t L4_ProcessorNo(void)
{
    return __L4_TCR_ProcessorNo();
}

L4_INLINE L4_Word_t L4_UserDefinedHandle(void)
{
    return __L4_TCR_UserDefinedHandle();
}

L4_INLINE void L4_Set_UserDefinedHandle(L4_Word_t NewValue)
{
    __L4_TCR_Set_UserDefinedHandle(NewValue);
}

L4_INLINE L4_ThreadId_t L4_Pager(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_TCR_Pager();
    return t;
}

L4_INLINE void L4_Set_Pager(L4_ThreadId_t NewPager)
{
    __L4_TCR_Set_Pager(NewPager.raw);
}

L4_INLINE L4_ThreadId_t L4_ExceptionHandler(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_TCR_ExceptionHandler();
    return t;
}

L4_INLINE void L4_Set_ExceptionHandler(L4_ThreadId_t NewHandler)
{
    __L4_TCR_Set_ExceptionHandler(NewHandler.raw);
}

L4_INLINE L4_Word_t L4_ErrorCode(void)
{
    return __L4_TCR_ErrorCode();
}

L4_INLINE const char *L4_ErrorCode_String(L4_Word_t err)
{
    switch (err) {
    case L4_ERROR_OK: return "l4_error_ok";
    case L4_ERROR_NO_PRIVILEGE: return "l4_error_no_privilege";
    case L4_ERROR_INVALID_THREAD: return "l4_error_invalid_thread";
    case L4_ERROR_INVALID_SPACE: return "l4_error_invalid_space";
    case L4_ERROR_INVALID_SCHEDULER: return "l4_error_invalid_scheduler";
    case L4_ERROR_INVALID_PARAM: return "l4_error_invalid_param";
    case L4_ERROR_UTCB_AREA: return "l4_error_utcb_area";
    case L4_ERROR_KIP_AREA: return "l4_error_kip_area";
    case L4_ERROR_NO_MEM: return "l4_error_no_mem";
    default: return "invalid error code";
    }
}

L4_INLINE L4_Word_t L4_XferTimeouts(void)
{
    return __L4_TCR_XferTimeout();
}

L4_INLINE void L4_Set_XferTimeouts(L4_Word_t NewValue)
{
    __L4_TCR_Set_XferTimeout(NewValue);
}

L4_INLINE L4_ThreadId_t L4_IntendedReceiver(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_TCR_IntendedReceiver();
    return t;
}

L4_INLINE L4_ThreadId_t L4_ActualSender(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_TCR_ActualSender();
    return t;
}

L4_INLINE void L4_Set_VirtualSender(L4_ThreadId_t t)
{
    __L4_TCR_Set_VirtualSender(t.raw);
}

/* Walnut has no 32-bit compatibility threads, so the mask is all ones by
 * definition (whatever the TCR word holds). */
L4_INLINE L4_Word_t L4_WordSizeMask(void)
{
    return ~0UL;
}

L4_INLINE void L4_Reset_WordSizeMask(void)
{
    __L4_TCR_Set_WordSizeMask(~0UL);
}

/* ---- 8.3 Operations on other threads ---------------------------------------
 * All of them are ExchangeRegisters (x2-api 4.2) with a fixed control word,
 * so they work on threads of the caller's own address space only. Walnut's
 * kernel always delivers the previous values, d or not. */

/* ExchangeRegisters control bits (input). */
#define __L4_EXREGS_H  (1UL << 0)   /* halt (with h) */
#define __L4_EXREGS_R  (1UL << 1)   /* cancel a receive phase */
#define __L4_EXREGS_S  (1UL << 2)   /* cancel a send phase */
#define __L4_EXREGS_sp (1UL << 3)   /* set SP */
#define __L4_EXREGS_ip (1UL << 4)   /* set IP */
#define __L4_EXREGS_f  (1UL << 5)   /* set FLAGS */
#define __L4_EXREGS_u  (1UL << 6)   /* set UserDefinedHandle */
#define __L4_EXREGS_p  (1UL << 7)   /* set Pager */
#define __L4_EXREGS_h  (1UL << 8)   /* apply H: halt or resume */
#define __L4_EXREGS_d  (1UL << 9)   /* deliver the previous values */

#define __L4_EXREGS_START (__L4_EXREGS_h | __L4_EXREGS_S | __L4_EXREGS_R)
#define __L4_EXREGS_STOP  (__L4_EXREGS_H | __L4_EXREGS_h | __L4_EXREGS_d)

/* The previous values ExchangeRegisters delivers. */
typedef struct {
    L4_Word_t control, sp, ip, flags, handle;
    L4_ThreadId_t pager;
} __L4_ExregsOld_t;

L4_INLINE L4_ThreadId_t __L4_Exregs(L4_ThreadId_t t, L4_Word_t control, L4_Word_t sp,
                                    L4_Word_t ip, L4_Word_t flags, L4_Word_t handle,
                                    L4_ThreadId_t pager, __L4_ExregsOld_t *old)
{
    return L4_ExchangeRegisters(t, control, sp, ip, flags, handle, pager, &old->control,
                                &old->sp, &old->ip, &old->flags, &old->handle, &old->pager);
}

/* ExchangeRegisters answers a local id with the global one and vice versa. */
L4_INLINE L4_ThreadId_t L4_GlobalIdOf(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    if (L4_IsLocalId(t))
        return __L4_Exregs(t, 0, 0, 0, 0, 0, L4_nilthread, &old);
    return t;
}

/* nilthread if t is not in the caller's address space. */
L4_INLINE L4_ThreadId_t L4_LocalIdOf(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    if (L4_IsGlobalId(t))
        return __L4_Exregs(t, 0, 0, 0, 0, 0, L4_nilthread, &old);
    return t;
}

L4_INLINE L4_Bool_t L4_SameThreads(L4_ThreadId_t l, L4_ThreadId_t r)
{
    return L4_IsThreadEqual(L4_GlobalIdOf(l), L4_GlobalIdOf(r));
}

L4_INLINE L4_Word_t L4_UserDefinedHandleOf(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_d, 0, 0, 0, 0, L4_nilthread, &old);
    return old.handle;
}

L4_INLINE void L4_Set_UserDefinedHandleOf(L4_ThreadId_t t, L4_Word_t handle)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_u, 0, 0, 0, handle, L4_nilthread, &old);
}

L4_INLINE L4_ThreadId_t L4_PagerOf(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_d, 0, 0, 0, 0, L4_nilthread, &old);
    return old.pager;
}

L4_INLINE void L4_Set_PagerOf(L4_ThreadId_t t, L4_ThreadId_t p)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_p, 0, 0, 0, 0, p, &old);
}

/* Resumes t and cancels any IPC it is in (e.g. a new thread's wait for its
 * start message). */
L4_INLINE void L4_Start(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_START, 0, 0, 0, 0, L4_nilthread, &old);
}

L4_INLINE void L4_Start_SpIp(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_START | __L4_EXREGS_sp | __L4_EXREGS_ip, sp, ip, 0, 0,
                L4_nilthread, &old);
}

L4_INLINE void L4_Start_SpIpFlags(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip, L4_Word_t flags)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(t, __L4_EXREGS_START | __L4_EXREGS_sp | __L4_EXREGS_ip | __L4_EXREGS_f, sp, ip,
                flags, 0, L4_nilthread, &old);
}

/* Halts t (a thread inside an IPC halts when the IPC ends), after
 * cancelling the IPC phases named in 'cancel'; returns the state it had. */
L4_INLINE L4_ThreadState_t __L4_Halt(L4_ThreadId_t t, L4_Word_t cancel, __L4_ExregsOld_t *old)
{
    L4_ThreadState_t state;
    __L4_Exregs(t, __L4_EXREGS_STOP | cancel, 0, 0, 0, 0, L4_nilthread, old);
    state.raw = old->control;
    return state;
}

L4_INLINE L4_ThreadState_t __L4_Halt_SpIpFlags(L4_ThreadId_t t, L4_Word_t cancel,
                                               L4_Word_t *sp, L4_Word_t *ip, L4_Word_t *flags)
{
    __L4_ExregsOld_t old;
    L4_ThreadState_t state = __L4_Halt(t, cancel, &old);
    *sp = old.sp;
    *ip = old.ip;
    *flags = old.flags;
    return state;
}

L4_INLINE L4_ThreadState_t L4_Stop(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    return __L4_Halt(t, 0, &old);
}

L4_INLINE L4_ThreadState_t L4_Stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp, L4_Word_t *ip,
                                             L4_Word_t *flags)
{
    return __L4_Halt_SpIpFlags(t, 0, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    return __L4_Halt(t, __L4_EXREGS_R, &old);
}

L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                                              L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_Halt_SpIpFlags(t, __L4_EXREGS_R, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    return __L4_Halt(t, __L4_EXREGS_S, &old);
}

L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                                           L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_Halt_SpIpFlags(t, __L4_EXREGS_S, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop(L4_ThreadId_t t)
{
    __L4_ExregsOld_t old;
    return __L4_Halt(t, __L4_EXREGS_R | __L4_EXREGS_S, &old);
}

L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                                          L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_Halt_SpIpFlags(t, __L4_EXREGS_R | __L4_EXREGS_S, sp, ip, flags);
}

/* Interrupt threads (x2-api 7.4, docs/interrupts.md): the handler is the
 * interrupt thread's pager. Interrupt n is L4_GlobalId(n, 1), n below
 * L4_ThreadIdSystemBase; its messages have label -1, u = t = 0; the
 * handler acknowledges with any IPC to the interrupt thread. */
L4_INLINE L4_Word_t L4_AssociateInterrupt(L4_ThreadId_t InterruptThread,
                                          L4_ThreadId_t HandlerThread)
{
    return L4_ThreadControl(InterruptThread, InterruptThread, L4_nilthread, HandlerThread,
                            (void *)-1);
}

L4_INLINE L4_Word_t L4_DeassociateInterrupt(L4_ThreadId_t InterruptThread)
{
    return L4_ThreadControl(InterruptThread, InterruptThread, L4_nilthread, InterruptThread,
                            (void *)-1);
}

/* Pistachio's control-transfer extension. Walnut's kernel has no
 * control-transfer items: it reads bit 9 as X.2's d and ignores bits 10
 * and 11, so these only return the previous control word. */
L4_INLINE L4_Word_t L4_ConfCtrlXferItems(L4_ThreadId_t dest)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(dest, L4_EXREGS_CTRLXFER_CONF_FLAG, 0, 0, 0, 0, L4_nilthread, &old);
    return old.control;
}

L4_INLINE L4_Word_t L4_ReadCtrlXferItems(L4_ThreadId_t dest)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(dest, L4_EXREGS_CTRLXFER_READ_FLAG, 0, 0, 0, 0, L4_nilthread, &old);
    return old.control;
}

L4_INLINE L4_Word_t L4_WriteCtrlXferItems(L4_ThreadId_t dest)
{
    __L4_ExregsOld_t old;
    __L4_Exregs(dest, L4_EXREGS_CTRLXFER_WRITE_FLAG, 0, 0, 0, 0, L4_nilthread, &old);
    return old.control;
}

#if defined(__cplusplus)
L4_INLINE L4_ThreadId_t L4_GlobalId(L4_ThreadId_t t)
{
    return L4_GlobalIdOf(t);
}

L4_INLINE L4_ThreadId_t L4_LocalId(L4_ThreadId_t t)
{
    return L4_LocalIdOf(t);
}

L4_INLINE L4_Word_t L4_UserDefinedHandle(L4_ThreadId_t t)
{
    return L4_UserDefinedHandleOf(t);
}

L4_INLINE void L4_Set_UserDefinedHandle(L4_ThreadId_t t, L4_Word_t handle)
{
    L4_Set_UserDefinedHandleOf(t, handle);
}

L4_INLINE L4_ThreadId_t L4_Pager(L4_ThreadId_t t)
{
    return L4_PagerOf(t);
}

L4_INLINE void L4_Set_Pager(L4_ThreadId_t t, L4_ThreadId_t p)
{
    L4_Set_PagerOf(t, p);
}

L4_INLINE void L4_Start(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip)
{
    L4_Start_SpIp(t, sp, ip);
}

L4_INLINE void L4_Start(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip, L4_Word_t flags)
{
    L4_Start_SpIpFlags(t, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_Stop(L4_ThreadId_t t, L4_Word_t *sp, L4_Word_t *ip,
                                   L4_Word_t *flags)
{
    return L4_Stop_SpIpFlags(t, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop(L4_ThreadId_t t, L4_Word_t *sp,
                                                    L4_Word_t *ip, L4_Word_t *flags)
{
    return L4_AbortReceive_and_stop_SpIpFlags(t, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop(L4_ThreadId_t t, L4_Word_t *sp,
                                                 L4_Word_t *ip, L4_Word_t *flags)
{
    return L4_AbortSend_and_stop_SpIpFlags(t, sp, ip, flags);
}

/* Pistachio's spelling of the overload above. */
L4_INLINE L4_ThreadState_t l4_abort_send_and_stop(L4_ThreadId_t t, L4_Word_t *sp,
                                                  L4_Word_t *ip, L4_Word_t *flags)
{
    return L4_AbortSend_and_stop_SpIpFlags(t, sp, ip, flags);
}

L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop(L4_ThreadId_t t, L4_Word_t *sp, L4_Word_t *ip,
                                                L4_Word_t *flags)
{
    return L4_AbortIpc_and_stop_SpIpFlags(t, sp, ip, flags);
}
#endif /* __cplusplus */

#endif /* !__L4__THREAD_H__ */
