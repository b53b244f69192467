// SPDX-License-Identifier: BSD-2-Clause
// Ending the machine with an exit status through QEMU's sifive_test device
// (port::power_off), with SBI system reset as the fallback.
#include <arch/sbi.hpp>
#include <kern/console.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <platform/board.hpp>
#include "board_devices.hpp"

namespace platform {

namespace {
volatile uint32_t* test_device = nullptr;
}  // namespace

void power_init(const kern::fdt::Tree& dt) {
    kern::fdt::Node n = dt.find_compatible(board::test_compatible);
    kern::paddr_t base, size;
    if (n == kern::fdt::none || !dt.reg(n, 0, &base, &size)) {
        // QEMU virt always has one; a tree without it is unusual, so say so.
        base = board::test_default;
        size = kern::page_size;
        kern::printf("power: no %s in the device tree, using %lx\n", board::test_compatible, base);
    }
    test_device = static_cast<volatile uint32_t*>(port::io_map(base, size));
}

}  // namespace platform

void port::power_off(unsigned status) {
    if (volatile uint32_t* dev = platform::test_device) {
        *dev = status == 0 ? platform::board::test_pass : (platform::board::test_fail | (status << 16));
    }
    // No test device (or it did not stop us): SBI shutdown loses the status.
    arch::sbi::system_reset(0, status == 0 ? 0 : 1);
    port::halt_cpu();
}
