/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/syscalls.h>: the twelve X.2 system calls on riscv64
 * (docs/abi-riscv64.md). A call is `ecall` with the number (WALNUT_SYS_*)
 * in t0; argument words go in a0..a6 and results come back in the same
 * registers. Every call but Ipc/Lipc preserves every register that is not
 * an output (t0 included), so those asm statements list exactly the
 * outputs; Ipc and Lipc preserve only sp, s0, ra, gp and tp besides their
 * outputs (docs/fastpath.md) and declare everything else clobbered.
 * "memory" because the kernel reads and writes the UTCB and, through
 * mappings, any memory.
 */
#ifndef __L4__RISCV64__SYSCALLS_H__
#define __L4__RISCV64__SYSCALLS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>
/* L4_MsgTag_t and the UTCB (MR) accessors, which L4_Ipc needs; message.h
 * itself does not include the system calls, so the order is safe. */
#include <l4/message.h>
#include <l4/walnut/vregs.h>

/* KernelInterface: a0 = KIP address, a1 = API version, a2 = API flags,
 * a3 = kernel id. */
L4_INLINE void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                   L4_Word_t *KernelId)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_KERNEL_INTERFACE;
    register L4_Word_t a0 __asm__("a0");
    register L4_Word_t a1 __asm__("a1");
    register L4_Word_t a2 __asm__("a2");
    register L4_Word_t a3 __asm__("a3");
    __asm__ __volatile__("ecall"
                         : "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3)
                         : "r"(t0)
                         : "memory");
    *ApiVersion = a1;
    *ApiFlags = a2;
    *KernelId = a3;
    return (void *)a0;
}

/* ExchangeRegisters: a0 dest, a1 control, a2 sp, a3 ip, a4 flags,
 * a5 UserDefinedHandle, a6 pager -> a0 result id, a1..a6 the old values. */
L4_INLINE L4_ThreadId_t L4_ExchangeRegisters(L4_ThreadId_t dest, L4_Word_t control,
                                             L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
                                             L4_Word_t UserDefHandle, L4_ThreadId_t pager,
                                             L4_Word_t *old_control, L4_Word_t *old_sp,
                                             L4_Word_t *old_ip, L4_Word_t *old_flags,
                                             L4_Word_t *old_UserDefhandle,
                                             L4_ThreadId_t *old_pager)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_EXCHANGE_REGISTERS;
    register L4_Word_t a0 __asm__("a0") = dest.raw;
    register L4_Word_t a1 __asm__("a1") = control;
    register L4_Word_t a2 __asm__("a2") = sp;
    register L4_Word_t a3 __asm__("a3") = ip;
    register L4_Word_t a4 __asm__("a4") = flags;
    register L4_Word_t a5 __asm__("a5") = UserDefHandle;
    register L4_Word_t a6 __asm__("a6") = pager.raw;
    L4_ThreadId_t result;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5),
                           "+r"(a6)
                         : "r"(t0)
                         : "memory");
    *old_control = a1;
    *old_sp = a2;
    *old_ip = a3;
    *old_flags = a4;
    *old_UserDefhandle = a5;
    old_pager->raw = a6;
    result.raw = a0;
    return result;
}

/* ThreadControl: a0 dest, a1 SpaceSpecifier, a2 Scheduler, a3 Pager,
 * a4 UtcbLocation -> a0 result (1/0). */
L4_INLINE L4_Word_t L4_ThreadControl(L4_ThreadId_t dest, L4_ThreadId_t SpaceSpecifier,
                                     L4_ThreadId_t Scheduler, L4_ThreadId_t Pager,
                                     void *UtcbLocation)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_THREAD_CONTROL;
    register L4_Word_t a0 __asm__("a0") = dest.raw;
    register L4_Word_t a1 __asm__("a1") = SpaceSpecifier.raw;
    register L4_Word_t a2 __asm__("a2") = Scheduler.raw;
    register L4_Word_t a3 __asm__("a3") = Pager.raw;
    register L4_Word_t a4 __asm__("a4") = (L4_Word_t)UtcbLocation;
    __asm__ __volatile__("ecall"
                         : "+r"(a0)
                         : "r"(t0), "r"(a1), "r"(a2), "r"(a3), "r"(a4)
                         : "memory");
    return a0;
}

/* SystemClock: a0 = microseconds. */
L4_INLINE L4_Clock_t L4_SystemClock(void)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_SYSTEM_CLOCK;
    register L4_Word_t a0 __asm__("a0");
    L4_Clock_t c;
    __asm__ __volatile__("ecall" : "=r"(a0) : "r"(t0) : "memory");
    c.raw = a0;
    return c;
}

/* ThreadSwitch: a0 = destination (nilthread: give up the time slice). */
L4_INLINE void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_THREAD_SWITCH;
    register L4_Word_t a0 __asm__("a0") = dest.raw;
    __asm__ __volatile__("ecall" : : "r"(t0), "r"(a0) : "memory");
}

/* Schedule: a0 dest, a1 TimeControl, a2 ProcessorControl, a3 PrioControl,
 * a4 PreemptionControl -> a0 result, a1 old TimeControl. */
L4_INLINE L4_Word_t L4_Schedule(L4_ThreadId_t dest, L4_Word_t TimeControl,
                                L4_Word_t ProcessorControl, L4_Word_t PrioControl,
                                L4_Word_t PreemptionControl, L4_Word_t *old_TimeControl)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_SCHEDULE;
    register L4_Word_t a0 __asm__("a0") = dest.raw;
    register L4_Word_t a1 __asm__("a1") = TimeControl;
    register L4_Word_t a2 __asm__("a2") = ProcessorControl;
    register L4_Word_t a3 __asm__("a3") = PrioControl;
    register L4_Word_t a4 __asm__("a4") = PreemptionControl;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "+r"(a1)
                         : "r"(t0), "r"(a2), "r"(a3), "r"(a4)
                         : "memory");
    *old_TimeControl = a1;
    return a0;
}

/* Ipc (t0 = 6) and Lipc (t0 = 7): a0 to, a1 FromSpecifier, a2 Timeouts,
 * MR0..MR7 in a3, a4, a5, a6, a7, t1, t2, t3 -> a0 from, MR0..MR7 in the
 * same registers. MR8 and up stay in the UTCB. The wrapper moves MR0..MR7
 * between the UTCB and the registers, so the MR accessors see the message
 * before and after the call as if everything lived in the UTCB. The
 * kernel keeps only sp, s0, ra, gp and tp: t0, a1, a2, t4..t6 and s1..s11
 * come back undefined (docs/fastpath.md), so they are in-out operands or
 * clobbers and the compiler keeps nothing live in them. */
L4_INLINE L4_MsgTag_t __L4_Riscv64_Ipc(L4_Word_t number, L4_ThreadId_t to,
                               L4_ThreadId_t FromSpecifier, L4_Word_t Timeouts,
                               L4_ThreadId_t *from)
{
    L4_Word_t *mr = __L4_Utcb();
    register L4_Word_t t0 __asm__("t0") = number;
    register L4_Word_t a0 __asm__("a0") = to.raw;
    register L4_Word_t a1 __asm__("a1") = FromSpecifier.raw;
    register L4_Word_t a2 __asm__("a2") = Timeouts;
    register L4_Word_t m0 __asm__("a3") = mr[0];
    register L4_Word_t m1 __asm__("a4") = mr[1];
    register L4_Word_t m2 __asm__("a5") = mr[2];
    register L4_Word_t m3 __asm__("a6") = mr[3];
    register L4_Word_t m4 __asm__("a7") = mr[4];
    register L4_Word_t m5 __asm__("t1") = mr[5];
    register L4_Word_t m6 __asm__("t2") = mr[6];
    register L4_Word_t m7 __asm__("t3") = mr[7];
    L4_MsgTag_t tag;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "+r"(m0), "+r"(m1), "+r"(m2), "+r"(m3), "+r"(m4),
                           "+r"(m5), "+r"(m6), "+r"(m7), "+r"(t0), "+r"(a1), "+r"(a2)
                         :
                         : "t4", "t5", "t6", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                           "s8", "s9", "s10", "s11", "memory");
    mr[0] = m0;
    mr[1] = m1;
    mr[2] = m2;
    mr[3] = m3;
    mr[4] = m4;
    mr[5] = m5;
    mr[6] = m6;
    mr[7] = m7;
    if (!L4_IsNilThread(FromSpecifier))
        from->raw = a0;
    tag.raw = m0;
    return tag;
}

L4_INLINE L4_MsgTag_t L4_Ipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                             L4_Word_t Timeouts, L4_ThreadId_t *from)
{
    return __L4_Riscv64_Ipc(WALNUT_SYS_IPC, to, FromSpecifier, Timeouts, from);
}

L4_INLINE L4_MsgTag_t L4_Lipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                              L4_Word_t Timeouts, L4_ThreadId_t *from)
{
    return __L4_Riscv64_Ipc(WALNUT_SYS_LIPC, to, FromSpecifier, Timeouts, from);
}

/* Unmap: a0 control; the fpages are MR0..MRk in the UTCB (where the MR
 * accessors put them) and the kernel writes the results back there. */
L4_INLINE void L4_Unmap(L4_Word_t control)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_UNMAP;
    register L4_Word_t a0 __asm__("a0") = control;
    __asm__ __volatile__("ecall" : : "r"(t0), "r"(a0) : "memory");
}

/* SpaceControl: a0 SpaceSpecifier, a1 control, a2 KipArea, a3 UtcbArea,
 * a4 Redirector -> a0 result (1/0), a1 old control. */
L4_INLINE L4_Word_t L4_SpaceControl(L4_ThreadId_t SpaceSpecifier, L4_Word_t control,
                                    L4_Fpage_t KernelInterfacePageArea, L4_Fpage_t UtcbArea,
                                    L4_ThreadId_t redirector, L4_Word_t *old_control)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_SPACE_CONTROL;
    register L4_Word_t a0 __asm__("a0") = SpaceSpecifier.raw;
    register L4_Word_t a1 __asm__("a1") = control;
    register L4_Word_t a2 __asm__("a2") = KernelInterfacePageArea.raw;
    register L4_Word_t a3 __asm__("a3") = UtcbArea.raw;
    register L4_Word_t a4 __asm__("a4") = redirector.raw;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "+r"(a1)
                         : "r"(t0), "r"(a2), "r"(a3), "r"(a4)
                         : "memory");
    *old_control = a1;
    return a0;
}

/* ProcessorControl: a0 processor, a1 internal kHz, a2 external kHz,
 * a3 voltage -> a0 result (1/0). */
L4_INLINE L4_Word_t L4_ProcessorControl(L4_Word_t ProcessorNo, L4_Word_t InternalFrequency,
                                        L4_Word_t ExternalFrequency, L4_Word_t voltage)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_PROCESSOR_CONTROL;
    register L4_Word_t a0 __asm__("a0") = ProcessorNo;
    register L4_Word_t a1 __asm__("a1") = InternalFrequency;
    register L4_Word_t a2 __asm__("a2") = ExternalFrequency;
    register L4_Word_t a3 __asm__("a3") = voltage;
    __asm__ __volatile__("ecall"
                         : "+r"(a0)
                         : "r"(t0), "r"(a1), "r"(a2), "r"(a3)
                         : "memory");
    return a0;
}

/* MemoryControl: a0 control, a1..a4 attributes[0..3] (the fpages are
 * MR0..MRk in the UTCB) -> a0 result (1/0). */
L4_INLINE L4_Word_t L4_MemoryControl(L4_Word_t control, const L4_Word_t *attributes)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_MEMORY_CONTROL;
    register L4_Word_t a0 __asm__("a0") = control;
    register L4_Word_t a1 __asm__("a1") = attributes[0];
    register L4_Word_t a2 __asm__("a2") = attributes[1];
    register L4_Word_t a3 __asm__("a3") = attributes[2];
    register L4_Word_t a4 __asm__("a4") = attributes[3];
    __asm__ __volatile__("ecall"
                         : "+r"(a0)
                         : "r"(t0), "r"(a1), "r"(a2), "r"(a3), "r"(a4)
                         : "memory");
    return a0;
}

#endif /* !__L4__RISCV64__SYSCALLS_H__ */
