// SPDX-License-Identifier: BSD-2-Clause
// Debug console on the board's NS16550A (port/console.hpp). Before the
// UART is mapped, characters go through the SBI legacy console so that
// early boot errors are still seen.
#include <arch/hooks.hpp>
#include <arch/sbi.hpp>
#include <drivers/uart_16550.hpp>
#include <kern/console.hpp>
#include <kern/lib.hpp>
#include <kern/port/console.hpp>
#include <kern/port/mmu.hpp>
#include <platform/board.hpp>
#include "board_devices.hpp"

namespace platform {

namespace {

drivers::Uart_16550 uart;

using kern::fdt::Node;

// The node /chosen stdout-path names ("/soc/serial@10000000:115200n8"), if any.
Node stdout_node(const kern::fdt::Tree& dt) {
    Node chosen = dt.find_path("/chosen");
    const char* path = chosen == kern::fdt::none ? nullptr : dt.property_string(chosen, "stdout-path");
    if (!path || path[0] != '/') return kern::fdt::none;
    char buf[128];
    size_t n = 0;
    while (path[n] && path[n] != ':' && n + 1 < sizeof buf) {
        buf[n] = path[n];
        ++n;
    }
    buf[n] = '\0';
    return dt.find_path(buf);
}

}  // namespace

void console_init(const kern::fdt::Tree& dt) {
    Node n = stdout_node(dt);
    if (n == kern::fdt::none || !dt.compatible(n, board::uart_compatible))
        n = dt.find_compatible(board::uart_compatible);
    kern::paddr_t base, size;
    if (n == kern::fdt::none || !dt.reg(n, 0, &base, &size)) {
        kern::printf("console: no %s in the device tree, staying on the SBI console\n", board::uart_compatible);
        return;
    }
    volatile void* regs = port::io_map(base, size);
    unsigned shift = dt.property_u32(n, "reg-shift", 0);
    auto access = dt.property_u32(n, "reg-io-width", 1) == 4 ? drivers::Uart_16550_regs::mmio32(regs, shift)
                                                             : drivers::Uart_16550_regs::mmio8(regs, shift);
    // Keep the divisor the firmware set (clock 0): QEMU ignores it anyway
    // and real firmware has already chosen the board's baud rate.
    uart.init(access, 0, 0);
    kern::printf("console: ns16550a at %lx, reg-shift %u\n", base, shift);
}

}  // namespace platform

namespace port {

void console_putc(char c) {
    if (platform::uart.ready()) {
        platform::uart.putc(c);
    } else {
        arch::sbi::console_putchar(c);
    }
}

int console_getc() { return platform::uart.ready() ? platform::uart.getc() : arch::sbi::console_getchar(); }

bool console_input_claimed() { return platform::uart.rx_interrupt_enabled(); }

}  // namespace port
