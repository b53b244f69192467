// SPDX-License-Identifier: BSD-2-Clause
// aarch64 boot in C++: runs on the boot stack in the higher half (head.S),
// maps RAM from the device tree, brings the console up, fills Boot_info
// from the device tree and calls kern::kernel_main.
#include <arch/boot.hpp>
#include <arch/kernel_map.hpp>
#include <arch/mmu_defs.h>
#include <arch/platform_hooks.hpp>
#include <arch/pmu.hpp>
#include <arch/psci.hpp>
#include <arch/sysreg.hpp>
#include <kern/boot_info.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>

namespace arch {

using kern::paddr_t;
using kern::word_t;
namespace fdt = kern::fdt;

namespace {

fdt::Tree tree;
kern::Boot_info info;
unsigned entered_at = 1;

constexpr word_t mpidr_affinity_mask = 0xff00fffffful;   // Aff3, Aff2, Aff1, Aff0

// Before the console works there is no way to report anything; fall back
// to the board's UART address, say what went wrong and stop.
[[noreturn]] void early_fatal(const char* what, paddr_t dtb) {
    platform::console_init(nullptr);
    kern::printf("Walnut aarch64: %s (device tree at 0x%lx)\n", what, dtb);
    port::power_off(static_cast<unsigned>(kern::Exit_status::boot_error));
}

// A node without "status", or with "okay" / "ok", is in use.
bool enabled(fdt::Node n) {
    const char* status = tree.property_string(n, "status");
    return !status || kern::strcmp(status, "okay") == 0 || kern::strcmp(status, "ok") == 0;
}

void add_ram() {
    for (fdt::Node n = tree.find_device_type("memory"); n != fdt::none;
         n = tree.find_device_type("memory", n)) {
        if (!enabled(n)) continue;
        paddr_t base, size;
        for (unsigned i = 0; tree.reg(n, i, &base, &size); ++i)
            if (!info.ram.add(base, size)) break;
    }
}

// /reserved-memory children marked no-map (secure-monitor memory and the
// like) must not even be in the direct map: the CPU may access cacheable
// mappings speculatively, and such memory may answer with an abort.
kern::Boot_region_list no_map;

void collect_no_map() {
    fdt::Node rm = tree.find_path("/reserved-memory");
    if (rm == fdt::none) return;
    uint32_t len = 0;
    for (fdt::Node c = tree.first_child(rm); c != fdt::none; c = tree.next_sibling(c)) {
        if (!tree.property(c, "no-map", &len)) continue;
        paddr_t base, size;
        for (unsigned i = 0; tree.reg(c, i, &base, &size); ++i)
            no_map.add(kern::align_down(base, kern::page_size),
                       kern::align_up(base + size, kern::page_size) -
                           kern::align_down(base, kern::page_size));
    }
}

// The direct map: every RAM region minus the no-map holes and minus the
// kernel's own text and read-only data (no writable alias of them).
void map_ram() {
    for (unsigned i = 0; i < info.ram.count; ++i) {
        paddr_t pos = info.ram.region[i].base, end = info.ram.region[i].end();
        while (pos < end) {
            paddr_t stop = end, next = end;   // map [pos, stop), continue at next
            for (unsigned h = 0; h < no_map.count; ++h) {
                const kern::Boot_region& hole = no_map.region[h];
                if (hole.end() > pos && hole.base < stop) {
                    stop = kern::max(hole.base, pos);
                    next = kern::max(hole.end(), pos);
                }
            }
            if (stop > pos) kernel_map::map_ram(pos, stop - pos);
            pos = next;
        }
    }
}

bool inside(paddr_t base, paddr_t size, const kern::Boot_region& r) {
    return r.size && base >= r.base && base + size <= r.end();
}

// /memreserve/ entries and /reserved-memory children: RAM the firmware
// keeps. Loaders also reserve the initrd and the DTB this way (U-Boot
// does); those are reported as what they are, not as firmware memory.
void add_firmware_reserved() {
    paddr_t base, size;
    kern::Boot_region dtb{info.dtb, tree.total_size()};
    for (unsigned i = 0; tree.mem_reserve(i, &base, &size); ++i)
        if (!inside(base, size, info.archive) && !inside(base, size, dtb))
            info.firmware.add(base, size);
    fdt::Node rm = tree.find_path("/reserved-memory");
    if (rm == fdt::none) return;
    for (fdt::Node c = tree.first_child(rm); c != fdt::none; c = tree.next_sibling(c))
        for (unsigned i = 0; tree.reg(c, i, &base, &size); ++i) info.firmware.add(base, size);
}

// A /chosen address property: one or two cells, whatever the loader wrote.
bool chosen_address(fdt::Node chosen, const char* name, paddr_t* out) {
    uint32_t len = 0;
    const void* p = tree.property(chosen, name, &len);
    if (!p || (len != 4 && len != 8)) return false;
    *out = fdt::Tree::read_cells(p, len / 4);
    return true;
}

void add_chosen() {
    fdt::Node chosen = tree.find_path("/chosen");
    if (chosen == fdt::none) return;
    paddr_t start, end;
    if (chosen_address(chosen, "linux,initrd-start", &start) &&
        chosen_address(chosen, "linux,initrd-end", &end) && end > start)
        info.archive = kern::Boot_region{start, end - start};
    if (const char* args = tree.property_string(chosen, "bootargs")) {
        size_t n = kern::strnlen(args, sizeof info.cmdline - 1);
        memcpy(info.cmdline, args, n);
        info.cmdline[n] = '\0';
    }
}

void add_cpus() {
    unsigned count = 0;
    word_t khz = 0;
    for (fdt::Node n = tree.find_device_type("cpu"); n != fdt::none;
         n = tree.find_device_type("cpu", n)) {
        if (!enabled(n)) continue;
        ++count;
        uint32_t len = 0;
        const void* f = tree.property(n, "clock-frequency", &len);
        if (f && khz == 0 && (len == 4 || len == 8)) khz = fdt::Tree::read_cells(f, len / 4) / 1000;
    }
    info.cpu_count = count ? count : 1;
    info.cpu_khz = khz;
    info.boot_cpu_hwid = read_mpidr() & mpidr_affinity_mask;
}

// Privileged Access Never (ARMv8.1): the kernel reaches user memory only
// through the direct map, never through user addresses, so every access of
// EL1 to an EL0-accessible page is a bug and should fault. With SPAN clear
// each exception entry sets PSTATE.PAN again.
void enable_pan() {
    if (((read_id_aa64mmfr1() >> 20) & 0xf) == 0) return;
    write_sctlr(read_sctlr() & ~SCTLR_SPAN);
    asm volatile(".inst 0xd500419f" ::: "memory");   // msr pan, #1 (no v8.1 assembler needed)
}

void fill_boot_info(paddr_t dtb_pa) {
    info.dtb = dtb_pa;
    info.boot_data.add(kern::align_down(dtb_pa, kern::page_size),
                       kern::align_up(dtb_pa + tree.total_size(), kern::page_size) -
                           kern::align_down(dtb_pa, kern::page_size));
    info.kernel_image = kern::Boot_region{kernel_map::image_phys(), kernel_map::image_size()};
    add_chosen();
    add_firmware_reserved();
    add_cpus();
}

}  // namespace

const fdt::Tree& device_tree() { return tree; }
unsigned entry_el() { return entered_at; }

}  // namespace arch

/// Called by head.S on the boot stack, MMU on, exceptions masked, the
/// vectors installed. dtb_pa = x0 from the loader, image_pa = where _start
/// was loaded, el = exception level at entry.
extern "C" [[noreturn]] void arch_boot(kern::paddr_t dtb_pa, kern::paddr_t image_pa,
                                       kern::word_t el) {
    using namespace arch;
    entered_at = static_cast<unsigned>(el);
    kernel_map::init(image_pa);
    kern::cpus[0].index = 0;
    kern::cpus[0].arch.mpidr = read_mpidr() & mpidr_affinity_mask;
    port::set_cpu_local(&kern::cpus[0]);
    pmu::init_cpu();

    // Only the DTB window head.S mapped is readable until RAM is mapped.
    word_t window = dtb_pa ? kernel_map::boot_dtb_window(dtb_pa) : 0;
    if (window == 0 || !tree.init(port::phys_to_virt(dtb_pa), window))
        early_fatal(
            "no valid device tree in x0 (boot as an arm64 Image: QEMU -kernel, U-Boot booti)",
            dtb_pa);
    add_ram();
    if (info.ram.count == 0) early_fatal("the device tree describes no memory", dtb_pa);
    collect_no_map();
    no_map.add(kernel_map::image_phys(), kernel_map::image_readonly_size());
    map_ram();
    enable_pan();

    platform::console_init(&tree);
    psci::init(tree);
    fill_boot_info(dtb_pa);
    kern::printf(
        "Walnut aarch64: entered at EL%u, running at EL1; image at 0x%lx (%lu KiB), "
        "device tree at 0x%lx\n",
        entered_at, kernel_map::image_phys(), kernel_map::image_size() / kern::KiB, dtb_pa);
    kern::kernel_main(info);
}
