// SPDX-License-Identifier: BSD-2-Clause
// port::reboot on QEMU pc: a hard reset through the PIIX/ICH reset control
// register (0xCF9), then the keyboard controller's reset line (0x64).
// QEMU started with -no-reboot exits instead of restarting.
#include <arch/port_io.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/reset.hpp>

namespace port {

void reboot() {
    irq_disable();
    arch::outb(0xCF9, 0x02);   // select a hard reset ...
    arch::outb(0xCF9, 0x06);   // ... and start it
    arch::outb(0x64, 0xFE);    // 8042: pulse the CPU reset line
    power_off(0);
}

}  // namespace port
