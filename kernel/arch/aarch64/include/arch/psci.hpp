// SPDX-License-Identifier: BSD-2-Clause
// PSCI (Arm DEN 0022): firmware calls for power control, through the
// conduit (hvc or smc) the device tree's /psci node names.
#pragma once

#include <kern/fdt.hpp>
#include <kern/types.hpp>

namespace arch::psci {

/// Reads /psci (method = "hvc" | "smc"). Without the node PSCI is unused.
void init(const kern::fdt::Tree& dt);
bool available();

/// SYSTEM_OFF. Returns only if there is no PSCI or the firmware refused.
void system_off();

/// Raw call: function id and up to three arguments; returns x0.
kern::word_t call(kern::word_t function, kern::word_t a1, kern::word_t a2, kern::word_t a3);

}  // namespace arch::psci
