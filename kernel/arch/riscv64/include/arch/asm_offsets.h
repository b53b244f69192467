/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Byte offsets and sizes that the riscv64 assembly (trap entry, context
 * switch, FP switch, the glue's system-call entry and IPC fast path) shares
 * with C++. Plain #defines so that .S files can include this; every value is
 * checked against offsetof/sizeof in <arch/context.hpp> and
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
#define CTX_USER_FRAME   (112 + 34 * 8)   /* the thread's User_frame (fixed) */
#define CTX_SIZE         (112 + 35 * 8)

/* arch::Cpu_data (offset 0 of kern::Cpu_local, which tp points to). Kept
 * small so that the generic per-CPU fields behind it stay within the 12-bit
 * load/store offsets of the assembly. */
#define CPU_USER_FRAME   0    /* user frame of the current thread (top of its kernel stack) */
#define CPU_USER_SP      8    /* user sp parked during trap entry */
#define CPU_ASID_SLOTS   16   /* Asid_slot[asid_slot_count]: root and satp last activated per ASID */
#define CPU_ASID_LIMIT   24   /* ASIDs below this (and above 0) are used as hardware ASIDs */
#define CPU_CLOCK_DIVISOR 32  /* time-CSR ticks per microsecond if whole, else 0 */
#define CPU_IPC_RESUME   80   /* Context::ra of a thread the glue's IPC fast path blocks */
#define ASID_SLOT_LOG2   4    /* sizeof(Asid_slot) */
#define ASID_SLOT_ROOT   0
#define ASID_SLOT_SATP   8

/* sstatus / scause values the assembly tests. */
#define SSTATUS_FS_MASK  0x6000
#define CAUSE_ECALL_U    8

#endif
