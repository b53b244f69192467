// SPDX-License-Identifier: BSD-2-Clause
// Ending the machine: semihosting SYS_EXIT carries the exit status to QEMU
// (-semihosting); without semihosting, PSCI SYSTEM_OFF from the device
// tree's /psci node (QEMU then exits with status 0); failing both, stop.
#include <arch/psci.hpp>
#include <arch/semihosting.hpp>
#include <kern/port/cpu.hpp>

namespace port {

void power_off(unsigned status) {
    irq_disable();
    arch::semihosting::exit(status);
    arch::psci::system_off();
    halt_cpu();
}

}  // namespace port
