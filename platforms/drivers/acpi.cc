// SPDX-License-Identifier: BSD-2-Clause
// ACPI RSDP/RSDT/XSDT/MADT reader. Every table is checksummed and every
// length bounded before it is used: firmware tables are trusted no further
// than needed to find the interrupt controllers.
#include <drivers/acpi.hpp>
#include <kern/console.hpp>
#include <kern/lib.hpp>
#include <kern/port/mmu.hpp>

namespace drivers::acpi {

namespace {

struct [[gnu::packed]] Rsdp {
    char signature[8];   // "RSD PTR "
    uint8_t checksum;    // first 20 bytes
    char oem[6];
    uint8_t revision;    // 0 = ACPI 1.0 (RSDT only), >= 2: XSDT
    uint32_t rsdt;
    uint32_t length;     // revision >= 2
    uint64_t xsdt;
    uint8_t extended_checksum;
    uint8_t reserved[3];
};

struct [[gnu::packed]] Header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem[6];
    char oem_table[8];
    uint32_t oem_revision;
    uint32_t creator, creator_revision;
};

struct [[gnu::packed]] Madt {
    Header header;
    uint32_t lapic_address;
    uint32_t flags;      // bit 0: PCAT_COMPAT
};

// MADT entry types (ACPI 6.4, table 5.21).
constexpr uint8_t madt_lapic = 0, madt_ioapic = 1, madt_override = 2, madt_lapic_override = 5,
                  madt_x2apic = 9;

constexpr size_t max_table_size = 1u << 20;   // sanity bound for firmware lengths

constinit Madt_info info{};
constinit bool done = false;

const uint8_t* phys(kern::paddr_t pa) { return static_cast<const uint8_t*>(port::phys_to_virt(pa)); }

bool checksum_ok(const uint8_t* p, size_t n) {
    uint8_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum = static_cast<uint8_t>(sum + p[i]);
    return sum == 0;
}

const Rsdp* scan_rsdp(kern::paddr_t from, size_t size) {
    for (size_t off = 0; off + sizeof(Rsdp) <= size; off += 16) {
        const uint8_t* p = phys(from + off);
        if (memcmp(p, "RSD PTR ", 8) == 0 && checksum_ok(p, 20)) return reinterpret_cast<const Rsdp*>(p);
    }
    return nullptr;
}

const Rsdp* find_rsdp() {
    // ACPI 6.4 section 5.2.5.1: the first KiB of the EBDA, whose segment the
    // BIOS data area holds at 0x40E, then the BIOS ROM area.
    uint16_t ebda_segment;
    memcpy(&ebda_segment, phys(0x40E), sizeof(ebda_segment));
    kern::paddr_t ebda = kern::paddr_t{ebda_segment} << 4;
    if (ebda >= 0x80000 && ebda < 0xA0000)
        if (const Rsdp* r = scan_rsdp(ebda, 1024)) return r;
    return scan_rsdp(0xE0000, 0x20000);
}

const Header* table_at(kern::paddr_t pa) {
    if (pa == 0) return nullptr;
    auto* h = reinterpret_cast<const Header*>(phys(pa));
    if (h->length < sizeof(Header) || h->length > max_table_size) return nullptr;
    if (!checksum_ok(reinterpret_cast<const uint8_t*>(h), h->length)) return nullptr;
    return h;
}

const Header* find_table(const Rsdp& rsdp, const char* signature) {
    bool x = rsdp.revision >= 2 && rsdp.xsdt != 0;
    const Header* root = table_at(x ? rsdp.xsdt : rsdp.rsdt);
    if (!root) return nullptr;
    size_t entry_size = x ? 8 : 4;
    size_t count = (root->length - sizeof(Header)) / entry_size;
    auto* entries = reinterpret_cast<const uint8_t*>(root) + sizeof(Header);
    for (size_t i = 0; i < count; ++i) {
        uint64_t pa = 0;
        memcpy(&pa, entries + i * entry_size, entry_size);
        const Header* h = table_at(pa);
        if (h && memcmp(h->signature, signature, 4) == 0) return h;
    }
    return nullptr;
}

void add_cpu(uint32_t apic_id, uint32_t flags) {
    // bit 0 enabled, bit 1 online capable (may be brought up later)
    if (!(flags & 3)) return;
    if (info.cpu_count < Madt_info::max_cpus) info.apic_id[info.cpu_count] = apic_id;
    ++info.cpu_count;
}

void decode_entry(const uint8_t* e) {
    switch (e[0]) {
    case madt_lapic: {
        uint32_t flags;
        memcpy(&flags, e + 4, 4);
        add_cpu(e[3], flags);
        break;
    }
    case madt_x2apic: {
        uint32_t id, flags;
        memcpy(&id, e + 4, 4);
        memcpy(&flags, e + 8, 4);
        add_cpu(id, flags);
        break;
    }
    case madt_ioapic:
        if (info.ioapic_count < Madt_info::max_ioapics) {
            uint32_t address, gsi_base;
            memcpy(&address, e + 4, 4);
            memcpy(&gsi_base, e + 8, 4);
            info.ioapic[info.ioapic_count++] = Ioapic{e[2], address, gsi_base};
        }
        break;
    case madt_override:
        if (info.override_count < Madt_info::max_overrides && e[2] == 0 /* ISA bus */) {
            uint32_t gsi;
            uint16_t flags;
            memcpy(&gsi, e + 4, 4);
            memcpy(&flags, e + 8, 2);
            info.override_[info.override_count++] = Irq_override{e[3], gsi, flags};
        }
        break;
    case madt_lapic_override: {
        uint64_t address;
        memcpy(&address, e + 4, 8);
        info.lapic_address = address;
        break;
    }
    default: break;
    }
}

void decode_madt(const Madt& madt) {
    info.lapic_address = madt.lapic_address;
    info.legacy_pics = madt.flags & 1;
    const auto* p = reinterpret_cast<const uint8_t*>(&madt) + sizeof(Madt);
    const auto* end = reinterpret_cast<const uint8_t*>(&madt) + madt.header.length;
    while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
        decode_entry(p);
        p += p[1];
    }
    info.found = true;
}

void report() {
    if (!info.found) {
        info.cpu_count = 1;
        info.ioapic_count = 1;
        info.ioapic[0] = Ioapic{0, default_ioapic_address, 0};
        kern::printf("[acpi] no ACPI MADT found: assuming 1 CPU, local APIC at 0x%lx, I/O APIC at 0x%lx\n",
                     info.lapic_address, default_ioapic_address);
        return;
    }
    kern::printf("[acpi] MADT: %u CPU(s), local APIC 0x%lx, %u I/O APIC(s), %u ISA override(s)%s\n",
                 info.cpu_count, info.lapic_address, info.ioapic_count, info.override_count,
                 info.legacy_pics ? ", 8259 PICs present" : "");
}

}  // namespace

const Madt_info& init() {
    if (done) return info;
    done = true;
    if (const Rsdp* rsdp = find_rsdp()) {
        if (const Header* h = find_table(*rsdp, "APIC"); h && h->length >= sizeof(Madt))
            decode_madt(*reinterpret_cast<const Madt*>(h));
    }
    report();
    return info;
}

const Madt_info& madt() { return info; }

}  // namespace drivers::acpi
