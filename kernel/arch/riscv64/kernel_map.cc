// SPDX-License-Identifier: BSD-2-Clause
// The riscv64 kernel page table: built once at boot from a static pool of
// table pages (kmem does not exist yet), then extended only by io_map.
// Every kernel leaf is global (G) and has A and D preset, so no hart ever
// needs to update or fault on them.
#include <arch/cpu.hpp>
#include <arch/mmu.hpp>
#include <arch/pt_format.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/mmu.hpp>

extern "C" char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];

namespace arch {

word_t kernel_pa_offset = 0;

namespace {

using Pte = Pt_format;
using Entry = Pt_format::Entry;

constexpr Entry kernel_leaf = Pte::v | Pte::g | Pte::a | Pte::d;
constexpr Entry rw = Pte::r | Pte::w;
constexpr Entry rx = Pte::r | Pte::x;

// Enough for the image (a few L0 tables), the physmap of several RAM
// banks with unaligned edges, and the I/O window of a QEMU board.
constexpr unsigned pool_pages = 48;
alignas(4096) Entry pool[pool_pages][512];
unsigned pool_used = 0;

Entry* root = nullptr;
paddr_t root_pa = 0;
word_t io_next = io_window_base;

paddr_t image_pa(const void* kva) { return reinterpret_cast<word_t>(kva) - kernel_pa_offset; }

Entry* alloc_table() {
    if (pool_used == pool_pages) kern::panic("riscv64: kernel page-table pool exhausted (%u pages)", pool_pages);
    return pool[pool_used++];  // .bss: already zero
}

constexpr unsigned shift_of(unsigned level) { return 12 + 9 * level; }
constexpr unsigned index_of(word_t va, unsigned level) { return (va >> shift_of(level)) & 511; }

// Entry for va at level, creating the tables above it.
Entry* slot(word_t va, unsigned level) {
    Entry* table = root;
    for (unsigned l = 2; l > level; --l) {
        Entry& e = table[index_of(va, l)];
        if (!Pte::valid(e)) {
            Entry* t = alloc_table();
            e = Pte::make_table(image_pa(t));
        } else if (!Pte::is_table(e, l)) {
            kern::panic("riscv64: kernel mapping at %lx overlaps a large page", va);
        }
        table = static_cast<Entry*>(port::phys_to_virt(Pte::address(e)));
    }
    return &table[index_of(va, level)];
}

// Maps [va, va+size) to pa with the largest pages alignment allows.
void map_range(word_t va, paddr_t pa, word_t size, Entry perms) {
    while (size) {
        unsigned level = 0;
        for (unsigned l = 2; l > 0; --l) {
            word_t block = word_t{1} << shift_of(l);
            if (kern::is_aligned(va | pa, block) && size >= block) {
                level = l;
                break;
            }
        }
        word_t block = word_t{1} << shift_of(level);
        *slot(va, level) = Pte::encode_pa(pa) | perms | kernel_leaf;
        va += block;
        pa += block;
        size -= block;
    }
}

// Physmap for [base, end) minus the no-map regions from index i on.
void map_ram(paddr_t base, paddr_t end, const kern::Boot_region_list& no_map, unsigned i) {
    base = kern::align_up(base, kern::page_size);
    end = kern::align_down(end, kern::page_size);
    if (base >= end) return;
    for (; i < no_map.count; ++i) {
        const kern::Boot_region& r = no_map.region[i];
        if (kern::ranges_overlap(base, end - base, r.base, r.size)) {
            map_ram(base, kern::align_down(r.base, kern::page_size), no_map, i + 1);
            map_ram(kern::align_up(r.end(), kern::page_size), end, no_map, i + 1);
            return;
        }
    }
    map_range(physmap_base + base, base, end - base, rw);
}

void map_image() {
    auto va = [](const char* p) { return reinterpret_cast<word_t>(p); };
    word_t text = va(__kernel_start), rodata = va(__text_end), data = va(__rodata_end), end = va(__kernel_end);
    map_range(text, image_pa(__kernel_start), rodata - text, rx);
    map_range(rodata, image_pa(__text_end), data - rodata, Pte::r);
    map_range(data, image_pa(__rodata_end), end - data, rw);
}

}  // namespace

void kernel_space_init(const kern::Boot_region_list& ram, const kern::Boot_region_list& no_map) {
    root = alloc_table();
    root_pa = image_pa(root);
    for (unsigned i = 0; i < ram.count; ++i) map_ram(ram.region[i].base, ram.region[i].end(), no_map, 0);
    map_image();
    // The I/O window's table exists from the start so that the root's
    // upper half never changes after user spaces have copied it.
    Entry* io = alloc_table();
    root[index_of(io_window_base, 2)] = Pte::make_table(image_pa(io));

    csr_write<csr::satp>(satp_mode_sv39 | (root_pa >> 12));
    sfence_vma_all();
}

paddr_t kernel_root_pa() { return root_pa; }

void* kernel_root_kva() { return root; }

}  // namespace arch

namespace port {

void* phys_to_virt(paddr_t pa) { return reinterpret_cast<void*>(arch::physmap_base + pa); }

paddr_t virt_to_phys(const void* kva) {
    auto va = reinterpret_cast<arch::word_t>(kva);
    if (va >= arch::kernel_window_base) return va - arch::kernel_pa_offset;
    if (va >= arch::physmap_base && va < arch::physmap_base + arch::physmap_size) return va - arch::physmap_base;
    kern::panic("riscv64: virt_to_phys(%p): not a RAM address", kva);
}

volatile void* io_map(paddr_t pa, size_t size) {
    using namespace arch;
    constexpr word_t mega = word_t{1} << 21;
    paddr_t first = kern::align_down(pa, kern::page_size);
    word_t len = kern::align_up(pa + size, kern::page_size) - first;
    // Same offset within a 2 MiB page as the registers, so large aligned
    // devices (PLIC) get 2 MiB pages.
    word_t va = kern::align_up(io_next, mega) + (first & (mega - 1));
    if (size == 0 || va + len > io_window_base + io_window_size)
        kern::panic("riscv64: io_map(%lx, %zx): I/O window full", pa, size);
    map_range(va, first, len, Pt_format::r | Pt_format::w);
    sfence_vma_all();
    io_next = va + len;
    return reinterpret_cast<volatile void*>(va + (pa - first));
}

}  // namespace port
