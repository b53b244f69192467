// SPDX-License-Identifier: BSD-2-Clause
// The first code of every system call (svc from EL0), before the full user
// frame is saved: SystemClock is answered here, Ipc and Lipc try the fast
// path (fastpath.S, when built with it), everything else goes on to the
// full entry (arch_svc_slow, vectors.S) and glue_syscall.
#include <arch/asm_offsets.h>
#include <l4/walnut/abi.h>

// glue_svc_entry: from el0_sync (vectors.S). sp = the user frame at the top
// of the kernel stack (reserved, not yet filled), x16/x17 saved in it,
// x16 = ESR_EL1 (EC = SVC64), every other register the user's. Ipc and
// Lipc are tested first: the fast path is the hot case.
    .text
    .global glue_svc_entry
glue_svc_entry:
    and     x17, x16, #0xffff           // the SVC immediate: the call's number
#ifdef WALNUT_FASTPATH
    // The IPC fast path's check 1 (fastpath.S): Ipc or Lipc. x16 is free
    // now; whoever goes on to arch_svc_slow reloads ESR_EL1 into it.
fastpath_check_1:
    sub     x16, x17, #WALNUT_SYS_IPC
    cmp     x16, #WALNUT_SYS_LIPC - WALNUT_SYS_IPC
    b.ls    glue_fastpath_ipc
#endif
    cmp     x17, #WALNUT_SYS_SYSTEM_CLOCK
    b.eq    system_clock
#ifdef WALNUT_FASTPATH
    mrs     x16, esr_el1
#endif
    b       arch_svc_slow

// SystemClock: x0 = port::clock_us(), the virtual counter in microseconds,
// computed exactly as kernel/arch/aarch64/timer.cc does it (split so the
// product cannot overflow): (count / freq) * 10^6 + (count % freq) * 10^6 /
// freq. Every other register keeps its value. Nothing here can fault, so
// it returns at once; the frame's slots are only scratch.
system_clock:
    str     x15, [sp, #UF_X(15)]
    isb                                 // as arch::read_cntvct: not read early
    mrs     x16, cntvct_el0
    mrs     x17, cntfrq_el0
    udiv    x0, x16, x17                // whole seconds
    msub    x16, x0, x17, x16           // remaining counts
    movz    x15, #(1000000 & 0xffff)
    movk    x15, #(1000000 >> 16), lsl #16
    mul     x16, x16, x15
    udiv    x16, x16, x17
    madd    x0, x0, x15, x16
    ldr     x15, [sp, #UF_X(15)]
    ldp     x16, x17, [sp, #UF_X(16)]
    add     sp, sp, #UF_SIZE
    eret
    dsb     nsh                         // no speculation past eret
    isb
