// SPDX-License-Identifier: BSD-2-Clause
// Kernel console on COM1 (port/console.hpp). Port I/O needs no mapping, so
// the UART is set up on first use and works from the first boot message.
#include <drivers/uart_16550.hpp>
#include <drivers/uart_16550_port.hpp>
#include <kern/port/console.hpp>
#include <platform/board.hpp>

namespace {

constinit drivers::Uart_16550 com1{};

const drivers::Uart_16550& uart() {
    if (!com1.ready())
        com1.init(drivers::uart_16550_port_io(platform::board::com1_port), platform::board::uart_clock_hz,
                  platform::board::uart_baud);
    return com1;
}

}  // namespace

namespace port {

void console_putc(char c) { uart().putc(c); }

int console_getc() { return uart().getc(); }
bool console_input_claimed() { return uart().rx_interrupt_enabled(); }

}  // namespace port
