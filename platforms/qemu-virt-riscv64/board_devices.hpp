// SPDX-License-Identifier: BSD-2-Clause
// Private to the qemu-virt-riscv64 board code: the steps of early_init,
// each in its own file.
#pragma once

#include <kern/fdt.hpp>

namespace platform {

/// Maps and programs the UART /chosen stdout-path names (or the first
/// ns16550a); the console falls back to SBI until this ran.
void console_init(const kern::fdt::Tree& dt);

/// Finds and maps the sifive,test0 exit device.
void power_init(const kern::fdt::Tree& dt);

}  // namespace platform
