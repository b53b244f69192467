// SPDX-License-Identifier: BSD-2-Clause
// port::reboot on QEMU virt (riscv64): SBI system reset, cold reboot.
// QEMU started with -no-reboot exits instead of restarting.
#include <arch/sbi.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/reset.hpp>

namespace port {

void reboot() {
    irq_disable();
    arch::sbi::system_reset(1, 0);   // type 1: cold reboot; reason 0: none
    power_off(0);
}

}  // namespace port
