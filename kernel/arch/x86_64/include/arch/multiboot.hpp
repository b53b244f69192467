// SPDX-License-Identifier: BSD-2-Clause
// Multiboot 1 information structures (Multiboot Specification 0.6.96,
// section 3.3) and the translation into kern::Boot_info.
#pragma once

#include <stdint.h>
#include <kern/boot_info.hpp>

namespace arch::multiboot {

inline constexpr uint32_t boot_magic = 0x2BADB002;

struct [[gnu::packed]] Info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
    // APM and VBE fields follow; not used.
};

struct [[gnu::packed]] Module {
    uint32_t start, end;
    uint32_t string;
    uint32_t reserved;
};

struct [[gnu::packed]] Mmap_entry {
    uint32_t size;  // of the rest of the entry (without this field)
    uint64_t base, length;
    uint32_t type;  // 1 = available RAM, 3 = ACPI reclaimable, 4 = NVS, ...
};

inline constexpr uint32_t flag_mem = 1u << 0, flag_cmdline = 1u << 2, flag_mods = 1u << 3,
                          flag_mmap = 1u << 6, flag_loader_name = 1u << 9;

/// Fills RAM, firmware regions, boot data, archive and command line from
/// the multiboot information at physical address info_pa. Physical
/// addresses are read through the boot identity map (low 4 GiB). Stops
/// with kern::boot_error on unusable information.
void parse(uint32_t magic, uint32_t info_pa, kern::Boot_info& out);

}  // namespace arch::multiboot
