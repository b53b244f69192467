// SPDX-License-Identifier: BSD-2-Clause
// The port::cpu contract on aarch64: interrupt masking, idling, the per-CPU
// pointer in TPIDR_EL1, stopping.
#include <arch/sysreg.hpp>
#include <kern/cpu_local.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>

namespace port {

void irq_disable() { asm volatile("msr daifset, #2" ::: "memory"); }
void irq_enable() { asm volatile("msr daifclr, #2" ::: "memory"); }

void idle_wait() {
    // wfi wakes on a pending interrupt even while it is masked, so waiting
    // masked and unmasking afterwards cannot miss one that arrives just
    // before the wfi. The interrupt is taken at the daifclr, on this
    // (the idle thread's) stack.
    asm volatile("dsb sy; wfi; msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
}

void set_cpu_local(kern::Cpu_local* cpu) {
    arch::write_tpidr_el1(reinterpret_cast<kern::word_t>(cpu));
}


void halt_cpu() {
    asm volatile("msr daifset, #0xf" ::: "memory");
    for (;;) asm volatile("wfi");
}

uint16_t elf_machine() { return 183; }   // EM_AARCH64

}  // namespace port

/// A kernel thread's entry function returned (context.S).
extern "C" [[noreturn]] void arch_kernel_thread_returned() {
    kern::panic("a kernel thread's entry function returned");
}
