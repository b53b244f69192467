/* SPDX-License-Identifier: BSD-2-Clause
 * riscv64 kernel context switch and the first code a new kernel thread runs.
 * The kernel itself is built without F/D; only this file touches the FP
 * registers, to switch each thread's F/D state eagerly. */
#include <arch/asm_offsets.h>

#define SSTATUS_FS_DIRTY 0x6000

    .text
    .option push
    .option arch, +d

    .globl arch_switch_context
/* arch_switch_context(Context* from, Context* to, word_t to_kstack_top),
 * behind port::switch_context. In: a0 = from, a1 = to, a2 = top of to's
 * kernel stack; tp = per-CPU block; interrupts off. Saves ra, sp, s0..s11
 * and the F/D state into from, loads them from to and returns on to's
 * stack. Clobbers t0, t1 and the caller-saved registers as any call does. */
arch_switch_context:
    sd      ra, CTX_RA(a0)
    sd      sp, CTX_SP(a0)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
    sd      s\n, CTX_S(\n)(a0)
    .endr

    /* FS must be on to reach the FP registers. Each thread's own FS value
     * lives in its user frame's sstatus and is restored on the way out. */
    li      t0, SSTATUS_FS_DIRTY
    csrs    sstatus, t0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd     f\n, CTX_F(\n)(a0)
    .endr
    frcsr   t1
    sd      t1, CTX_FCSR(a0)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld     f\n, CTX_F(\n)(a1)
    .endr
    ld      t1, CTX_FCSR(a1)
    fscsr   t1

    sd      a2, CPU_KSTACK_TOP(tp)      /* where the next user trap lands */
    ld      ra, CTX_RA(a1)
    ld      sp, CTX_SP(a1)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
    ld      s\n, CTX_S(\n)(a1)
    .endr
    ret
    .option pop

    .globl arch_kernel_thread_start
/* First return target of a new kernel thread (Context::ra): s0 = entry,
 * sp = top of its stack. entry must not return. */
arch_kernel_thread_start:
    jalr    s0
    call    arch_kernel_thread_returned
