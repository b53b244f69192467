// SPDX-License-Identifier: BSD-2-Clause
// riscv64 processor control for the generic kernel: interrupt masking,
// idling, the per-CPU pointer in tp, stopping the hart.
#include <arch/cpu.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/cpu.hpp>

namespace port {

void irq_disable() { arch::csr_clear<arch::csr::sstatus>(arch::sstatus_sie); }

void irq_enable() { arch::csr_set<arch::csr::sstatus>(arch::sstatus_sie); }

void idle_wait() {
    // wfi wakes on any interrupt pending in sie even with SIE off, so
    // waiting first and then opening SIE for one instruction cannot lose a
    // wake-up that arrives between the decision to idle and the wfi. The
    // interrupt is taken right after the csrs (a CSR write that enables a
    // pending interrupt makes it visible before the next instruction).
    arch::wfi();
    arch::csr_set<arch::csr::sstatus>(arch::sstatus_sie);
    arch::csr_clear<arch::csr::sstatus>(arch::sstatus_sie);
}

void set_cpu_local(kern::Cpu_local* cpu) { asm volatile("mv tp, %0" ::"r"(cpu) : "memory"); }

uint16_t elf_machine() { return 243; }  // EM_RISCV

void halt_cpu() {
    irq_disable();
    arch::csr_write<arch::csr::sie>(0);
    for (;;) arch::wfi();
}

}  // namespace port
