// SPDX-License-Identifier: BSD-2-Clause
// The kernel console on the PL011 the device tree's /chosen stdout-path
// names (QEMU virt: /pl011@9000000).
#include <arch/platform_hooks.hpp>
#include <drivers/pl011.hpp>
#include <kern/lib.hpp>
#include <kern/port/console.hpp>
#include <kern/port/mmu.hpp>
#include <platform/board.hpp>

namespace platform {

namespace fdt = kern::fdt;

namespace {

constinit drivers::Pl011 uart;

// stdout-path is "path[:options]" or "alias[:options]".
fdt::Node stdout_node(const fdt::Tree& dt) {
    fdt::Node chosen = dt.find_path("/chosen");
    const char* sp = chosen == fdt::none ? nullptr : dt.property_string(chosen, "stdout-path");
    if (!sp) return fdt::none;
    char path[128];
    size_t n = 0;
    while (sp[n] && sp[n] != ':' && n + 1 < sizeof path) {
        path[n] = sp[n];
        ++n;
    }
    path[n] = '\0';
    if (path[0] != '/') {
        fdt::Node aliases = dt.find_path("/aliases");
        const char* full = aliases == fdt::none ? nullptr : dt.property_string(aliases, path);
        return full ? dt.find_path(full) : fdt::none;
    }
    return dt.find_path(path);
}

}  // namespace

void console_init(const fdt::Tree* dt) {
    kern::paddr_t base = board::fallback_uart;
    kern::paddr_t size = board::fallback_uart_size;
    if (dt) {
        fdt::Node n = stdout_node(*dt);
        if (n == fdt::none || !dt->compatible(n, "arm,pl011")) n = dt->find_compatible("arm,pl011");
        if (n == fdt::none || !dt->reg(n, 0, &base, &size)) return;   // no console at all
    }
    // The baud rate stays what firmware set (QEMU ignores it anyway).
    uart.init(port::io_map(base, size), 0, 0);
}

}  // namespace platform

namespace port {

void console_putc(char c) { platform::uart.putc(c); }
int console_getc() { return platform::uart.getc(); }
bool console_input_claimed() { return platform::uart.rx_interrupt_enabled(); }

}  // namespace port
