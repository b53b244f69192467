// SPDX-License-Identifier: BSD-2-Clause
// Fuzz target: what the kernel makes of its boot image and the machine
// description before user level runs. The input's front is a boot archive
// (with the initial servers' ELF images), its back the machine: RAM,
// firmware and loader regions, the kernel image, CPU count and clocks
// (board-like layouts, perturbed). Runs kern::plan_boot (validation and
// placement), kern::write_bootinfo (the X.2 bootinfo records), kern::kip_init
// and kern::kip_add_memory. A rejected image must end in a boot error,
// never a panic; an accepted plan must place everything inside RAM without
// overlaps; the bootinfo records and the KIP descriptors must say what
// X.2 (sections 3.6, 9.4) says.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "support/fuzz_port.hpp"
#include "support/fuzz_support.hpp"

#include <kern/boot_archive.hpp>
#include <kern/config.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/lib.hpp>
#include <kern/kmem.hpp>
#include <kern/panic.hpp>
#include <kern/port/platform.hpp>

namespace {

using hostfuzz::Machine_off;
using hostfuzz::violation;
using kern::Boot_region;
using kern::Boot_region_list;
using kern::paddr_t;
using kern::word_t;

constexpr size_t machine_bytes = 256;
constexpr word_t bootinfo_magic = 0x14B0021D;
constexpr unsigned status_panic = static_cast<unsigned>(kern::Exit_status::kernel_panic);
constexpr unsigned status_boot_error = static_cast<unsigned>(kern::Exit_status::boot_error);

alignas(4096) uint8_t bootinfo_page[kern::page_size];

bool overlap(paddr_t a, paddr_t as, paddr_t b, paddr_t bs) { return as && bs && a < b + bs && b < a + as; }

bool inside_ram(const kern::Boot_info& info, paddr_t base, paddr_t size) {
    for (unsigned i = 0; i < info.ram.count; ++i) {
        const Boot_region& r = info.ram.region[i];
        if (base >= r.base && size <= r.size && base - r.base <= r.size - size) return true;
    }
    return false;
}

paddr_t perturb(FuzzedDataProvider& in, paddr_t v) {
    switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0: return in.ConsumeIntegral<paddr_t>();
    case 1: return v + in.ConsumeIntegralInRange<paddr_t>(0, 64) * kern::page_size;
    case 2: return v - in.ConsumeIntegralInRange<paddr_t>(0, 64) * kern::page_size;
    case 3: return ~paddr_t{0} - in.ConsumeIntegralInRange<paddr_t>(0, 0x10000);
    default: return v;
    }
}

// A board-like machine (QEMU virt, virt with OpenSBI, pc), perturbed.
kern::Boot_info machine(FuzzedDataProvider& in) {
    kern::Boot_info b;
    switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0:
        (void)b.ram.add(0x40000000, 256 * kern::MiB);
        b.kernel_image = Boot_region{0x40080000, 0x100000};
        break;
    case 1:
        (void)b.ram.add(0x80000000, 256 * kern::MiB);
        (void)b.firmware.add(0x80000000, 0x80000);
        b.kernel_image = Boot_region{0x80200000, 0x100000};
        break;
    default:
        (void)b.ram.add(0, 0x9fc00);
        (void)b.ram.add(0x100000, 255 * kern::MiB);
        (void)b.firmware.add(0xf0000, 0x10000);
        b.kernel_image = Boot_region{0x200000, 0x100000};
        break;
    }
    for (unsigned n = in.ConsumeIntegralInRange(0u, 3u); n--;) {
        Boot_region& r = b.ram.region[in.ConsumeIntegralInRange(0u, b.ram.count - 1)];
        r.base = perturb(in, r.base);
        r.size = perturb(in, r.size);
    }
    for (unsigned n = in.ConsumeIntegralInRange(0u, 40u); n--;) {
        Boot_region_list& l = in.ConsumeBool() ? b.firmware : in.ConsumeBool() ? b.boot_data : b.ram;
        (void)l.add(perturb(in, 0x40000000), perturb(in, 0x1000));
    }
    // The kernel image comes from the kernel's own link, not from firmware:
    // moved, resized, but plausible.
    if (in.ConsumeIntegralInRange(0, 3) == 0)
        b.kernel_image = Boot_region{b.kernel_image.base + in.ConsumeIntegralInRange<paddr_t>(0, 255) * 2 * kern::MiB,
                                     in.ConsumeIntegralInRange<paddr_t>(1, 16 * kern::MiB)};
    b.cpu_count = in.ConsumeIntegralInRange(0u, 70u);
    b.cpu_khz = in.ConsumeIntegral<word_t>();
    b.bus_khz = in.ConsumeIntegral<word_t>();
    return b;
}

void check_plan(const kern::Boot_info& info, const kern::Boot_plan& plan) {
    const char* step = "plan_boot";
    if (!plan.server[0].entry || !plan.server[2].entry) violation(step, "accepted without sigma0 or root task");
    std::vector<std::pair<paddr_t, paddr_t>> used = {
        {kern::align_down(info.kernel_image.base, kern::page_size), info.kernel_image.size},
        {info.archive.base, info.archive.size}};
    for (unsigned i = 0; i < info.firmware.count; ++i)
        used.emplace_back(info.firmware.region[i].base, info.firmware.region[i].size);
    for (unsigned i = 0; i < info.boot_data.count; ++i)
        used.emplace_back(info.boot_data.region[i].base, info.boot_data.region[i].size);
    for (const kern::Initial_server& s : plan.server) {
        if (!s.entry) continue;
        if (s.low >= s.high || !inside_ram(info, s.low, s.high - s.low))
            violation(step, "%s placed at [%#lx, %#lx), not inside RAM", s.entry->name, s.low, s.high);
        for (const kern::elf::Segment& seg : std::vector<kern::elf::Segment>(s.image.segment, s.image.segment + s.image.count))
            if (seg.vaddr < s.low || seg.mem_size > s.high - seg.vaddr)
                violation(step, "%s segment at %#lx (+%#lx) outside its range [%#lx, %#lx)", s.entry->name,
                          seg.vaddr, seg.mem_size, s.low, s.high);
        for (auto [base, size] : used)
            if (overlap(s.low, s.high - s.low, base, size))
                violation(step, "%s at [%#lx, %#lx) overlaps [%#lx, +%#lx)", s.entry->name, s.low, s.high, base, size);
        used.emplace_back(s.low, s.high - s.low);
    }
    paddr_t pool = plan.kmem_base, pool_size = plan.kmem_size;
    if (pool_size != kern::config::kmem_bytes || !kern::is_aligned(pool, kern::page_size << kern::Kmem::max_order) ||
        !inside_ram(info, pool, pool_size) || plan.bootinfo_page != pool - kern::page_size ||
        !inside_ram(info, plan.bootinfo_page, kern::page_size))
        violation(step, "kernel pool [%#lx, +%#lx) with bootinfo page %#lx misplaced", pool, pool_size,
                  plan.bootinfo_page);
    for (auto [base, size] : used)
        if (overlap(plan.bootinfo_page, pool_size + kern::page_size, base, size))
            violation(step, "kernel pool [%#lx, +%#lx) overlaps [%#lx, +%#lx)", pool, pool_size, base, size);
}

// The records as X.2 9.4 lays them out: a header, then records chained by
// their sizes, all inside the page, names terminated.
void check_bootinfo(const kern::Boot_plan& plan) {
    const char* step = "write_bootinfo";
    auto* w = reinterpret_cast<const word_t*>(bootinfo_page);
    unsigned servers = 0, modules = 0;
    for (const kern::Initial_server& s : plan.server) servers += s.entry != nullptr;
    for (unsigned i = 0; i < plan.archive.count; ++i) modules += plan.archive.entries[i].role == 0;
    if (w[0] != bootinfo_magic || w[1] != 1 || w[2] > kern::page_size || w[3] != 64 || w[4] != servers + modules)
        violation(step, "header magic %#lx version %lu size %lu first %lu count %lu (expected %u records)", w[0],
                  w[1], w[2], w[3], w[4], servers + modules);
    word_t off = w[3];
    for (word_t n = 0; n < w[4]; ++n) {
        if (off + 3 * sizeof(word_t) > w[2] || off % sizeof(word_t))
            violation(step, "record %lu at %#lx outside the %lu bytes", n, off, w[2]);
        auto* r = reinterpret_cast<const word_t*>(bootinfo_page + off);
        word_t fixed = r[0] == 1 ? 6 : r[0] == 2 ? 16 : 0;
        if (!fixed || r[1] != 1 || r[2] < (fixed + 1) * sizeof(word_t) || r[2] > w[2] - off)
            violation(step, "record %lu: type %#lx version %lu size %lu", n, r[0], r[1], r[2]);
        word_t text = r[fixed - 1];
        if (text != fixed * sizeof(word_t) || !std::memchr(bootinfo_page + off + text, 0, r[2] - text))
            violation(step, "record %lu: command line at %#lx not inside the record", n, text);
        off += r[2];
    }
    if (off != w[2]) violation(step, "records end at %#lx, header says %#lx", off, w[2]);
}

// KIP memory descriptors (x2-api 3.6): low bits say type, subtype and
// virtual; the range covers what was given, rounded to 1 KiB.
void check_kip(FuzzedDataProvider& in, const kern::Boot_info& info) {
    const char* step = "kip";
    kern::kip_init(info, port::irq_lines());
    kern::Kip& k = kern::kip();
    unsigned cpus = kern::min(info.cpu_count ? info.cpu_count : 1u, kern::config::max_cpus);
    if ((k.processor_info & 0xffff) + 1 != cpus || k.magic != 0x4BE6344C)
        violation(step, "kip_init: processor_info %#lx for %u CPUs", k.processor_info, info.cpu_count);
    word_t offset = k.memory_info >> 32;
    for (unsigned n = in.ConsumeIntegralInRange(0u, 200u); n--;) {
        word_t before = k.memory_info & 0xffffffff;
        paddr_t low = perturb(in, in.ConsumeIntegral<paddr_t>() & ~paddr_t{0xfff});
        paddr_t size = perturb(in, kern::page_size);
        auto type = static_cast<kern::Mem_type>(in.PickValueInArray({1, 2, 3, 4, 0xE, 0xF}));
        auto sub = static_cast<kern::Boot_subtype>(in.ConsumeIntegralInRange(0, 4));
        bool virt = in.ConsumeBool();
        try {
            kern::kip_add_memory(low, size, type, sub, virt);
        } catch (const Machine_off& off) {
            // Documented: a full descriptor area is a boot-time bug (panic).
            if (off.status == status_panic && offset + 16 * (before + 1) > WALNUT_KIP_STUBS_OFFSET) return;
            violation(step, "kip_add_memory stopped the machine (status %u) at descriptor %lu", off.status, before);
        }
        word_t count = k.memory_info & 0xffffffff;
        if (size == 0) {
            if (count != before) violation(step, "an empty range got a descriptor");
            continue;
        }
        if (count != before + 1 || offset + 16 * count > WALNUT_KIP_STUBS_OFFSET)
            violation(step, "descriptor count %lu after %lu", count, before);
        auto* d = reinterpret_cast<const word_t*>(reinterpret_cast<uint8_t*>(&k) + offset + 16 * before);
        word_t lo = d[0] & ~word_t{0x3ff}, hi = d[1] | 0x3ff;
        if ((d[0] & 0xf) != static_cast<word_t>(type) || ((d[0] >> 4) & 0xf) != static_cast<word_t>(sub) ||
            ((d[0] >> 9) & 1) != virt || (d[1] & 0x3ff) != 0)
            violation(step, "descriptor %#lx %#lx does not say type %u subtype %u virtual %d", d[0], d[1],
                      static_cast<unsigned>(type), static_cast<unsigned>(sub), virt);
        // The range [low, low + size) clipped to the end of the address space.
        paddr_t last = low + size - 1 < low ? ~paddr_t{0} : low + size - 1;
        if ((lo > low || hi < last) && !hostfuzz::known("kip-range"))
            violation(step, "[kip-range] descriptor [%#lx, %#lx] does not cover [%#lx, %#lx] (size %#lx)", lo, hi, low,
                      last, size);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The last machine_bytes bytes describe the machine (all zero: QEMU virt
    // unchanged); the rest is the archive, page aligned as loaders place it,
    // in a buffer of exactly its size (AddressSanitizer sees reads past it).
    size_t trailer = size < machine_bytes ? size : machine_bytes;
    size_t archive_size = size - trailer;
    FuzzedDataProvider in(data + archive_size, trailer);
    hostfuzz::console_reset();
    void* mem = nullptr;
    if (posix_memalign(&mem, 4096, archive_size ? archive_size : 1) != 0) std::abort();
    auto* archive = static_cast<uint8_t*>(mem);
    if (archive_size) std::memcpy(archive, data, archive_size);
    size_t alloc = archive_size ? archive_size : 1;

    kern::Boot_info info = machine(in);
    info.archive = Boot_region{reinterpret_cast<paddr_t>(archive), archive_size};
    hostfuzz::clear_identity_ranges();
    hostfuzz::add_identity_range(info.archive.base, alloc);
    hostfuzz::add_identity_range(reinterpret_cast<paddr_t>(bootinfo_page), sizeof bootinfo_page);
    kern::boot_info = info;

    static kern::Boot_plan plan;
    plan = kern::Boot_plan{};
    bool planned = false;
    try {
        kern::plan_boot(kern::boot_info, plan);
        planned = true;
    } catch (const Machine_off& off) {
        if (off.status != status_boot_error)
            violation("plan_boot", "stopped with status %u instead of a boot error:\n%s", off.status,
                      hostfuzz::console_text().c_str());
    }
    if (planned) {
        check_plan(info, plan);
        plan.bootinfo_page = reinterpret_cast<paddr_t>(bootinfo_page);
        try {
            kern::write_bootinfo(plan);
        } catch (const Machine_off& off) {
            // Known: more records than one page holds panic (reported).
            if (hostfuzz::known("bootinfo-panic")) {
                std::free(archive);
                return 0;
            }
            violation("write_bootinfo", "[bootinfo-panic] stopped the machine (status %u) for an archive plan_boot "
                      "accepted:\n%s", off.status, hostfuzz::console_text().c_str());
        }
        check_bootinfo(plan);
    }
    check_kip(in, info);
    std::free(archive);
    return 0;
}
