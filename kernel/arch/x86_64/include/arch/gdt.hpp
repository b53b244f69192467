// SPDX-License-Identifier: BSD-2-Clause
// Per-CPU GDT and TSS (inside arch::Cpu_data): flat code and data segments
// in the order SYSCALL/SYSRET require, and the TSS with rsp0 and the IST
// stacks for double faults, NMIs and machine checks.
#pragma once

#include <arch/cpu_data.hpp>

namespace arch {

inline constexpr unsigned ist_double_fault = 1;
inline constexpr unsigned ist_nmi = 2;

/// Fills cpu's GDT and TSS and loads them (LGDT, segment reloads, LTR) on
/// the calling CPU. index selects this CPU's IST stacks.
void gdt_init(Cpu_data& cpu, unsigned index);

/// Kernel stack for traps and system calls from user mode (the current
/// thread's stack top; the SYSCALL entry reads it as CPU_KERNEL_RSP).
inline void set_kernel_stack(Cpu_data& cpu, uint64_t top) { cpu.tss.rsp[0] = top; }

}  // namespace arch
