// SPDX-License-Identifier: BSD-2-Clause
// Contract: board devices the generic kernel starts after its memory is up.
// Implemented by platforms/<board>/ with the shared drivers it lists.
#pragma once

#include <kern/boot_info.hpp>
#include <kern/types.hpp>

namespace port {

/// Initialises the interrupt controller(s) (all lines masked) and starts the
/// periodic timer at kern::config::tick_hz on the boot CPU. Timer interrupts
/// are delivered to kern::on_timer_tick() from then on, as soon as the
/// CPU enables interrupts. Prints one line per device it found.
void platform_init(const kern::Boot_info& info);

/// Number of interrupt lines of the interrupt controller (X.2 SystemBase).
unsigned irq_lines();

/// Masks / unmasks one device interrupt line. Level-triggered lines stay
/// masked from the interrupt until the user-level handler acknowledges it.
void irq_mask(unsigned line);
void irq_unmask(unsigned line);

/// True if 'line' (< irq_lines()) is a device line user level may handle:
/// it exists and the kernel does not use it (timer, IPIs, per-CPU lines).
bool irq_assignable(unsigned line);

}  // namespace port
