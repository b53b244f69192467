/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Byte offsets and sizes that the aarch64 assembly (exception entry, context
 * switch, the glue's system-call entry and IPC fast path) shares with C++.
 * Plain #defines so that .S files can include this; every value is checked
 * against offsetof/sizeof in <arch/context.hpp> and <arch/cpu_data.hpp>, so
 * a layout change that forgets this file fails to compile.
 */
#ifndef WALNUT_ARCH_ASM_OFFSETS_H
#define WALNUT_ARCH_ASM_OFFSETS_H

/* arch::User_frame: x0..x30, then the special registers. */
#define UF_X(n)          ((n) * 8)
#define UF_SP            (31 * 8)   /* sp_el0 (user) or the interrupted kernel sp */
#define UF_PC            (32 * 8)   /* elr_el1 */
#define UF_PSTATE        (33 * 8)   /* spsr_el1 */
#define UF_TPIDR         (34 * 8)   /* tpidr_el0: user thread pointer */
#define UF_TPIDRRO       (35 * 8)   /* tpidrro_el0: MyLocalId */
#define UF_ESR           (36 * 8)   /* diagnostics: syndrome of the last exception */
#define UF_FAR           (37 * 8)   /* diagnostics: its fault address */
#define UF_SIZE          (38 * 8)   /* 304: a multiple of 16 keeps sp aligned */

/* arch::Context: callee-saved registers, kernel sp, then the FP/SIMD state. */
#define CTX_X19          0          /* x19..x28 */
#define CTX_FP           80         /* x29 */
#define CTX_LR           88         /* x30 */
#define CTX_SP           96
#define CTX_CPACR        104        /* CPACR_EL1 for this thread: FP/SIMD for EL0 iff it owns them */
#define CTX_FPU          112        /* arch::Fp_state */
#define CTX_SIZE         640

/* arch::Fp_state (relative to CTX_FPU). */
#define FP_V0            0          /* v0..v31, 16 bytes each */
#define FP_FPCR          512
#define FP_FPSR          520

/* arch::Cpu_data, at offset 0 of the per-CPU block TPIDR_EL1 points at. */
#define CPU_FP_OWNER     16         /* Fp_state whose values are in the FP registers */

/* CPACR_EL1.FPEN: FP/SIMD for EL1 only (EL0 traps, EC 0x07), or for both. */
#define CPACR_FP_EL1     (1 << 20)
#define CPACR_FP_ALL     (3 << 20)

/* ESR_EL1 exception classes the entry code dispatches on. */
#define ESR_EC_SHIFT     26
#define ESR_EC_FP_ACCESS 0x07
#define ESR_EC_SVC64     0x15

#endif
