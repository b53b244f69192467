// SPDX-License-Identifier: BSD-2-Clause
// ACPI table reader (ACPI 6.x, sections 5.2.5-5.2.12): finds the RSDP in
// the BIOS areas, walks the RSDT/XSDT and decodes the MADT: local APIC
// address, CPUs, I/O APICs and ISA interrupt overrides. PC firmware only.
#pragma once

#include <stdint.h>
#include <kern/types.hpp>

namespace drivers::acpi {

inline constexpr kern::paddr_t default_lapic_address = 0xFEE00000;
inline constexpr kern::paddr_t default_ioapic_address = 0xFEC00000;

struct Ioapic {
    uint8_t id;
    kern::paddr_t address;
    uint32_t gsi_base;   // first global system interrupt of this I/O APIC
};

/// An ISA IRQ wired to a different GSI or with non-ISA polarity/trigger.
struct Irq_override {
    uint8_t isa_irq;
    uint32_t gsi;
    uint16_t flags;   // MPS INTI flags: bits 1:0 polarity, 3:2 trigger mode
};

struct Madt_info {
    static constexpr unsigned max_cpus = 64;
    static constexpr unsigned max_ioapics = 8;
    static constexpr unsigned max_overrides = 16;

    bool found = false;                 // an MADT was found and decoded
    kern::paddr_t lapic_address = default_lapic_address;
    bool legacy_pics = true;            // PCAT_COMPAT: dual 8259 present
    unsigned cpu_count = 0;             // enabled (or online-capable) local APICs
    uint32_t apic_id[max_cpus] = {};
    unsigned ioapic_count = 0;
    Ioapic ioapic[max_ioapics] = {};
    unsigned override_count = 0;
    Irq_override override_[max_overrides] = {};
};

/// Reads the tables once (through port::phys_to_virt, so after the
/// physmap is up) and prints what it found, or a note that it falls back
/// to the standard PC addresses. Later calls return the same result.
const Madt_info& init();

/// The result of init().
const Madt_info& madt();

}  // namespace drivers::acpi
