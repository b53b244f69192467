// SPDX-License-Identifier: BSD-2-Clause
// What the architecture's early boot code hands to the generic kernel: the
// machine's memory, where the boot archive is, the command line. Filled from
// multiboot (x86_64) or the device tree (aarch64, riscv64).
#pragma once

#include <kern/types.hpp>

namespace kern {

struct Boot_region {
    paddr_t base = 0;
    paddr_t size = 0;
    constexpr paddr_t end() const { return base + size; }
};

/// A bounded list of physical regions.
struct Boot_region_list {
    static constexpr unsigned capacity = 32;
    Boot_region region[capacity];
    unsigned count = 0;

    /// Appends [base, base+size); returns false when the list is full.
    bool add(paddr_t base, paddr_t size) {
        if (size == 0) return true;
        if (count == capacity) return false;
        region[count++] = Boot_region{base, size};
        return true;
    }
};

struct Boot_info {
    /// Usable RAM (multiboot type 1, device-tree /memory).
    Boot_region_list ram;
    /// RAM that firmware keeps (OpenSBI, /reserved-memory, BIOS data): never
    /// used by the kernel nor handed out; reported as reserved in the KIP.
    Boot_region_list firmware;
    /// Loader data worth keeping for user level (the device tree, multiboot
    /// information): not used by the kernel, reported to user level as
    /// boot-loader specific memory (type 0xE, subtype 1).
    Boot_region_list boot_data;
    /// The kernel image in physical memory, from its first byte to the end of .bss.
    Boot_region kernel_image;
    /// The boot archive (initrd / multiboot module). size 0 = none was given.
    Boot_region archive;
    /// Physical address of the flattened device tree, 0 if none.
    paddr_t dtb = 0;
    /// Kernel command line (NUL-terminated; empty if none).
    char cmdline[256] = {};
    /// Number of CPUs the firmware describes (only the boot CPU runs so far).
    unsigned cpu_count = 1;
    /// Hardware id of the boot CPU (APIC id, MPIDR affinity, hart id).
    word_t boot_cpu_hwid = 0;
    /// Processor clock and bus clock in kHz for the KIP (0 = unknown).
    word_t cpu_khz = 0;
    word_t bus_khz = 0;
};

/// The generic kernel. Called once, on the boot CPU, by the architecture's
/// boot code with: the MMU on and the kernel running at its link address,
/// all RAM reachable through port::phys_to_virt, a valid kernel stack, the
/// console working, interrupts disabled, and the per-CPU pointer of CPU 0
/// installed (port::set_cpu_local).
[[noreturn]] void kernel_main(Boot_info& info);

}  // namespace kern
