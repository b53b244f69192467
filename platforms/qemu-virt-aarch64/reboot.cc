// SPDX-License-Identifier: BSD-2-Clause
// port::reboot on QEMU virt (aarch64): PSCI SYSTEM_RESET through the
// conduit the device tree names. QEMU started with -no-reboot exits
// instead of restarting.
#include <arch/psci.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/reset.hpp>

namespace port {

void reboot() {
    constexpr kern::word_t fn_system_reset = 0x84000009;   // PSCI 0.2+
    irq_disable();
    if (arch::psci::available()) arch::psci::call(fn_system_reset, 0, 0, 0);
    power_off(0);
}

}  // namespace port
