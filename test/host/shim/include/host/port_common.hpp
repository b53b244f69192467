// SPDX-License-Identifier: BSD-2-Clause
// The port contract functions (kern/port/*.hpp) every host build shares
// (shim/port_common.cc): the unit tests' fakes (fake_port.cc) and the fuzz
// targets' port (test/hostfuzz/support/fuzz_port.cc) add only the few whose
// behaviour they need differently. A new port function with no behaviour a
// host test looks at gets its one stub in port_common.cc.
#pragma once

#include <cstdint>
#include <set>

namespace kern {
struct Cpu_local;
}

namespace host {

/// Interrupt state as port::irq_disable/irq_enable left it.
bool irqs_enabled();

/// Interrupt lines port::irq_unmask enabled and port::irq_mask did not
/// disable since (all masked at the start).
std::set<unsigned>& irq_unmasked();

/// Value port::clock_us returns (0 at the start).
void set_clock_us(uint64_t us);
uint64_t clock_us();

/// ELF e_machine port::elf_machine reports: the host's, EM_X86_64.
inline constexpr uint16_t elf_machine = 62;

}  // namespace host
