// SPDX-License-Identifier: BSD-2-Clause
// Kernel context switch between threads (each on its own kernel stack), the
// first code a new kernel thread runs, and the lazy FP/SIMD switch: the FP
// registers belong to the user side of threads (the kernel is built
// -mgeneral-regs-only) and move only when a thread that does not own them
// uses them (fpu.cc has the rules).
#include <arch/asm_offsets.h>

    .arch_extension fp
    .arch_extension simd

// void arch_switch_context(arch::Context* from, arch::Context* to)
// in: x0 = from, x1 = to; interrupts masked. Saves x19-x30 and sp into
// *from, loads them from *to and returns into to's code (its last
// switch_context call, or the entry set by context_init_*). The FP/SIMD
// registers stay as they are: EL0 may use them only if 'to' owns them,
// which its Context's cpacr says (fpu.cc; the exception return
// synchronises the change). Clobbers x9-x10 (caller-saved).
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
    ldp     x19, x20, [x1, #CTX_X19 + 0]
    ldp     x21, x22, [x1, #CTX_X19 + 16]
    ldp     x23, x24, [x1, #CTX_X19 + 32]
    ldp     x25, x26, [x1, #CTX_X19 + 48]
    ldp     x27, x28, [x1, #CTX_X19 + 64]
    ldp     x29, x30, [x1, #CTX_FP]
    ldp     x9, x10, [x1, #CTX_SP]      // sp, cpacr
    msr     cpacr_el1, x10
    mov     sp, x9
    ret

// arch_fp_trap: EL0 used FP/SIMD while it was disabled for it (ESR_EL1.EC
// 0x07), entered from the glue's EL0 entry with sp = the frame, x16/x17
// saved in it and x17 = the Fp_state of the thread that trapped (the glue
// knows where its Context is). Saves the registers into the owner's Fp_state (if anybody
// owns them), loads the current thread's, makes it the owner, enables
// FP/SIMD for EL0 and returns to the trapping instruction. Needs no frame
// beyond the four scratch registers: nothing here can fault or block.
    .global arch_fp_trap
arch_fp_trap:
    stp     x14, x15, [sp, #UF_X(14)]
    mrs     x15, tpidr_el1
    ldr     x16, [x15, #CPU_FP_OWNER]
    cbz     x16, 1f
    mov     x14, #CPACR_FP_EL1          // the old owner's next switch: EL0 traps
    stur    x14, [x16, #CTX_CPACR - CTX_FPU]
    stp     q0, q1, [x16, #FP_V0 + 0]
    stp     q2, q3, [x16, #FP_V0 + 32]
    stp     q4, q5, [x16, #FP_V0 + 64]
    stp     q6, q7, [x16, #FP_V0 + 96]
    stp     q8, q9, [x16, #FP_V0 + 128]
    stp     q10, q11, [x16, #FP_V0 + 160]
    stp     q12, q13, [x16, #FP_V0 + 192]
    stp     q14, q15, [x16, #FP_V0 + 224]
    stp     q16, q17, [x16, #FP_V0 + 256]
    stp     q18, q19, [x16, #FP_V0 + 288]
    stp     q20, q21, [x16, #FP_V0 + 320]
    stp     q22, q23, [x16, #FP_V0 + 352]
    stp     q24, q25, [x16, #FP_V0 + 384]
    stp     q26, q27, [x16, #FP_V0 + 416]
    stp     q28, q29, [x16, #FP_V0 + 448]
    stp     q30, q31, [x16, #FP_V0 + 480]
    mrs     x14, fpcr
    str     x14, [x16, #FP_FPCR]
    mrs     x14, fpsr
    str     x14, [x16, #FP_FPSR]
1:  mov     x16, x17
    ldp     q0, q1, [x16, #FP_V0 + 0]
    ldp     q2, q3, [x16, #FP_V0 + 32]
    ldp     q4, q5, [x16, #FP_V0 + 64]
    ldp     q6, q7, [x16, #FP_V0 + 96]
    ldp     q8, q9, [x16, #FP_V0 + 128]
    ldp     q10, q11, [x16, #FP_V0 + 160]
    ldp     q12, q13, [x16, #FP_V0 + 192]
    ldp     q14, q15, [x16, #FP_V0 + 224]
    ldp     q16, q17, [x16, #FP_V0 + 256]
    ldp     q18, q19, [x16, #FP_V0 + 288]
    ldp     q20, q21, [x16, #FP_V0 + 320]
    ldp     q22, q23, [x16, #FP_V0 + 352]
    ldp     q24, q25, [x16, #FP_V0 + 384]
    ldp     q26, q27, [x16, #FP_V0 + 416]
    ldp     q28, q29, [x16, #FP_V0 + 448]
    ldp     q30, q31, [x16, #FP_V0 + 480]
    ldr     x14, [x16, #FP_FPCR]
    msr     fpcr, x14
    ldr     x14, [x16, #FP_FPSR]
    msr     fpsr, x14
    str     x16, [x15, #CPU_FP_OWNER]
    mov     x14, #CPACR_FP_ALL
    stur    x14, [x16, #CTX_CPACR - CTX_FPU]
    msr     cpacr_el1, x14
    ldp     x14, x15, [sp, #UF_X(14)]
    ldp     x16, x17, [sp, #UF_X(16)]
    eret
    dsb     nsh                         // no speculation past eret
    isb

// First code of a kernel thread (context_init_kernel): x19 = entry,
// sp = the thread's kernel stack top. The entry must not return.
    .global arch_kernel_thread_start
arch_kernel_thread_start:
    mov     x29, #0
    blr     x19
    bl      arch_kernel_thread_returned
