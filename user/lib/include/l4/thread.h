/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/thread.h>: thread constants and the thread's own TCRs (convenience
 * interface sections 8.1 and 8.2). The operations on other threads (8.3:
 * L4_Start, L4_Stop, L4_PagerOf, L4_GlobalIdOf, ...) need ExchangeRegisters
 * and ThreadControl and come with those system calls.
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

#endif /* !__L4__THREAD_H__ */
