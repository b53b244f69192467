// SPDX-License-Identifier: BSD-2-Clause
// Exception vectors (VBAR_EL1), the save and restore of arch::User_frame,
// and the one return path to EL0. Every entry from EL0 saves the complete
// user state at the top of the current thread's kernel stack (SP_EL1 points
// there whenever the CPU runs user code) and leaves through
// arch_return_to_user for whatever thread is current by then.
#include <arch/asm_offsets.h>

// Saves x0-x30, the stack pointer of the interrupted code, elr, spsr, the
// two user thread registers, esr and far. Clobbers x21-x27 after saving them.
// On return sp points at the frame; x26 = ESR_EL1.
.macro save_frame from_el0
    sub     sp, sp, #UF_SIZE
    stp     x0, x1, [sp, #UF_X(0)]
    stp     x2, x3, [sp, #UF_X(2)]
    stp     x4, x5, [sp, #UF_X(4)]
    stp     x6, x7, [sp, #UF_X(6)]
    stp     x8, x9, [sp, #UF_X(8)]
    stp     x10, x11, [sp, #UF_X(10)]
    stp     x12, x13, [sp, #UF_X(12)]
    stp     x14, x15, [sp, #UF_X(14)]
    stp     x16, x17, [sp, #UF_X(16)]
    stp     x18, x19, [sp, #UF_X(18)]
    stp     x20, x21, [sp, #UF_X(20)]
    stp     x22, x23, [sp, #UF_X(22)]
    stp     x24, x25, [sp, #UF_X(24)]
    stp     x26, x27, [sp, #UF_X(26)]
    stp     x28, x29, [sp, #UF_X(28)]
    .if \from_el0
    mrs     x21, sp_el0
    .else
    add     x21, sp, #UF_SIZE
    .endif
    stp     x30, x21, [sp, #UF_X(30)]
    mrs     x22, elr_el1
    mrs     x23, spsr_el1
    stp     x22, x23, [sp, #UF_PC]
    mrs     x24, tpidr_el0
    mrs     x25, tpidrro_el0
    stp     x24, x25, [sp, #UF_TPIDR]
    mrs     x26, esr_el1
    mrs     x27, far_el1
    stp     x26, x27, [sp, #UF_ESR]
    mov     x29, #0                     // end of the frame-pointer chain for reports
.endm

// Restores x0-x30 from the frame at sp, pops it. elr/spsr already set.
.macro restore_gprs
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
    add     sp, sp, #UF_SIZE
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
    ventry  el0_sync                    // lower EL, AArch64
    ventry  el0_irq
    ventry  el0_fiq
    ventry  el0_serror
    ventry  el0_aarch32                 // lower EL, AArch32: EL0 is AArch64 only
    ventry  el0_aarch32
    ventry  el0_aarch32
    ventry  el0_aarch32

// ---- From EL0 ----------------------------------------------------------------
el0_sync:
    save_frame 1
    mov     x0, sp
    ubfx    x1, x26, #26, #6            // ESR_EL1.EC
    cmp     x1, #0x15                   // SVC from AArch64: a system call (glue)
    b.ne    1f
    bl      glue_syscall
    b       arch_return_to_user
1:  bl      arch_user_exception
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
// afterwards SP_EL1 is the kernel stack top again, ready for the next entry.
// Also the first code a new user thread runs (context_init_user).
    .global arch_return_to_user
arch_return_to_user:
    ldp     x22, x23, [sp, #UF_PC]
    and     x23, x23, #0xf0000000       // only the flags come from the frame: EL0t, DAIF clear
    msr     elr_el1, x22
    msr     spsr_el1, x23
    ldp     x24, x25, [sp, #UF_TPIDR]
    msr     tpidr_el0, x24
    msr     tpidrro_el0, x25
    ldr     x21, [sp, #UF_SP]
    msr     sp_el0, x21
    restore_gprs
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
    ldp     x22, x23, [sp, #UF_PC]
    msr     elr_el1, x22
    msr     spsr_el1, x23
    restore_gprs
    eret
    dsb     nsh
    isb
