/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/syscalls.h>: the twelve X.2 system calls on x86_64
 * (docs/abi-x86_64.md). A call is an inline SYSCALL with the number
 * (WALNUT_SYS_*) in RAX; argument words go in RDI, RSI, RDX, R10, R8, R9,
 * R12, results come back in RAX, RSI, RDX, R10, R8, R9, R12. SYSCALL itself
 * destroys RCX and R11; the kernel preserves every other register that is
 * not an output (RAX too when the call has no r0), so the asm statements
 * list exactly the outputs plus RCX and R11; Ipc and Lipc also leave RAX
 * and R8 undefined (docs/fastpath.md). "memory" because the kernel
 * reads and writes the UTCB and, through mappings, any memory.
 * KernelInterface is `lock; nop` as in the amd64 binding.
 */
#ifndef __L4__AMD64__SYSCALLS_H__
#define __L4__AMD64__SYSCALLS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>
/* L4_MsgTag_t and the UTCB (MR) accessors, which L4_Ipc needs; message.h
 * itself does not include the system calls, so the order is safe. */
#include <l4/message.h>
#include <l4/walnut/vregs.h>

/* KernelInterface: the bytes F0 90 raise #UD, which the kernel recognises;
 * RAX = KIP address, RCX = API version, RDX = API flags, RSI = kernel id.
 * Works before __L4_Init. (The SYSCALL form, RAX = 0, returns RAX, RSI,
 * RDX, R10 instead; the KIP stub uses it.) */
L4_INLINE void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                   L4_Word_t *KernelId)
{
    L4_Word_t kip, version, flags, id;
    __asm__ __volatile__(".byte 0xf0, 0x90"
                         : "=a"(kip), "=c"(version), "=d"(flags), "=S"(id)
                         :
                         : "memory");
    *ApiVersion = version;
    *ApiFlags = flags;
    *KernelId = id;
    return (void *)kip;
}

/* ExchangeRegisters: RDI dest, RSI control, RDX sp, R10 ip, R8 flags,
 * R9 UserDefinedHandle, R12 pager -> RAX result id, RSI..R12 the old
 * values (RDI is kept). */
L4_INLINE L4_ThreadId_t L4_ExchangeRegisters(L4_ThreadId_t dest, L4_Word_t control,
                                             L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
                                             L4_Word_t UserDefHandle, L4_ThreadId_t pager,
                                             L4_Word_t *old_control, L4_Word_t *old_sp,
                                             L4_Word_t *old_ip, L4_Word_t *old_flags,
                                             L4_Word_t *old_UserDefhandle,
                                             L4_ThreadId_t *old_pager)
{
    L4_Word_t rax = WALNUT_SYS_EXCHANGE_REGISTERS;
    L4_Word_t rsi = control;
    L4_Word_t rdx = sp;
    register L4_Word_t r10 __asm__("r10") = ip;
    register L4_Word_t r8 __asm__("r8") = flags;
    register L4_Word_t r9 __asm__("r9") = UserDefHandle;
    register L4_Word_t r12 __asm__("r12") = pager.raw;
    L4_ThreadId_t result;
    __asm__ __volatile__("syscall"
                         : "+a"(rax), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                           "+r"(r12)
                         : "D"(dest.raw)
                         : "rcx", "r11", "memory");
    *old_control = rsi;
    *old_sp = rdx;
    *old_ip = r10;
    *old_flags = r8;
    *old_UserDefhandle = r9;
    old_pager->raw = r12;
    result.raw = rax;
    return result;
}

/* ThreadControl: RDI dest, RSI SpaceSpecifier, RDX Scheduler, R10 Pager,
 * R8 UtcbLocation -> RAX result (1/0). */
L4_INLINE L4_Word_t L4_ThreadControl(L4_ThreadId_t dest, L4_ThreadId_t SpaceSpecifier,
                                     L4_ThreadId_t Scheduler, L4_ThreadId_t Pager,
                                     void *UtcbLocation)
{
    L4_Word_t rax = WALNUT_SYS_THREAD_CONTROL;
    register L4_Word_t r10 __asm__("r10") = Pager.raw;
    register L4_Word_t r8 __asm__("r8") = (L4_Word_t)UtcbLocation;
    __asm__ __volatile__("syscall"
                         : "+a"(rax)
                         : "D"(dest.raw), "S"(SpaceSpecifier.raw), "d"(Scheduler.raw), "r"(r10),
                           "r"(r8)
                         : "rcx", "r11", "memory");
    return rax;
}

/* SystemClock: RAX = microseconds. */
L4_INLINE L4_Clock_t L4_SystemClock(void)
{
    L4_Word_t rax = WALNUT_SYS_SYSTEM_CLOCK;
    L4_Clock_t c;
    __asm__ __volatile__("syscall" : "+a"(rax) : : "rcx", "r11", "memory");
    c.raw = rax;
    return c;
}

/* ThreadSwitch: RDI = destination (nilthread: give up the time slice). */
L4_INLINE void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    __asm__ __volatile__("syscall"
                         :
                         : "a"((L4_Word_t)WALNUT_SYS_THREAD_SWITCH), "D"(dest.raw)
                         : "rcx", "r11", "memory");
}

/* Schedule: RDI dest, RSI TimeControl, RDX ProcessorControl, R10
 * PrioControl, R8 PreemptionControl -> RAX result, RSI old TimeControl. */
L4_INLINE L4_Word_t L4_Schedule(L4_ThreadId_t dest, L4_Word_t TimeControl,
                                L4_Word_t ProcessorControl, L4_Word_t PrioControl,
                                L4_Word_t PreemptionControl, L4_Word_t *old_TimeControl)
{
    L4_Word_t rax = WALNUT_SYS_SCHEDULE;
    L4_Word_t rsi = TimeControl;
    register L4_Word_t r10 __asm__("r10") = PrioControl;
    register L4_Word_t r8 __asm__("r8") = PreemptionControl;
    __asm__ __volatile__("syscall"
                         : "+a"(rax), "+S"(rsi)
                         : "D"(dest.raw), "d"(ProcessorControl), "r"(r10), "r"(r8)
                         : "rcx", "r11", "memory");
    *old_TimeControl = rsi;
    return rax;
}

/* Ipc (RAX = 6) and Lipc (RAX = 7): RSI to, RDX FromSpecifier, R8
 * Timeouts, MR0..MR7 in R9, RDI, RBX, R10, R12, R13, R14, R15 -> RSI from,
 * MR0..MR7 in the same registers. MR8 and up stay in the UTCB. RAX and R8
 * are undefined afterwards (docs/fastpath.md: the IPC fast path does not
 * restore them), so they are in-out operands whose values the compiler
 * drops; RDX is preserved (a loop that calls or waits keeps its
 * FromSpecifier there); RBP and RSP are the other registers left to the
 * compiler across the SYSCALL (RBP may be the frame pointer). The wrapper moves
 * MR0..MR7 between the UTCB and the registers, so the MR accessors see the
 * message before and after the call as if everything lived in the UTCB. */
L4_INLINE L4_MsgTag_t __L4_Amd64_Ipc(L4_Word_t number, L4_ThreadId_t to,
                                     L4_ThreadId_t FromSpecifier, L4_Word_t Timeouts,
                                     L4_ThreadId_t *from)
{
    L4_Word_t *mr = __L4_Utcb();
    L4_Word_t partner = to.raw;
    L4_Word_t rax = number;
    register L4_Word_t timeouts __asm__("r8") = Timeouts;
    register L4_Word_t m0 __asm__("r9") = mr[0];
    register L4_Word_t m1 __asm__("rdi") = mr[1];
    register L4_Word_t m2 __asm__("rbx") = mr[2];
    register L4_Word_t m3 __asm__("r10") = mr[3];
    register L4_Word_t m4 __asm__("r12") = mr[4];
    register L4_Word_t m5 __asm__("r13") = mr[5];
    register L4_Word_t m6 __asm__("r14") = mr[6];
    register L4_Word_t m7 __asm__("r15") = mr[7];
    L4_MsgTag_t tag;
    __asm__ __volatile__("syscall"
                         : "+S"(partner), "+r"(m0), "+r"(m1), "+r"(m2), "+r"(m3), "+r"(m4),
                           "+r"(m5), "+r"(m6), "+r"(m7), "+a"(rax), "+r"(timeouts)
                         : "d"(FromSpecifier.raw)
                         : "rcx", "r11", "memory");
    mr = __L4_Utcb();
    mr[0] = m0;
    mr[1] = m1;
    mr[2] = m2;
    mr[3] = m3;
    mr[4] = m4;
    mr[5] = m5;
    mr[6] = m6;
    mr[7] = m7;
    if (!L4_IsNilThread(FromSpecifier))
        from->raw = partner;
    tag.raw = m0;
    return tag;
}

L4_INLINE L4_MsgTag_t L4_Ipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                             L4_Word_t Timeouts, L4_ThreadId_t *from)
{
    return __L4_Amd64_Ipc(WALNUT_SYS_IPC, to, FromSpecifier, Timeouts, from);
}

L4_INLINE L4_MsgTag_t L4_Lipc(L4_ThreadId_t to, L4_ThreadId_t FromSpecifier,
                              L4_Word_t Timeouts, L4_ThreadId_t *from)
{
    return __L4_Amd64_Ipc(WALNUT_SYS_LIPC, to, FromSpecifier, Timeouts, from);
}

/* Unmap: RDI control; the fpages are MR0..MRk in the UTCB (where the MR
 * accessors put them) and the kernel writes the results back there. */
L4_INLINE void L4_Unmap(L4_Word_t control)
{
    __asm__ __volatile__("syscall"
                         :
                         : "a"((L4_Word_t)WALNUT_SYS_UNMAP), "D"(control)
                         : "rcx", "r11", "memory");
}

/* SpaceControl: RDI SpaceSpecifier, RSI control, RDX KipArea, R10
 * UtcbArea, R8 Redirector -> RAX result (1/0), RSI old control. */
L4_INLINE L4_Word_t L4_SpaceControl(L4_ThreadId_t SpaceSpecifier, L4_Word_t control,
                                    L4_Fpage_t KernelInterfacePageArea, L4_Fpage_t UtcbArea,
                                    L4_ThreadId_t redirector, L4_Word_t *old_control)
{
    L4_Word_t rax = WALNUT_SYS_SPACE_CONTROL;
    L4_Word_t rsi = control;
    register L4_Word_t r10 __asm__("r10") = UtcbArea.raw;
    register L4_Word_t r8 __asm__("r8") = redirector.raw;
    __asm__ __volatile__("syscall"
                         : "+a"(rax), "+S"(rsi)
                         : "D"(SpaceSpecifier.raw), "d"(KernelInterfacePageArea.raw), "r"(r10),
                           "r"(r8)
                         : "rcx", "r11", "memory");
    *old_control = rsi;
    return rax;
}

/* ProcessorControl: RDI processor, RSI internal kHz, RDX external kHz,
 * R10 voltage -> RAX result (1/0). */
L4_INLINE L4_Word_t L4_ProcessorControl(L4_Word_t ProcessorNo, L4_Word_t InternalFrequency,
                                        L4_Word_t ExternalFrequency, L4_Word_t voltage)
{
    L4_Word_t rax = WALNUT_SYS_PROCESSOR_CONTROL;
    register L4_Word_t r10 __asm__("r10") = voltage;
    __asm__ __volatile__("syscall"
                         : "+a"(rax)
                         : "D"(ProcessorNo), "S"(InternalFrequency), "d"(ExternalFrequency),
                           "r"(r10)
                         : "rcx", "r11", "memory");
    return rax;
}

/* MemoryControl: RDI control, RSI, RDX, R10, R8 attributes[0..3] (the
 * fpages are MR0..MRk in the UTCB) -> RAX result (1/0). */
L4_INLINE L4_Word_t L4_MemoryControl(L4_Word_t control, const L4_Word_t *attributes)
{
    L4_Word_t rax = WALNUT_SYS_MEMORY_CONTROL;
    register L4_Word_t r10 __asm__("r10") = attributes[2];
    register L4_Word_t r8 __asm__("r8") = attributes[3];
    __asm__ __volatile__("syscall"
                         : "+a"(rax)
                         : "D"(control), "S"(attributes[0]), "d"(attributes[1]), "r"(r10),
                           "r"(r8)
                         : "rcx", "r11", "memory");
    return rax;
}

#endif /* !__L4__AMD64__SYSCALLS_H__ */
