/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Byte offsets and sizes that the aarch64 assembly (exception entry, context
 * switch) shares with C++. Plain #defines so that .S files can include this;
 * every value is checked against offsetof/sizeof in <arch/context.hpp>, so a
 * layout change that forgets this file fails to compile.
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
#define CTX_V0           112        /* v0..v31, 16 bytes each */
#define CTX_FPCR         624
#define CTX_FPSR         632
#define CTX_SIZE         640

#endif
