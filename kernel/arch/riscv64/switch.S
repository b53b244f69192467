/* SPDX-License-Identifier: BSD-2-Clause
 * riscv64 kernel context switch and the first code a new kernel thread runs.
 * No FP here: the F/D registers switch lazily (fpu.cc), and each thread's
 * FP access (sstatus.FS) comes back from its own user frame. */
#include <arch/asm_offsets.h>

    .text
    .globl arch_switch_context
    .globl _ZN4port14switch_contextERN4arch7ContextES2_m
/* arch_switch_context(Context* from, Context* to, word_t to_kstack_top),
 * which is also port::switch_context(Context&, Context&, word_t) itself
 * (its mangled name: no wrapper call on every switch). In: a0 = from, a1 = to, a2 = top of to's
 * kernel stack; tp = per-CPU block; interrupts off. Saves ra, sp, s0..s11
 * into from, loads them from to and returns on to's stack. Clobbers the
 * caller-saved registers as any call does. Returns with a2 = to's user
 * frame: the glue's glue_ipc_resume_slow takes its sp from there (a
 * thread the IPC fast path blocked has a stale Context::sp). */
arch_switch_context:
_ZN4port14switch_contextERN4arch7ContextES2_m:
    sd      ra, CTX_RA(a0)
    sd      sp, CTX_SP(a0)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
    sd      s\n, CTX_S(\n)(a0)
    .endr
    addi    a2, a2, -UF_SIZE
    sd      a2, CPU_USER_FRAME(tp)      /* where the next user trap lands */
    ld      ra, CTX_RA(a1)
    ld      sp, CTX_SP(a1)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
    ld      s\n, CTX_S(\n)(a1)
    .endr
    ret

    .globl arch_kernel_thread_start
/* First return target of a new kernel thread (Context::ra): s0 = entry,
 * sp = top of its stack. entry must not return. */
arch_kernel_thread_start:
    jalr    s0
    call    arch_kernel_thread_returned
