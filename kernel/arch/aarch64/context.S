// SPDX-License-Identifier: BSD-2-Clause
// Kernel context switch between threads (each on its own kernel stack) and
// the first code a new kernel thread runs. The FP/SIMD registers belong to
// the user side of a thread (the kernel is built -mgeneral-regs-only), and
// are switched here eagerly with the callee-saved integer registers.
#include <arch/asm_offsets.h>

    .arch_extension fp
    .arch_extension simd

// void arch_switch_context(arch::Context* from, arch::Context* to)
// in: x0 = from, x1 = to; interrupts masked. Saves x19-x30, sp and the
// FP/SIMD state into *from, loads them from *to and returns into to's code
// (its last switch_context call, or the entry set by context_init_*).
// Clobbers x9-x12 (caller-saved).
    .text
    .global arch_switch_context
arch_switch_context:
    stp     x19, x20, [x0, #CTX_X19 + 0]
    stp     x21, x22, [x0, #CTX_X19 + 16]
    stp     x23, x24, [x0, #CTX_X19 + 32]
    stp     x25, x26, [x0, #CTX_X19 + 48]
    stp     x27, x28, [x0, #CTX_X19 + 64]
    stp     x29, x30, [x0, #CTX_FP]
    mov     x9, sp
    str     x9, [x0, #CTX_SP]
    add     x10, x0, #CTX_V0
    stp     q0, q1, [x10, #0]
    stp     q2, q3, [x10, #32]
    stp     q4, q5, [x10, #64]
    stp     q6, q7, [x10, #96]
    stp     q8, q9, [x10, #128]
    stp     q10, q11, [x10, #160]
    stp     q12, q13, [x10, #192]
    stp     q14, q15, [x10, #224]
    stp     q16, q17, [x10, #256]
    stp     q18, q19, [x10, #288]
    stp     q20, q21, [x10, #320]
    stp     q22, q23, [x10, #352]
    stp     q24, q25, [x10, #384]
    stp     q26, q27, [x10, #416]
    stp     q28, q29, [x10, #448]
    stp     q30, q31, [x10, #480]
    mrs     x11, fpcr
    mrs     x12, fpsr
    str     x11, [x0, #CTX_FPCR]
    str     x12, [x0, #CTX_FPSR]

    add     x10, x1, #CTX_V0
    ldp     q0, q1, [x10, #0]
    ldp     q2, q3, [x10, #32]
    ldp     q4, q5, [x10, #64]
    ldp     q6, q7, [x10, #96]
    ldp     q8, q9, [x10, #128]
    ldp     q10, q11, [x10, #160]
    ldp     q12, q13, [x10, #192]
    ldp     q14, q15, [x10, #224]
    ldp     q16, q17, [x10, #256]
    ldp     q18, q19, [x10, #288]
    ldp     q20, q21, [x10, #320]
    ldp     q22, q23, [x10, #352]
    ldp     q24, q25, [x10, #384]
    ldp     q26, q27, [x10, #416]
    ldp     q28, q29, [x10, #448]
    ldp     q30, q31, [x10, #480]
    ldr     x11, [x1, #CTX_FPCR]
    ldr     x12, [x1, #CTX_FPSR]
    msr     fpcr, x11
    msr     fpsr, x12
    ldp     x19, x20, [x1, #CTX_X19 + 0]
    ldp     x21, x22, [x1, #CTX_X19 + 16]
    ldp     x23, x24, [x1, #CTX_X19 + 32]
    ldp     x25, x26, [x1, #CTX_X19 + 48]
    ldp     x27, x28, [x1, #CTX_X19 + 64]
    ldp     x29, x30, [x1, #CTX_FP]
    ldr     x9, [x1, #CTX_SP]
    mov     sp, x9
    ret

// First code of a kernel thread (context_init_kernel): x19 = entry,
// sp = the thread's kernel stack top. The entry must not return.
    .global arch_kernel_thread_start
arch_kernel_thread_start:
    mov     x29, #0
    blr     x19
    bl      arch_kernel_thread_returned
