// SPDX-License-Identifier: BSD-2-Clause
// riscv64 boot: what the device tree tells the arch before kernel_main.
#pragma once

#include <kern/boot_info.hpp>
#include <kern/fdt.hpp>

namespace arch {

/// Facts read from the device tree that are not part of kern::Boot_info.
struct Dt_facts {
    /// Reserved regions marked no-map: left out of the physmap (OpenSBI's
    /// region is PMP-protected; a mapping invites speculative accesses).
    kern::Boot_region_list no_map;
    /// Frequency of the time CSR (/cpus timebase-frequency), 0 if absent.
    uint64_t timebase_hz = 0;
};

/// Fills info (RAM, firmware, boot_data, archive, command line, CPUs) from
/// the device tree at dtb_pa. The kernel image range is filled by the caller.
void read_device_tree(const kern::fdt::Tree& dt, kern::paddr_t dtb_pa, kern::word_t boot_hartid,
                      kern::Boot_info& info, Dt_facts& facts);

}  // namespace arch
