// SPDX-License-Identifier: BSD-2-Clause
// Multiboot 1 information -> kern::Boot_info: RAM and firmware regions from
// the memory map, the boot archive from the (single) module, the command
// line, and the loader's own data as boot_data.
#include <arch/mmu.hpp>
#include <arch/multiboot.hpp>
#include <kern/console.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>

extern "C" const char __kernel_phys_start[], __kernel_phys_end[];

namespace arch::multiboot {

namespace {

using kern::paddr_t;

// Runs on the boot page tables: the low 4 GiB are identity-mapped, and all
// multiboot-1 pointers are 32-bit.
template <typename T> const T* at(uint32_t pa) { return reinterpret_cast<const T*>(uintptr_t{pa}); }

void add_boot_data(kern::Boot_info& out, paddr_t base, paddr_t size) {
    paddr_t start = kern::align_down(base, kern::page_size);
    paddr_t end = kern::align_up(base + size, kern::page_size);
    // Loader structures often share a page: merge with the region it touches.
    for (unsigned i = 0; i < out.boot_data.count; ++i) {
        kern::Boot_region& r = out.boot_data.region[i];
        if (start <= r.end() && r.base <= end) {
            paddr_t lo = kern::min(r.base, start), hi = kern::max(r.end(), end);
            r = kern::Boot_region{lo, hi - lo};
            return;
        }
    }
    if (!out.boot_data.add(start, end - start)) kern::boot_error("multiboot: too many boot-data regions");
}

// Reserved ranges above 4 GiB are address-space holes (QEMU reports the AMD
// HyperTransport window at 1 TiB), not firmware memory; below 4 GiB they are
// the BIOS areas, ACPI tables and the firmware ROM. ACPI (3) and NVS (4)
// memory is firmware-owned RAM wherever it is.
constexpr paddr_t legacy_top = paddr_t{4} << 30;

size_t string_size(uint32_t pa) { return strlen(at<char>(pa)) + 1; }

void parse_memory_map(const Info& info, kern::Boot_info& out) {
    if (!(info.flags & flag_mmap)) kern::boot_error("multiboot: the loader gave no memory map");
    add_boot_data(out, info.mmap_addr, info.mmap_length);
    uint32_t end = info.mmap_addr + info.mmap_length;
    for (uint32_t p = info.mmap_addr; p + sizeof(Mmap_entry) <= end;) {
        const Mmap_entry* e = at<Mmap_entry>(p);
        // Whole pages only: a partial page of RAM is not usable, a partial
        // page of firmware data must be kept whole.
        if (e->type == 1) {
            paddr_t lo = kern::align_up(e->base, kern::page_size);
            paddr_t hi = kern::align_down(e->base + e->length, kern::page_size);
            if (hi > lo && !out.ram.add(lo, hi - lo)) kern::boot_error("multiboot: too many RAM regions");
        } else if (e->type == 3 || e->type == 4 || e->base + e->length <= legacy_top) {
            paddr_t lo = kern::align_down(e->base, kern::page_size);
            paddr_t hi = kern::align_up(e->base + e->length, kern::page_size);
            if (!out.firmware.add(lo, hi - lo)) kern::boot_error("multiboot: too many reserved regions");
        }
        p += e->size + sizeof(e->size);
    }
    // The real-mode interrupt table and BIOS data area (page 0) stay the
    // firmware's even though the map reports them as RAM.
    out.firmware.add(0, kern::page_size);
}

void copy_cmdline(const Info& info, kern::Boot_info& out) {
    if (!(info.flags & flag_cmdline)) return;
    add_boot_data(out, info.cmdline, string_size(info.cmdline));
    // Multiboot loaders (QEMU, GRUB) put the kernel image's path first:
    // it is not an option, so it is dropped.
    const char* s = at<char>(info.cmdline);
    while (*s && *s != ' ') ++s;
    while (*s == ' ') ++s;
    size_t n = kern::min(strlen(s), sizeof(out.cmdline) - 1);
    memcpy(out.cmdline, s, n);
    out.cmdline[n] = '\0';
}

void find_archive(const Info& info, kern::Boot_info& out) {
    if (!(info.flags & flag_mods) || info.mods_count == 0) return;   // kernel_main reports it
    add_boot_data(out, info.mods_addr, info.mods_count * sizeof(Module));
    const Module* mods = at<Module>(info.mods_addr);
    for (uint32_t i = 0; i < info.mods_count; ++i)
        if (mods[i].string) add_boot_data(out, mods[i].string, string_size(mods[i].string));
    if (mods[0].end <= mods[0].start) kern::boot_error("multiboot: empty boot module");
    out.archive = kern::Boot_region{mods[0].start, paddr_t{mods[0].end} - mods[0].start};
    if (info.mods_count > 1)
        kern::printf("[x86] %u multiboot modules: only the first (the boot archive) is used\n",
                     info.mods_count);
}

}  // namespace

void parse(uint32_t magic, uint32_t info_pa, kern::Boot_info& out) {
    if (magic != boot_magic)
        kern::boot_error("not started by a multiboot loader (eax = 0x%x)", magic);
    const Info& info = *at<Info>(info_pa);
    add_boot_data(out, info_pa, sizeof(Info));
    parse_memory_map(info, out);
    copy_cmdline(info, out);
    find_archive(info, out);
    if (info.flags & flag_loader_name) {
        add_boot_data(out, info.boot_loader_name, string_size(info.boot_loader_name));
        kern::printf("[x86] loaded by %s\n", at<char>(info.boot_loader_name));
    }
    auto start = reinterpret_cast<paddr_t>(__kernel_phys_start);
    auto end = reinterpret_cast<paddr_t>(__kernel_phys_end);
    out.kernel_image = kern::Boot_region{start, end - start};
}

}  // namespace arch::multiboot
