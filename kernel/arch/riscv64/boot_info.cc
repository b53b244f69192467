// SPDX-License-Identifier: BSD-2-Clause
// Reads the riscv64 machine description from the flattened device tree:
// memory, /reserved-memory (OpenSBI's mmode_resv* nodes), /memreserve/,
// /chosen (initrd, bootargs) and /cpus.
#include <arch/boot.hpp>
#include <arch/pt_format.hpp>
#include <kern/console.hpp>
#include <kern/lib.hpp>

namespace arch {

namespace {

using kern::fdt::Node;
using kern::fdt::Tree;

bool disabled(const Tree& dt, Node n) {
    const char* status = dt.property_string(n, "status");
    return status && kern::strcmp(status, "okay") != 0 && kern::strcmp(status, "ok") != 0;
}

void add(kern::Boot_region_list& list, kern::paddr_t base, kern::paddr_t size, const char* what) {
    if (!list.add(base, size)) kern::printf("riscv64: too many %s regions, dropped [%lx, +%lx)\n", what, base, size);
}

void read_memory(const Tree& dt, kern::Boot_info& info) {
    for (Node n = dt.find_device_type("memory"); n != kern::fdt::none; n = dt.find_device_type("memory", n)) {
        if (disabled(dt, n)) continue;
        kern::paddr_t base, size;
        for (unsigned i = 0; dt.reg(n, i, &base, &size); ++i) add(info.ram, base, size, "RAM");
    }
}

void read_reserved(const Tree& dt, kern::paddr_t dtb_pa, kern::Boot_info& info, Dt_facts& facts) {
    Node resv = dt.find_path("/reserved-memory");
    if (resv != kern::fdt::none) {
        for (Node n = dt.first_child(resv); n != kern::fdt::none; n = dt.next_sibling(n)) {
            if (disabled(dt, n)) continue;
            uint32_t len;
            bool no_map = dt.property(n, "no-map", &len) != nullptr;
            kern::paddr_t base, size;
            for (unsigned i = 0; dt.reg(n, i, &base, &size); ++i) {
                add(info.firmware, base, size, "firmware");
                if (no_map) add(facts.no_map, base, size, "no-map");
            }
        }
    }
    kern::paddr_t base, size;
    for (unsigned i = 0; dt.mem_reserve(i, &base, &size); ++i) {
        if (base == dtb_pa) continue;  // the tree itself is reported as boot data
        add(info.firmware, base, size, "firmware");
    }
}

void read_chosen(const Tree& dt, kern::Boot_info& info) {
    Node chosen = dt.find_path("/chosen");
    if (chosen == kern::fdt::none) return;
    if (const char* args = dt.property_string(chosen, "bootargs")) {
        size_t n = kern::strnlen(args, sizeof info.cmdline - 1);
        memcpy(info.cmdline, args, n);
        info.cmdline[n] = '\0';
    }
    // linux,initrd-start/-end are one or two cells, depending on the loader.
    uint32_t start_len, end_len;
    const void* start = dt.property(chosen, "linux,initrd-start", &start_len);
    const void* end = dt.property(chosen, "linux,initrd-end", &end_len);
    if (start && end && (start_len == 4 || start_len == 8) && (end_len == 4 || end_len == 8)) {
        uint64_t s = Tree::read_cells(start, start_len / 4);
        uint64_t e = Tree::read_cells(end, end_len / 4);
        if (e > s) info.archive = kern::Boot_region{s, e - s};
    }
}

// Whether an ISA string ("rv64imac_zicsr_..._svpbmt") names a multi-letter
// extension (they follow the single letters, each after an underscore).
bool isa_has(const char* isa, const char* ext) {
    if (!isa) return false;
    size_t n = strlen(ext);
    for (const char* p = isa; *p; ++p)
        if (*p == '_' && kern::strncmp(p + 1, ext, n) == 0 && (p[n + 1] == '_' || p[n + 1] == '\0'))
            return true;
    return false;
}

void read_cpus(const Tree& dt, kern::word_t boot_hartid, kern::Boot_info& info, Dt_facts& facts) {
    Node cpus = dt.find_path("/cpus");
    if (cpus == kern::fdt::none) return;
    uint32_t timebase = dt.property_u32(cpus, "timebase-frequency", 0);
    unsigned count = 0;
    for (Node n = dt.first_child(cpus); n != kern::fdt::none; n = dt.next_sibling(n)) {
        const char* type = dt.property_string(n, "device_type");
        if (!type || kern::strcmp(type, "cpu") != 0 || disabled(dt, n)) continue;
        ++count;
        // /cpus has #address-cells = 1 and #size-cells = 0: reg is the hart id.
        if (dt.property_u32(n, "reg", ~0u) != boot_hartid) continue;
        if (timebase == 0) timebase = dt.property_u32(n, "timebase-frequency", 0);
        paging_features.svpbmt = isa_has(dt.property_string(n, "riscv,isa"), "svpbmt");
        // QEMU has no clock-frequency; real boards often do.
        info.cpu_khz = dt.property_u32(n, "clock-frequency", 0) / 1000;
    }
    if (count) info.cpu_count = count;
    facts.timebase_hz = timebase;
}

}  // namespace

void read_device_tree(const Tree& dt, kern::paddr_t dtb_pa, kern::word_t boot_hartid, kern::Boot_info& info,
                      Dt_facts& facts) {
    info.dtb = dtb_pa;
    // Whole pages, so that nothing else is ever placed next to it.
    kern::paddr_t first = kern::align_down(dtb_pa, kern::page_size);
    add(info.boot_data, first, kern::align_up(dtb_pa + dt.total_size(), kern::page_size) - first, "boot data");
    info.boot_cpu_hwid = boot_hartid;
    read_memory(dt, info);
    read_reserved(dt, dtb_pa, info, facts);
    read_chosen(dt, info);
    read_cpus(dt, boot_hartid, info, facts);
}

}  // namespace arch
