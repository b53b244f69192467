// SPDX-License-Identifier: BSD-2-Clause
// The board's interrupt controller: GICv2 or GICv3, whichever the device
// tree names, behind one small interface for the rest of the platform.
#pragma once

#include <kern/fdt.hpp>

namespace platform {

/// Finds, maps and initialises the GIC (all lines masked); prints a line.
void interrupts_init(const kern::fdt::Tree& dt);

/// Starts the generic timer's periodic tick and unmasks its PPI (from the
/// DT /timer node); prints a line.
void timer_init(const kern::fdt::Tree& dt);

}  // namespace platform
