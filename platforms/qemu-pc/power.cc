// SPDX-License-Identifier: BSD-2-Clause
// port::power_off on QEMU pc: the isa-debug-exit device carries the exit
// status; without it, ACPI S5 through the PIIX4 PM block (QEMU: port 0x604)
// still stops the machine.
#include <arch/port_io.hpp>
#include <kern/port/cpu.hpp>
#include <platform/board.hpp>

namespace port {

void power_off(unsigned status) {
    using namespace platform::board;
    arch::outb(debug_exit_port, static_cast<uint8_t>(status + debug_exit_bias));
    arch::outw(0x604, 0x2000);   // SLP_TYPa = 0 (S5 on QEMU), SLP_EN
    halt_cpu();
}

}  // namespace port
