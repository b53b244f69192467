// SPDX-License-Identifier: BSD-2-Clause
// The first code of every synchronous exception from EL0, before the full
// user frame is saved: Ipc and Lipc go to the fast path (fastpath.S, when
// built with it) or to their own slow entry here, SystemClock is answered
// here, the other system calls go on to the full entry (arch_svc_slow,
// vectors.S) and glue_syscall, the FP trap to arch_fp_trap and every other
// exception to arch_el0_exception.
#include <arch/asm_offsets.h>
#include <arch/user_return.h>
#include <kern_asm_offsets.h>
#include <l4/walnut/abi.h>

.if (WALNUT_SYS_IPC % 2) != 0 || WALNUT_SYS_LIPC != WALNUT_SYS_IPC + 1
.error "svc_entry.S: Ipc and Lipc are told from the rest by one compare, without bit 0"
.endif

#ifdef WALNUT_FASTPATH
#define IPC_ENTRY glue_fastpath_ipc
#else
#define IPC_ENTRY glue_ipc_slow
#endif

// ESR_EL1 rotated right by 25 (IL in bit 0, EC in bits 6..1, the SVC
// immediate from bit 7), bit 7 cleared: the value for Ipc and for Lipc.
#define ESR_ROR25_IPC   (1 | (ESR_EC_SVC64 << 1) | (WALNUT_SYS_IPC << 7))
.if ESR_EC_SHIFT != 26 || ESR_ROR25_IPC > 0xfff
.error "svc_entry.S: the syndrome compare assumes EC at bit 26 and a 12-bit immediate"
.endif

// glue_el0_sync: every synchronous exception from EL0, from its vector slot
// (vectors.S). sp = the user frame at the top of the kernel stack, x16/x17
// saved in it, x16 = ESR_EL1, every other register the user's. Ipc and
// Lipc are tested first, with one compare of the whole syndrome: they are
// the hot case (the fast path's check 1, docs/fastpath.md).
    .text
    .global glue_el0_sync
glue_el0_sync:
fastpath_check_1:
    ror     w17, w16, #25
    and     w17, w17, #0xffffff7f       // Lipc = Ipc + 1
    cmp     w17, #ESR_ROR25_IPC
    b.eq    IPC_ENTRY
    lsr     x17, x16, #ESR_EC_SHIFT
    cmp     x17, #ESR_EC_SVC64
    b.eq    svc_other
    cmp     x17, #ESR_EC_FP_ACCESS
    b.ne    arch_el0_exception
    // The FP trap: arch_fp_trap wants the running thread's Fp_state.
    mrs     x17, tpidr_el1
    ldr     x17, [x17, #CPU_LOCAL_CURRENT]
    add     x17, x17, #(TCB_CONTEXT + CTX_FPU)
    b       arch_fp_trap

// The other system calls.
svc_other:
    and     x17, x16, #0xffff           // the call's number
    cmp     x17, #WALNUT_SYS_SYSTEM_CLOCK
    b.eq    system_clock
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
    eret
    dsb     nsh                         // no speculation past eret
    isb

// glue_ipc_slow: Ipc and Lipc on the generic path (kern::sys_ipc serves
// both), for what the fast path does not take and in kernels built
// without it. In: sp = the frame, x16/x17 saved in it, every other
// register the user's (x0 'to', x1 FromSpecifier, x2 Timeouts, x3..x10
// MR0..MR7).
//
// Only what the call needs is saved, by the register contract of Ipc
// (docs/fastpath.md): the user's sp, pc and thread pointer (another thread
// may run before this one returns; ExchangeRegisters reads and sets sp and
// pc in the frame), and x29/x30 (the call below overwrites x30, and
// x29 = 0 ends the kernel's frame-pointer chain for fault reports). x19..x28
// need nothing: the C code preserves them (AAPCS64, also across the thread
// switches in sys_ipc), so they come back as the user left them. MR0..MR7
// go straight to the UTCB, where the generic IPC works, and come back from
// there. NZCV, x1, x2 and x11..x18 are undefined after Ipc (NZCV as the
// fast path leaves it: what the frame has, the thread's own of an earlier
// entry or what ExchangeRegisters set meanwhile): they are loaded from
// the frame, which holds this thread's own values of an earlier entry (or
// the zeros of its creation), so no other thread's or kernel value leaks.
// The fast path relies on this: it comes here with kernel values in
// x11..x18 when a check fails, so this path must never read or save them.
    .global glue_ipc_slow
glue_ipc_slow:
    mrs     x16, sp_el0
    mrs     x17, elr_el1
    stp     x16, x17, [sp, #UF_SP]
    mrs     x17, tpidr_el0
    str     x17, [sp, #UF_TPIDR]
    stp     x29, x30, [sp, #UF_X(29)]
    mov     x29, #0
    mrs     x16, tpidr_el1
    ldr     x16, [x16, #CPU_LOCAL_CURRENT]
    ldr     x16, [x16, #TCB_UTCB]       // MR0 (kernel view)
    stp     x3, x4, [x16, #0]
    stp     x5, x6, [x16, #16]
    stp     x7, x8, [x16, #32]
    stp     x9, x10, [x16, #48]
    bl      _ZN4kern7sys_ipcENS_9Thread_idES0_m     // x0 = from
    // The frame is this thread's however long it slept (sp is its own
    // kernel stack again).
// glue_ipc_return: also the end of glue_fastpath_resume (fastpath.S).
// In: x0 = from, sp = the frame, x19..x28 the user's.
    .global glue_ipc_return
glue_ipc_return:
    mrs     x9, tpidr_el1
    ldr     x9, [x9, #CPU_LOCAL_CURRENT]
    ldr     x9, [x9, #TCB_UTCB]
    ldp     x3, x4, [x9, #0]
    ldp     x5, x6, [x9, #16]
    ldp     x7, x8, [x9, #32]
    ldp     x9, x10, [x9, #48]
    load_user_return_state x11, x12
    ldp     x1, x2, [sp, #UF_X(1)]
    ldp     x11, x12, [sp, #UF_X(11)]
    ldp     x13, x14, [sp, #UF_X(13)]
    ldp     x15, x16, [sp, #UF_X(15)]
    ldp     x17, x18, [sp, #UF_X(17)]
    ldp     x29, x30, [sp, #UF_X(29)]
    eret
    dsb     nsh                         // no speculation past eret
    isb
