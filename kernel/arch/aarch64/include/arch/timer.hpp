// SPDX-License-Identifier: BSD-2-Clause
// The Arm generic timer as the kernel tick: the EL1 virtual timer (CNTV),
// which EL1 owns whether the kernel was entered at EL1 or EL2 (head.S sets
// CNTVOFF_EL2 = 0 then). Its interrupt is a PPI the board finds in the
// device tree's /timer node.
#pragma once

#include <kern/types.hpp>

namespace arch::timer {

/// Counter frequency (CNTFRQ_EL0) in Hz.
uint64_t frequency();

/// Starts the periodic tick on this CPU: hz interrupts per second.
void start(unsigned hz);

/// Called on each timer interrupt: programs the next tick (skipping ticks
/// that were missed, never firing in a burst).
void acknowledge();

/// Index of the virtual timer in the DT /timer "interrupts" list
/// (secure phys, non-secure phys, virtual, hypervisor).
inline constexpr unsigned dt_interrupt_index = 2;
/// Its usual PPI (INTID 27) when the DT does not say.
inline constexpr unsigned default_intid = 27;

}  // namespace arch::timer
