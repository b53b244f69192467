/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/syscalls.h>: the twelve X.2 system calls on aarch64
 * (docs/abi-aarch64.md). A call is an inline `svc #n` with the number
 * (WALNUT_SYS_*) as the immediate; argument words go in x0..x6 and results
 * come back in the same registers. The kernel preserves every register that
 * is not an output, so the asm statements list exactly the outputs; "memory"
 * because the kernel reads and writes the UTCB and, through mappings, any
 * memory. The same calls are reachable through the KIP's links (stubs
 * `svc #n; ret`), with the same registers.
 */
#ifndef __L4__AARCH64__SYSCALLS_H__
#define __L4__AARCH64__SYSCALLS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>
/* L4_MsgTag_t and the UTCB (MR) accessors, which L4_Ipc needs; message.h
 * itself does not include the system calls, so the order is safe. */
#include <l4/message.h>
#include <l4/walnut/vregs.h>

#define __L4_AARCH64_SVC(n) "svc #" __L4_AARCH64_STR(n)
#define __L4_AARCH64_STR(n) __L4_AARCH64_STR2(n)
#define __L4_AARCH64_STR2(n) #n

/* KernelInterface: x0 = KIP address, x1 = API version, x2 = API flags,
 * x3 = kernel id. */
L4_INLINE void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                   L4_Word_t *KernelId)
{
    register L4_Word_t x0 __asm__("x0");
    register L4_Word_t x1 __asm__("x1");
    register L4_Word_t x2 __asm__("x2");
    register L4_Word_t x3 __asm__("x3");
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_KERNEL_INTERFACE)
                         : "=r"(x0), "=r"(x1), "=r"(x2), "=r"(x3)
                         :
                         : "memory");
    *ApiVersion = x1;
    *ApiFlags = x2;
    *KernelId = x3;
    return (void *)x0;
}

/* ExchangeRegisters: x0 dest, x1 control, x2 sp, x3 ip, x4 flags,
 * x5 UserDefinedHandle, x6 pager -> x0 result id, x1..x6 the old values. */
L4_INLINE L4_ThreadId_t L4_ExchangeRegisters(L4_ThreadId_t dest, L4_Word_t control,
                                             L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
                                             L4_Word_t UserDefHandle, L4_ThreadId_t pager,
                                             L4_Word_t *old_control, L4_Word_t *old_sp,
                                             L4_Word_t *old_ip, L4_Word_t *old_flags,
                                             L4_Word_t *old_UserDefhandle,
                                             L4_ThreadId_t *old_pager)
{
    register L4_Word_t x0 __asm__("x0") = dest.raw;
    register L4_Word_t x1 __asm__("x1") = control;
    register L4_Word_t x2 __asm__("x2") = sp;
    register L4_Word_t x3 __asm__("x3") = ip;
    register L4_Word_t x4 __asm__("x4") = flags;
    register L4_Word_t x5 __asm__("x5") = UserDefHandle;
    register L4_Word_t x6 __asm__("x6") = pager.raw;
    L4_ThreadId_t result;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_EXCHANGE_REGISTERS)
                         : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5),
                           "+r"(x6)
                         :
                         : "memory");
    *old_control = x1;
    *old_sp = x2;
    *old_ip = x3;
    *old_flags = x4;
    *old_UserDefhandle = x5;
    old_pager->raw = x6;
    result.raw = x0;
    return result;
}

/* ThreadControl: x0 dest, x1 SpaceSpecifier, x2 Scheduler, x3 Pager,
 * x4 UtcbLocation -> x0 result (1/0). */
L4_INLINE L4_Word_t L4_ThreadControl(L4_ThreadId_t dest, L4_ThreadId_t SpaceSpecifier,
                                     L4_ThreadId_t Scheduler, L4_ThreadId_t Pager,
                                     void *UtcbLocation)
{
    register L4_Word_t x0 __asm__("x0") = dest.raw;
    register L4_Word_t x1 __asm__("x1") = SpaceSpecifier.raw;
    register L4_Word_t x2 __asm__("x2") = Scheduler.raw;
    register L4_Word_t x3 __asm__("x3") = Pager.raw;
    register L4_Word_t x4 __asm__("x4") = (L4_Word_t)UtcbLocation;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_THREAD_CONTROL)
                         : "+r"(x0)
                         : "r"(x1), "r"(x2), "r"(x3), "r"(x4)
                         : "memory");
    return x0;
}

/* SystemClock: x0 = microseconds. */
L4_INLINE L4_Clock_t L4_SystemClock(void)
{
    register L4_Word_t x0 __asm__("x0");
    L4_Clock_t c;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_SYSTEM_CLOCK)
                         : "=r"(x0)
                         :
                         : "memory");
    c.raw = x0;
    return c;
}

/* ThreadSwitch: x0 = destination (nilthread: give up the time slice);
 * no outputs. */
L4_INLINE void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    register L4_Word_t x0 __asm__("x0") = dest.raw;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_THREAD_SWITCH)
                         :
                         : "r"(x0)
                         : "memory");
}

/* Schedule: x0 dest, x1 TimeControl, x2 ProcessorControl, x3 PrioControl,
 * x4 PreemptionControl -> x0 result, x1 old TimeControl. */
L4_INLINE L4_Word_t L4_Schedule(L4_ThreadId_t dest, L4_Word_t TimeControl,
                                L4_Word_t ProcessorControl, L4_Word_t PrioControl,
                                L4_Word_t PreemptionControl, L4_Word_t *old_TimeControl)
{
    register L4_Word_t x0 __asm__("x0") = dest.raw;
    register L4_Word_t x1 __asm__("x1") = TimeControl;
    register L4_Word_t x2 __asm__("x2") = ProcessorControl;
    register L4_Word_t x3 __asm__("x3") = PrioControl;
    register L4_Word_t x4 __asm__("x4") = PreemptionControl;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_SCHEDULE)
                         : "+r"(x0), "+r"(x1)
                         : "r"(x2), "r"(x3), "r"(x4)
                         : "memory");
    *old_TimeControl = x1;
    return x0;
}

/* Ipc (svc #6) and Lipc (svc #7): x0 to, x1 FromSpecifier, x2 Timeouts,
 * MR0..MR7 in x3..x10 -> x0 from, MR0..MR7 in x3..x10. MR8 and up stay in
 * the UTCB. The wrapper moves MR0..MR7 between the UTCB and the registers,
 * so the MR accessors see the message before and after the call as if
 * everything lived in the UTCB. The SVC immediate must be a constant: one
 * asm statement per call; 'local' is constant after inlining.
 * Ipc and Lipc keep only sp, x29, x30, TPIDR_EL0 and TPIDRRO_EL0 besides
 * their outputs (docs/fastpath.md): x1, x2 and x11..x28 come back
 * undefined (the thread's own earlier values or zero), so they are
 * clobbered here and the compiler keeps nothing live in them. */
#define __L4_AARCH64_IPC_CLOBBERS                                                         \
    "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22",   \
        "x23", "x24", "x25", "x26", "x27", "x28", "cc", "memory"

L4_INLINE L4_MsgTag_t __L4_Aarch64_Ipc(int local, L4_ThreadId_t to,
                                       L4_ThreadId_t FromSpecifier, L4_Word_t Timeouts,
                                       L4_ThreadId_t *from)
{
    L4_Word_t *mr = __L4_Utcb();
    register L4_Word_t x0 __asm__("x0") = to.raw;
    register L4_Word_t x1 __asm__("x1") = FromSpecifier.raw;
    register L4_Word_t x2 __asm__("x2") = Timeouts;
    register L4_Word_t m0 __asm__("x3") = mr[0];
    register L4_Word_t m1 __asm__("x4") = mr[1];
    register L4_Word_t m2 __asm__("x5") = mr[2];
    register L4_Word_t m3 __asm__("x6") = mr[3];
    register L4_Word_t m4 __asm__("x7") = mr[4];
    register L4_Word_t m5 __asm__("x8") = mr[5];
    register L4_Word_t m6 __asm__("x9") = mr[6];
    register L4_Word_t m7 __asm__("x10") = mr[7];
    L4_MsgTag_t tag;
    if (local)
        __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_LIPC)
                             : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(m0), "+r"(m1), "+r"(m2),
                               "+r"(m3), "+r"(m4), "+r"(m5), "+r"(m6), "+r"(m7)
                             :
                             : __L4_AARCH64_IPC_CLOBBERS);
    else
        __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_IPC)
                             : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(m0), "+r"(m1), "+r"(m2),
                               "+r"(m3), "+r"(m4), "+r"(m5), "+r"(m6), "+r"(m7)
                             :
                             : __L4_AARCH64_IPC_CLOBBERS);
    /* Plain copies first: a call (L4_IsNilThread at -O0) may use x0. */
    L4_Word_t from_raw = x0;
    mr[0] = m0;
    mr[1] = m1;
    mr[2] = m2;
    mr[3] = m3;
    mr[4] = m4;
    mr[5] = m5;
    mr[6] = m6;
    mr[7] = m7;
    if (!L4_IsNilThread(FromSpecifier))
        from->raw = from_raw;
    tag.raw = mr[0];
    return tag;
}

L4_INLINE L4_MsgTag_t L4_Ipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                             L4_Word_t Timeouts, L4_ThreadId_t *from)
{
    return __L4_Aarch64_Ipc(0, to, FromSpecifier, Timeouts, from);
}

L4_INLINE L4_MsgTag_t L4_Lipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                              L4_Word_t Timeouts, L4_ThreadId_t *from)
{
    return __L4_Aarch64_Ipc(1, to, FromSpecifier, Timeouts, from);
}

/* Unmap: x0 control; the fpages are MR0..MRk in the UTCB (where the MR
 * accessors put them) and the kernel writes the results back there. */
L4_INLINE void L4_Unmap(L4_Word_t control)
{
    register L4_Word_t x0 __asm__("x0") = control;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_UNMAP)
                         :
                         : "r"(x0)
                         : "memory");
}

/* SpaceControl: x0 SpaceSpecifier, x1 control, x2 KipArea, x3 UtcbArea,
 * x4 Redirector -> x0 result (1/0), x1 old control. */
L4_INLINE L4_Word_t L4_SpaceControl(L4_ThreadId_t SpaceSpecifier, L4_Word_t control,
                                    L4_Fpage_t KernelInterfacePageArea, L4_Fpage_t UtcbArea,
                                    L4_ThreadId_t redirector, L4_Word_t *old_control)
{
    register L4_Word_t x0 __asm__("x0") = SpaceSpecifier.raw;
    register L4_Word_t x1 __asm__("x1") = control;
    register L4_Word_t x2 __asm__("x2") = KernelInterfacePageArea.raw;
    register L4_Word_t x3 __asm__("x3") = UtcbArea.raw;
    register L4_Word_t x4 __asm__("x4") = redirector.raw;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_SPACE_CONTROL)
                         : "+r"(x0), "+r"(x1)
                         : "r"(x2), "r"(x3), "r"(x4)
                         : "memory");
    *old_control = x1;
    return x0;
}

/* ProcessorControl: x0 processor, x1 internal kHz, x2 external kHz,
 * x3 voltage -> x0 result (1/0). */
L4_INLINE L4_Word_t L4_ProcessorControl(L4_Word_t ProcessorNo, L4_Word_t InternalFrequency,
                                        L4_Word_t ExternalFrequency, L4_Word_t voltage)
{
    register L4_Word_t x0 __asm__("x0") = ProcessorNo;
    register L4_Word_t x1 __asm__("x1") = InternalFrequency;
    register L4_Word_t x2 __asm__("x2") = ExternalFrequency;
    register L4_Word_t x3 __asm__("x3") = voltage;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_PROCESSOR_CONTROL)
                         : "+r"(x0)
                         : "r"(x1), "r"(x2), "r"(x3)
                         : "memory");
    return x0;
}

/* MemoryControl: x0 control, x1..x4 attributes[0..3] (the fpages are
 * MR0..MRk in the UTCB) -> x0 result (1/0). */
L4_INLINE L4_Word_t L4_MemoryControl(L4_Word_t control, const L4_Word_t *attributes)
{
    register L4_Word_t x0 __asm__("x0") = control;
    register L4_Word_t x1 __asm__("x1") = attributes[0];
    register L4_Word_t x2 __asm__("x2") = attributes[1];
    register L4_Word_t x3 __asm__("x3") = attributes[2];
    register L4_Word_t x4 __asm__("x4") = attributes[3];
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_MEMORY_CONTROL)
                         : "+r"(x0)
                         : "r"(x1), "r"(x2), "r"(x3), "r"(x4)
                         : "memory");
    return x0;
}

#endif /* !__L4__AARCH64__SYSCALLS_H__ */
