// SPDX-License-Identifier: BSD-2-Clause
// x86 only: the I/O-port register access for the 16550 driver (PC COM ports).
// Kept apart from <drivers/uart_16550.hpp> because port I/O instructions do
// not exist on the other architectures.
#pragma once

#include <arch/port_io.hpp>
#include <drivers/uart_16550.hpp>

namespace drivers {

/// Registers at consecutive I/O ports from port (COM1 = 0x3f8).
inline Uart_16550_regs uart_16550_port_io(uint16_t port) {
    auto read = [](uintptr_t base, uintptr_t off) {
        return arch::inb(static_cast<uint16_t>(base + off));
    };
    auto write = [](uintptr_t base, uintptr_t off, uint8_t v) {
        arch::outb(static_cast<uint16_t>(base + off), v);
    };
    return {port, 0, read, write};
}

}  // namespace drivers
