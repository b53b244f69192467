/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/schedule.h>: yielding and the Schedule system call in its common
 * forms (convenience interface section 9). Every function but L4_Yield
 * returns the Schedule result word (L4_SCHEDRESULT_*; 0 = error, see
 * L4_ErrorCode). Pistachio's stride-scheduler extensions L4_Set_Stride and
 * L4_HS_Schedule are not provided: Walnut's kernel has no such scheduler
 * and would read their PrioControl words as plain priorities.
 */
#ifndef __L4__SCHEDULE_H__
#define __L4__SCHEDULE_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>


/* Thread states Schedule reports (x2-api 1.10). */
#define L4_SCHEDRESULT_ERROR         (0)
#define L4_SCHEDRESULT_DEAD          (1)
#define L4_SCHEDRESULT_INACTIVE      (2)
#define L4_SCHEDRESULT_RUNNING       (3)
#define L4_SCHEDRESULT_PENDING_SEND  (4)
#define L4_SCHEDRESULT_SENDING       (5)
#define L4_SCHEDRESULT_WAITING       (6)
#define L4_SCHEDRESULT_RECEIVING     (7)

/* A Schedule control word that changes nothing. */
#define __L4_SCHEDULE_UNCHANGED (~0UL)

L4_INLINE void L4_Yield(void)
{
    L4_ThreadSwitch(L4_nilthread);
}

L4_INLINE L4_Word_t L4_Set_Priority(L4_ThreadId_t tid, L4_Word_t prio)
{
    L4_Word_t old_time;
    return L4_Schedule(tid, __L4_SCHEDULE_UNCHANGED, __L4_SCHEDULE_UNCHANGED, prio & 0xFF,
                       __L4_SCHEDULE_UNCHANGED, &old_time);
}

L4_INLINE L4_Word_t L4_Set_ProcessorNo(L4_ThreadId_t tid, L4_Word_t cpu_no)
{
    L4_Word_t old_time;
    return L4_Schedule(tid, __L4_SCHEDULE_UNCHANGED, cpu_no & 0xFFFF, __L4_SCHEDULE_UNCHANGED,
                       __L4_SCHEDULE_UNCHANGED, &old_time);
}

L4_INLINE L4_Word_t L4_Set_Timeslice(L4_ThreadId_t tid, L4_Time_t timeslice,
                                     L4_Time_t totalquantum)
{
    L4_Word_t old_time;
    return L4_Schedule(tid, ((L4_Word_t)timeslice.raw << 16) | totalquantum.raw,
                       __L4_SCHEDULE_UNCHANGED, __L4_SCHEDULE_UNCHANGED,
                       __L4_SCHEDULE_UNCHANGED, &old_time);
}

/* Reads the time slice and total quantum without changing anything. */
L4_INLINE L4_Word_t L4_Timeslice(L4_ThreadId_t tid, L4_Time_t *timeslice,
                                 L4_Time_t *totalquantum)
{
    L4_Word_t old_time = 0;
    L4_Word_t result = L4_Schedule(tid, __L4_SCHEDULE_UNCHANGED, __L4_SCHEDULE_UNCHANGED,
                                   __L4_SCHEDULE_UNCHANGED, __L4_SCHEDULE_UNCHANGED, &old_time);
    timeslice->raw = (L4_Word16_t)(old_time >> 16);
    totalquantum->raw = (L4_Word16_t)old_time;
    return result;
}

L4_INLINE L4_Word_t L4_Set_PreemptionDelay(L4_ThreadId_t tid, L4_Word_t sensitivePrio,
                                           L4_Word_t maxDelay)
{
    L4_Word_t old_time;
    return L4_Schedule(tid, __L4_SCHEDULE_UNCHANGED, __L4_SCHEDULE_UNCHANGED,
                       __L4_SCHEDULE_UNCHANGED,
                       ((sensitivePrio & 0xFF) << 16) | (maxDelay & 0xFFFF), &old_time);
}

#endif /* !__L4__SCHEDULE_H__ */
