// SPDX-License-Identifier: BSD-2-Clause
// Exception vectors (VBAR_EL1), the save and restore of arch::User_frame,
// and the common return path to EL0. Every entry from EL0 reserves the
// user frame at the top of the current thread's kernel stack (SP_EL1 points
// there whenever the CPU runs user code); all but the glue's cheap system
// calls and IPC fast path and the FP trap save the complete user state there
// and leave through arch_return_to_user for whatever thread is current by
// then.
#include <arch/asm_offsets.h>
#include <arch/user_return.h>

// Exception entry in two halves. While a thread runs in user mode, SP_EL1
// points at its User_frame at the top of its kernel stack (not at the top
// itself): an entry from EL0 finds its frame at sp without reserving it,
// and the exit leaves sp there. An entry from EL1 reserves a frame on the
// kernel stack it interrupted. push_frame saves x16/x17, the scratch
// registers of every early dispatch (the glue's system-call entry, the FP
// trap), with x16 = ESR_EL1. save_frame_rest then saves x0-x15, x18-x30,
// the stack pointer of the interrupted code, elr, spsr (from EL0 only its
// NZCV bits: the frame holds nothing else there, so the exit to EL0 need
// not filter it), the user thread pointer, esr and far (or 0 for far when
// 'far' is 0: a system call faulted nowhere). TPIDRRO_EL0 is not saved:
// user code cannot change it, and the frame's copy is the kernel's
// (port::set_utcb_pointer). On return sp points at the frame and x16 is
// still ESR_EL1.
.macro push_frame from_el0
    .if !\from_el0
    sub     sp, sp, #UF_SIZE
    .endif
    stp     x16, x17, [sp, #UF_X(16)]
    mrs     x16, esr_el1
.endm

.macro save_frame_rest from_el0, far=1
    stp     x0, x1, [sp, #UF_X(0)]
    stp     x2, x3, [sp, #UF_X(2)]
    stp     x4, x5, [sp, #UF_X(4)]
    stp     x6, x7, [sp, #UF_X(6)]
    stp     x8, x9, [sp, #UF_X(8)]
    stp     x10, x11, [sp, #UF_X(10)]
    stp     x12, x13, [sp, #UF_X(12)]
    stp     x14, x15, [sp, #UF_X(14)]
    stp     x18, x19, [sp, #UF_X(18)]
    stp     x20, x21, [sp, #UF_X(20)]
    stp     x22, x23, [sp, #UF_X(22)]
    stp     x24, x25, [sp, #UF_X(24)]
    stp     x26, x27, [sp, #UF_X(26)]
    stp     x28, x29, [sp, #UF_X(28)]
    .if \from_el0
    mrs     x17, sp_el0
    .else
    add     x17, sp, #UF_SIZE
    .endif
    stp     x30, x17, [sp, #UF_X(30)]
    mrs     x18, elr_el1
    mrs     x19, spsr_el1
    .if \from_el0
    and     x19, x19, #0xf0000000       // NZCV: EL0t, DAIF clear when it goes back
    .endif
    stp     x18, x19, [sp, #UF_PC]
    mrs     x18, tpidr_el0
    str     x18, [sp, #UF_TPIDR]
    .if \far
    mrs     x17, far_el1
    stp     x16, x17, [sp, #UF_ESR]
    .else
    stp     x16, xzr, [sp, #UF_ESR]
    .endif
    mov     x29, #0                     // end of the frame-pointer chain for reports
.endm

.macro save_frame from_el0
    push_frame \from_el0
    save_frame_rest \from_el0
.endm

// Restores x0-x30 from the frame at sp; pops it when returning to EL1 (to
// EL0, SP_EL1 stays at the frame). elr/spsr already set.
.macro restore_gprs to_el0
    ldp     x0, x1, [sp, #UF_X(0)]
    ldp     x2, x3, [sp, #UF_X(2)]
    ldp     x4, x5, [sp, #UF_X(4)]
    ldp     x6, x7, [sp, #UF_X(6)]
    ldp     x8, x9, [sp, #UF_X(8)]
    ldp     x10, x11, [sp, #UF_X(10)]
    ldp     x12, x13, [sp, #UF_X(12)]
    ldp     x14, x15, [sp, #UF_X(14)]
    ldp     x16, x17, [sp, #UF_X(16)]
    ldp     x18, x19, [sp, #UF_X(18)]
    ldp     x20, x21, [sp, #UF_X(20)]
    ldp     x22, x23, [sp, #UF_X(22)]
    ldp     x24, x25, [sp, #UF_X(24)]
    ldp     x26, x27, [sp, #UF_X(26)]
    ldp     x28, x29, [sp, #UF_X(28)]
    ldr     x30, [sp, #UF_X(30)]
    .if !\to_el0
    add     sp, sp, #UF_SIZE
    .endif
.endm

.macro ventry label
    .balign 128
    b       \label
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .global arch_vectors
arch_vectors:
    ventry  el1_sp0_unexpected          // current EL, SP_EL0: the kernel never runs on SP_EL0
    ventry  el1_sp0_unexpected
    ventry  el1_sp0_unexpected
    ventry  el1_sp0_unexpected
    ventry  el1_sync                    // current EL, SP_EL1
    ventry  el1_irq
    ventry  el1_fiq
    ventry  el1_serror
    // Lower EL, AArch64, synchronous: the glue's entry (system calls and
    // the IPC fast path) decides first, from the vector slot itself.
    .balign 128
el0_sync:
    push_frame 1
    b       glue_el0_sync
    ventry  el0_irq
    ventry  el0_fiq
    ventry  el0_serror
    ventry  el0_aarch32                 // lower EL, AArch32: EL0 is AArch64 only
    ventry  el0_aarch32
    ventry  el0_aarch32
    ventry  el0_aarch32

// ---- From EL0 ----------------------------------------------------------------
// Synchronous exceptions go from the vector slot (el0_sync) to the glue's
// entry (glue_el0_sync, kernel/glue/v4-aarch64/svc_entry.S) with only
// x16/x17 saved, so that it can serve cheap calls (and IPC) without the
// full frame; it comes back to arch_svc_slow for the other system calls,
// to arch_fp_trap (context.S, no frame either) for the FP trap and to
// arch_el0_exception for everything else. In: x16 = ESR_EL1.
    .global arch_el0_exception
arch_el0_exception:
    save_frame_rest 1
    mov     x0, sp
    bl      arch_user_exception
    b       arch_return_to_user

// arch_svc_slow: a system call the glue's entry did not finish. In: sp =
// the frame, x16/x17 saved in it, x16 = ESR_EL1, every other register the
// user's. Saves the rest of the frame and calls glue_syscall.
    .global arch_svc_slow
arch_svc_slow:
    save_frame_rest 1, far=0
    mov     x0, sp
    bl      glue_syscall
    b       arch_return_to_user

el0_irq:
    save_frame 1
    bl      arch_irq
    b       arch_return_to_user

el0_fiq:
    save_frame 1
    mov     x0, sp
    mov     x1, #1
    bl      arch_unexpected_exception

el0_serror:
    save_frame 1
    mov     x0, sp
    bl      arch_user_serror
    b       arch_return_to_user

el0_aarch32:
    save_frame 1
    mov     x0, sp
    mov     x1, #3
    bl      arch_unexpected_exception

// arch_return_to_user: in: sp = the User_frame at the top of the current
// thread's kernel stack (interrupts masked). Loads the user state and erets;
// afterwards SP_EL1 stays at the frame, ready for the next entry.
// Also the first code a new user thread runs (context_init_user).
// TPIDRRO_EL0 is not loaded: port::set_utcb_pointer sets it whenever a
// thread is switched to, and only the kernel can change it. The frame's
// pstate holds only NZCV (every writer masks it), so SPSR_EL1 = EL0t with
// DAIF clear.
    .global arch_return_to_user
arch_return_to_user:
    load_user_return_state x17, x18
    restore_gprs 1
    eret
    dsb     nsh                         // no speculation past eret
    isb

// ---- From EL1 ----------------------------------------------------------------
// The kernel takes interrupts only in port::idle_wait; everything else here
// is a kernel fault, except the semihosting probe (see trap.cc).
el1_sync:
    save_frame 0
    mov     x0, sp
    bl      arch_kernel_exception       // returns only if the exception was dealt with
    b       return_to_kernel

el1_irq:
    save_frame 0
    bl      arch_irq
    b       return_to_kernel

el1_fiq:
    save_frame 0
    mov     x0, sp
    mov     x1, #0
    bl      arch_unexpected_exception

el1_serror:
    save_frame 0
    mov     x0, sp
    mov     x1, #2
    bl      arch_unexpected_exception

el1_sp0_unexpected:
    save_frame 0
    mov     x0, sp
    mov     x1, #4
    bl      arch_unexpected_exception

return_to_kernel:
    ldp     x17, x18, [sp, #UF_PC]
    msr     elr_el1, x17
    msr     spsr_el1, x18
    restore_gprs 0
    eret
    dsb     nsh
    isb
