/* SPDX-License-Identifier: BSD-2-Clause
 * X.2 system-call entry on riscv64. The arch's trap vector branches to
 * glue_user_trap on every trap from user mode; exceptions and interrupts
 * go on to the arch's full register save (arch_user_trap_full), system
 * calls are served here with as little saving as each one needs:
 *
 *   Ipc, Lipc    the IPC fast path (fastpath.S, with -Dfastpath=true), else
 *                glue_ipc_slow: the register MRs go straight into the UTCB,
 *                kern::sys_ipc runs, they come back from the UTCB;
 *   SystemClock  one division in assembly when the timebase is a whole
 *                number of MHz (Cpu_data::clock_divisor), no frame at all;
 *   the others   the caller-saved registers (and s0, sp, tp, sepc, sstatus)
 *                go into the user frame and glue::system_call decodes it.
 *
 * Nothing here saves s1..s11: the C++ code preserves them (psABI callee-
 * saved), so every call but Ipc returns them untouched; Ipc leaves them
 * undefined (docs/fastpath.md), and the fast path resumes threads from
 * their frame without them. A frame therefore holds the complete user
 * state only after an exception or interrupt; after a system call it holds
 * sp, ip, sstatus, ra, gp, tp (MyLocalId, which port::set_utcb_pointer
 * keeps there), s0 (non-Ipc calls, and Ipc with the fast path built) and
 * (non-Ipc calls) the caller-saved registers, which is all
 * ExchangeRegisters and the returns need.
 *
 * Register contract at glue_user_trap: tp = per-CPU block, sscratch = the
 * user's tp, every other register the user's. Everything below runs with
 * interrupts off. sscratch keeps the user's tp until a path that calls C++
 * zeroes it (kernel mode, for the trap vector; the non-Ipc calls save the
 * user's tp into the frame first) or until the return; the fast paths
 * touch only kernel memory that exists, so nothing traps while it is still
 * the user's. */
#include <arch/asm_offsets.h>
#include <kern_asm_offsets.h>
#include <l4/walnut/abi.h>

/* The registers a system call other than Ipc may change in the C++ code,
 * plus s0 and gp (x1, x3, x5..x8, x10..x17, x28..x31). */
.macro call_gprs op
    \op x1, UF_X(1)(sp)
    \op x3, UF_X(3)(sp)
    .irp n, 5,6,7,8,10,11,12,13,14,15,16,17,28,29,30,31
    \op x\n, UF_X(\n)(sp)
    .endr
.endm

    .section .text.trap, "ax", @progbits

    .globl glue_user_trap
glue_user_trap:
    sd      sp, CPU_USER_SP(tp)         /* sp is the scratch register from here on */
    csrr    sp, scause
    addi    sp, sp, -CAUSE_ECALL_U
#if WALNUT_FASTPATH
    /* A system call: Ipc/Lipc? (the fast path's check 1). "beqz sp,
     * glue_ipc_fastpath" as one short branch to the other file (see the
     * arch's trap vector). */
    .insn b BRANCH, 0, sp, zero, glue_ipc_fastpath
#else
    beqz    sp, .Lsyscall
#endif
    j       arch_user_trap_full         /* exception or interrupt */

    .globl glue_syscall
    .globl glue_syscall_not_ipc
/* An ecall (without the fast path). In: sp free (the user's is in
 * CPU_USER_SP), every other register the user's. */
glue_syscall:
.Lsyscall:                              /* (branches to local labels stay short) */
    addi    sp, t0, -WALNUT_SYS_IPC
    srli    sp, sp, 1                   /* 0 for Ipc (6) and Lipc (7) only */
    beqz    sp, .Lipc_slow
/* Any other call (the fast path's check 1 comes here). */
glue_syscall_not_ipc:
    addi    sp, t0, -WALNUT_SYS_SYSTEM_CLOCK
    beqz    sp, .Lsystem_clock

.Lcall:
    ld      sp, CPU_USER_FRAME(tp)
    call_gprs sd
    ld      t0, CPU_USER_SP(tp)
    sd      t0, UF_X(2)(sp)
    csrrw   t0, sscratch, zero          /* kernel mode: sscratch = 0 */
    sd      t0, UF_X(4)(sp)
    csrr    t0, sepc
    sd      t0, UF_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, UF_SSTATUS(sp)
    mv      a0, sp
    call    glue_system_call            /* glue::system_call(frame) */
    /* sp = the frame again (the C++ code may have slept and been resumed
     * by a switch, always on this thread's own stack). sstatus and sepc
     * from the frame: a switch may have changed FS (fpu.cc), and
     * ExchangeRegisters the ip. */
    ld      t0, UF_SSTATUS(sp)
    csrw    sstatus, t0
    ld      t0, UF_SEPC(sp)
    csrw    sepc, t0
    csrw    sscratch, tp                /* user mode: sscratch = per-CPU block */
    call_gprs ld
    ld      tp, UF_X(4)(sp)
    ld      sp, UF_X(2)(sp)
    sret

/* SystemClock: a0 = port::clock_us() = time / clock_divisor, every other
 * register untouched. A timebase that is no whole number of MHz takes the
 * C++ path. */
.Lsystem_clock:
    ld      sp, CPU_CLOCK_DIVISOR(tp)
    beqz    sp, .Lcall
    csrr    a0, time
    divu    a0, a0, sp
    csrr    sp, sepc
    addi    sp, sp, 4                   /* behind the ecall */
    csrw    sepc, sp
    ld      sp, CPU_USER_SP(tp)
    csrrw   tp, sscratch, tp            /* tp = the user's, sscratch = per-CPU block */
    sret

    .globl glue_ipc_slow
/* Ipc and Lipc through the generic path. In: an ecall with t0 = Ipc or
 * Lipc, sp free (the user's is in CPU_USER_SP), every other register the
 * user's (the fast path comes here when a check fails). The frame gets sp,
 * ip, sstatus, ra (the call needs it) and gp (switch_context does
 * not keep it: the threads that run meanwhile return to user mode with
 * their own), and with the fast path built s0, which a later fast-path
 * resume of this thread takes from the frame (without it s0 stays in its
 * register: the C++ code and switch_context preserve it). The eight register MRs go
 * straight into the UTCB, where the generic path reads and writes MRs,
 * through s1 (Ipc leaves s1 undefined; the C++ code preserves it, so it
 * still points at the UTCB afterwards); a0..a2 are already the arguments
 * of kern::sys_ipc(Thread_id to, Thread_id from_spec, word_t timeouts)
 * (a Thread_id is one word in a register, and so is its result). */
glue_ipc_slow:
.Lipc_slow:
    ld      sp, CPU_USER_FRAME(tp)
    sd      ra, UF_X(1)(sp)
    sd      gp, UF_X(3)(sp)
#if WALNUT_FASTPATH
    sd      s0, UF_X(8)(sp)
#endif
    ld      ra, CPU_USER_SP(tp)
    sd      ra, UF_X(2)(sp)
    csrr    ra, sepc
    addi    ra, ra, 4                   /* a thread that sleeps here resumes behind the ecall */
    sd      ra, UF_SEPC(sp)
    csrr    ra, sstatus
    sd      ra, UF_SSTATUS(sp)
#if WALNUT_FASTPATH
    .globl glue_ipc_slow_framed
/* The fast path's way in when a check fails: sp = the frame, which already
 * holds the user's ra, gp, s0, sp, ip and sstatus (check 1 put them there;
 * ra, gp and s0 hold kernel values until the way out loads them back). */
glue_ipc_slow_framed:
#endif
    /* Kernel mode: sscratch = 0. The user's tp (MyLocalId, which user code
     * must not change) is not saved: the frame has it from
     * port::set_utcb_pointer, and the way out loads it from there, as the
     * fast path does. */
    csrw    sscratch, zero
    ld      s1, CPU_LOCAL_CURRENT(tp)
    ld      s1, TCB_UTCB(s1)            /* kernel view of MR0 */
    sd      a3, 0(s1)
    /* MR1..MR7 only if the message has more words than MR0 (u or t,
     * MR0 bits 11..0): the kernel reads no MR beyond u + t. */
    slli    t0, a3, 52
    beqz    t0, 1f
    sd      a4, 8(s1)
    sd      a5, 16(s1)
    sd      a6, 24(s1)
    sd      a7, 32(s1)
    sd      t1, 40(s1)
    sd      t2, 48(s1)
    sd      t3, 56(s1)
1:  call    _ZN4kern7sys_ipcENS_9Thread_idES0_m /* kern::sys_ipc: a0 = from */
    ld      a3, 0(s1)
    ld      a4, 8(s1)
    ld      a5, 16(s1)
    ld      a6, 24(s1)
    ld      a7, 32(s1)
    ld      t1, 40(s1)
    ld      t2, 48(s1)
    ld      t3, 56(s1)
    ld      t0, UF_SSTATUS(sp)
    csrw    sstatus, t0
    ld      t0, UF_SEPC(sp)
    csrw    sepc, t0
    csrw    sscratch, tp
    ld      ra, UF_X(1)(sp)
    ld      gp, UF_X(3)(sp)
#if WALNUT_FASTPATH
    ld      s0, UF_X(8)(sp)
#endif
    ld      tp, UF_X(4)(sp)
    /* Undefined after Ipc and clobbered by the C++ code or this path:
     * zero, so no kernel value leaks. s2..s11 hold the caller's own
     * values. */
    li      t0, 0
    li      a1, 0
    li      a2, 0
    li      t4, 0
    li      t5, 0
    li      t6, 0
    li      s1, 0
    ld      sp, UF_X(2)(sp)
    sret

    .text
    .globl glue_ipc_resume_slow
/* Kernel context (Context::ra, from Cpu_data::ipc_resume) of a caller the
 * IPC fast path (fastpath.S) left waiting, for when the slow path
 * completes or fails its receive phase and switch_context resumes it with
 * a2 = its user frame (arch switch.S; the fast path does not write
 * Context::sp). glue_ipc_complete runs kern::ipc_complete_blocked() and
 * puts the UTCB's MR0..MR7 and 'from' into the frame, which then goes
 * back whole. Here in both builds: Cpu_data names it. */
glue_ipc_resume_slow:
    mv      sp, a2                      /* switch_context: a2 = this thread's user frame */
    call    glue_ipc_complete
    j       arch_return_to_user
