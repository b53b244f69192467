// SPDX-License-Identifier: BSD-2-Clause
// port::platform_init for QEMU virt (aarch64): interrupt controller and the
// kernel tick, found in the device tree the arch boot code validated.
#include <arch/boot.hpp>
#include <kern/port/platform.hpp>
#include <platform/interrupts.hpp>

namespace port {

void platform_init(const kern::Boot_info&) {
    const kern::fdt::Tree& dt = arch::device_tree();
    platform::interrupts_init(dt);
    platform::timer_init(dt);
}

}  // namespace port
