// SPDX-License-Identifier: BSD-2-Clause
// Contract: what every architecture supplies about the processor it runs on.
// Implemented in kernel/arch/<arch>/ (inline in <arch/cpu.hpp> or in a .cc).
#pragma once

#include <kern/port/cpu_local.hpp>
#include <kern/types.hpp>

namespace kern { struct Cpu_local; }

namespace port {

/// Local interrupt masking. The kernel runs with interrupts disabled except
/// in the idle loop; these are used around the few places that must not be
/// interrupted there.
void irq_disable();
void irq_enable();

/// Idle: enables interrupts, waits for one (wfi/hlt) and returns with
/// interrupts disabled again after the interrupt has been handled. Any
/// interrupt taken here is handled on the idle thread's kernel stack.
void idle_wait();

/// Installs the per-CPU block of the calling CPU (kept in a register the
/// user cannot change: x86_64 GS base in kernel mode, aarch64 TPIDR_EL1,
/// riscv64 tp while in the kernel / sscratch while in user mode).
void set_cpu_local(kern::Cpu_local* cpu);
// port::cpu_local() itself is inline: kern/port/cpu_local.hpp.

/// Stops this CPU for good, interrupts off.
[[noreturn]] void halt_cpu();

/// Ends the machine with an exit status (QEMU: isa-debug-exit, semihosting
/// or sifive_test; see docs/testing.md). status 0 = success.
[[noreturn]] void power_off(unsigned status);

/// ELF e_machine of programs for this CPU (the kernel checks the initial
/// servers against it).
uint16_t elf_machine();

/// Microseconds since an arbitrary point at boot, monotonic, from a real
/// clock source (TSC / generic timer / time CSR).
uint64_t clock_us();

}  // namespace port
