// SPDX-License-Identifier: BSD-2-Clause
// What aarch64 boot learnt that later code (the platform) needs.
#pragma once

#include <kern/fdt.hpp>

namespace arch {

/// The device tree the loader passed in x0 (validated, fully mapped).
const kern::fdt::Tree& device_tree();

/// Exception level the kernel was entered at (1 or 2; it runs at EL1).
unsigned entry_el();

}  // namespace arch
