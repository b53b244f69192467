/* SPDX-License-Identifier: BSD-2-Clause
 * riscv64 trap vector (stvec, direct mode) and the return to user mode.
 *
 * sscratch tells where a trap came from: it holds the per-CPU pointer while
 * the hart runs user code and 0 while it runs the kernel (where tp holds
 * the per-CPU pointer). One csrrw therefore both detects the mode and gives
 * a trusted tp without touching any user register first.
 *
 * Traps from user mode go straight to the glue (glue_user_trap, the X.2
 * system-call entry with its fast paths), which comes back to
 * arch_user_trap_full for everything it does not serve itself. All of this
 * sits in section .text.trap, which the linker script keeps in one piece so
 * the short branches between the files reach. */
#include <arch/asm_offsets.h>

/* Stores / loads x1, x3 and x5..x31 (not sp, not tp) at UF_X(n)(sp). */
.macro gprs op
    \op x1, UF_X(1)(sp)
    \op x3, UF_X(3)(sp)
    .irp n, 5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    \op x\n, UF_X(\n)(sp)
    .endr
.endm

/* Stores sepc, sstatus, scause and stval in the frame at sp (clobbers t0). */
.macro save_csrs
    csrr    t0, sepc
    sd      t0, UF_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, UF_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, UF_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, UF_STVAL(sp)
.endm

    .section .text.trap, "ax", @progbits
    .balign 4
    .globl arch_trap_vector
/* Every trap and interrupt. Interrupts are off on entry (hardware). */
arch_trap_vector:
    csrrw   tp, sscratch, tp
    /* From user mode: tp = per-CPU block, sscratch = user tp, every other
     * register the user's (glue_user_trap's contract, <arch/hooks.hpp>).
     * "bnez tp, glue_user_trap", spelt .insn: the assembler turns a branch
     * to another file's label into two instructions, .insn stays one short
     * branch (the linker checks that it reaches: .text.trap is one piece). */
    .insn b BRANCH, 1, tp, zero, glue_user_trap

    /* From the kernel: only idle_wait takes interrupts, everything else is
     * a kernel fault. Put tp back (sscratch = 0 again) and push a frame on
     * the current stack. */
    csrrw   tp, sscratch, tp
    addi    sp, sp, -UF_SIZE
    gprs    sd
    sd      tp, UF_X(4)(sp)
    addi    t0, sp, UF_SIZE
    sd      t0, UF_X(2)(sp)
    save_csrs
    mv      a0, sp
    call    arch_kernel_trap
    /* sstatus first: it restores SPP = 1 and the SPIE of the interrupted
     * code, and sepc of this trap (a nested switch_context may have run
     * other traps in between). tp is not reloaded: it is this CPU's. */
    ld      t0, UF_SSTATUS(sp)
    csrw    sstatus, t0
    ld      t0, UF_SEPC(sp)
    csrw    sepc, t0
    gprs    ld
    addi    sp, sp, UF_SIZE
    sret

    .globl arch_user_trap_full
/* Exceptions, interrupts and anything else from user mode the glue does
 * not serve itself: tp = per-CPU block, sscratch = user tp, the user's sp
 * parked in CPU_USER_SP, every other register the user's. Saves the
 * complete frame at the top of the thread's kernel stack. */
arch_user_trap_full:
    ld      sp, CPU_USER_FRAME(tp)
    gprs    sd
    ld      t0, CPU_USER_SP(tp)
    sd      t0, UF_X(2)(sp)
    csrrw   t0, sscratch, zero          /* kernel mode: sscratch = 0 */
    sd      t0, UF_X(4)(sp)
    save_csrs
    mv      a0, sp
    call    arch_user_trap
    /* Fall through: return to whatever thread is current now; a switch
     * inside the handler has left us on that thread's stack. */

    .globl arch_return_to_user
/* In: sp = user frame of the current thread (top of its kernel stack),
 * tp = per-CPU block, interrupts off. Does not return. New user threads
 * start here from switch_context (Context::ra). */
arch_return_to_user:
    ld      t0, UF_SSTATUS(sp)          /* SPP = 0, SPIE = 1, the thread's FS */
    csrw    sstatus, t0
    ld      t0, UF_SEPC(sp)
    csrw    sepc, t0
    csrw    sscratch, tp                /* user mode: sscratch = per-CPU block */
    gprs    ld
    ld      tp, UF_X(4)(sp)
    ld      sp, UF_X(2)(sp)
    sret

    .globl arch_return_to_user_with
/* arch_return_to_user_with(User_frame* frame), behind port::return_to_user:
 * frame = the current thread's user frame (top of the stack we are on);
 * whatever the stack holds below it is abandoned. */
arch_return_to_user_with:
    csrci   sstatus, 2                  /* SIE off until sret */
    mv      sp, a0
    j       arch_return_to_user
