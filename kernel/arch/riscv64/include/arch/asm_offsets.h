/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Byte offsets and sizes that the riscv64 assembly (trap entry, context
 * switch) shares with C++. Plain #defines so that .S files can include this;
 * every value is checked against offsetof/sizeof in <arch/context.hpp> and
 * <arch/cpu_data.hpp>, so a layout change that forgets this file fails to
 * compile instead of corrupting registers.
 */
#ifndef WALNUT_ARCH_ASM_OFFSETS_H
#define WALNUT_ARCH_ASM_OFFSETS_H

/* arch::User_frame: word 0 = sepc, words 1..31 = x1..x31, then CSRs. */
#define UF_X(n)          ((n) * 8)
#define UF_SEPC          0
#define UF_SSTATUS       (32 * 8)
#define UF_SCAUSE        (33 * 8)
#define UF_STVAL         (34 * 8)
#define UF_SIZE          (36 * 8)   /* keeps sp 16-byte aligned */

/* arch::Context: callee-saved integer registers, then the FP state. */
#define CTX_RA           0
#define CTX_SP           8
#define CTX_S(n)         (16 + (n) * 8)   /* s0..s11 */
#define CTX_F(n)         (112 + (n) * 8)  /* f0..f31 */
#define CTX_FCSR         (112 + 32 * 8)
#define CTX_SIZE         (112 + 34 * 8)

/* arch::Cpu_data (offset 0 of kern::Cpu_local, which tp points to). */
#define CPU_KSTACK_TOP   0    /* kernel stack top of the current thread */
#define CPU_USER_SP      8    /* user sp parked during trap entry */

#endif
