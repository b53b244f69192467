// SPDX-License-Identifier: BSD-2-Clause
// Interrupt controllers of the QEMU pc board, shared by its init and timer code.
#pragma once

#include <drivers/lapic.hpp>

namespace platform {

/// This CPU's local APIC (the boot CPU's until SMP).
extern drivers::Lapic lapic;

/// 8259s masked, local APIC enabled, every I/O APIC line routed to this
/// CPU and masked.
void init_interrupt_controllers();

}  // namespace platform
