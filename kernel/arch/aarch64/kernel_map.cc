// SPDX-License-Identifier: BSD-2-Clause
// Kernel page tables (TTBR1_EL1): the direct map of RAM and the I/O window,
// added to the root head.S built. Every table of the kernel half lives in
// the image (head.S's boot tables or the pool below), so a table's virtual
// address is its physical address plus the image offset.
#include <arch/kernel_map.hpp>
#include <arch/mmu_defs.h>
#include <arch/sysreg.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>

extern "C" uint64_t kernel_l0[512];
extern "C" char _start[], __rodata_end[], __kernel_end[];

namespace arch::kernel_map {

using kern::paddr_t;
using kern::word_t;

namespace {

// Enough for several GiB of RAM with unaligned edges plus a GICv3
// redistributor region; running out is a clear boot panic.
constexpr unsigned pool_pages = 64;
alignas(4096) uint64_t table_pool[pool_pages][512];
unsigned pool_used = 0;
alignas(4096) uint64_t empty_root[512];

word_t image_voffset = 0;   // virtual - physical for the image
paddr_t image_pa = 0;
word_t io_next = IO_WINDOW_BASE;

constexpr unsigned level_shift(unsigned level) { return 39 - 9 * level; }
constexpr unsigned index(word_t va, unsigned level) {
    return static_cast<unsigned>((va >> level_shift(level)) & 511);
}
paddr_t pa_of_table(const uint64_t* t) { return reinterpret_cast<word_t>(t) - image_voffset; }
uint64_t* table_at(paddr_t pa) { return reinterpret_cast<uint64_t*>(pa + image_voffset); }

uint64_t* alloc_table() {
    if (pool_used == pool_pages)
        kern::panic("aarch64: kernel page-table pool exhausted (%u pages)", pool_pages);
    return table_pool[pool_used++];   // .bss: already zero
}

// Maps the largest piece that starts at va (1 GiB, 2 MiB or 4 KiB, as
// alignment, size and existing tables allow); returns its size. attrs are
// the leaf bits without the descriptor type.
word_t map_piece(word_t va, paddr_t pa, word_t size, uint64_t attrs) {
    uint64_t* t = kernel_l0;
    for (unsigned level = 0;; ++level) {
        word_t block = word_t{1} << level_shift(level);
        uint64_t& e = t[index(va, level)];
        bool fits = level >= 1 && kern::is_aligned(va | pa, block) && size >= block;
        if (level == 3 || (fits && !(e & PTE_VALID))) {
            uint64_t leaf =
                (pa & PTE_ADDR_MASK) | attrs | (level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK);
            if ((e & PTE_VALID) && e != leaf)
                kern::panic("aarch64: kernel VA 0x%lx is already mapped differently", va);
            e = leaf;
            return block;
        }
        if (e & PTE_VALID) {
            if ((e & PTE_TYPE_TABLE) == PTE_TYPE_TABLE) {
                t = table_at(e & PTE_ADDR_MASK);
                continue;
            }
            // A block from earlier (the boot DTB window) covers va: fine if
            // it maps the same memory the same way.
            word_t off = va & (block - 1);
            if ((e & PTE_ADDR_MASK) + off != pa || (e & ~(PTE_ADDR_MASK | 3ul)) != attrs)
                kern::panic("aarch64: kernel VA 0x%lx is already mapped differently", va);
            return kern::min(block - off, size);
        }
        uint64_t* next = alloc_table();
        e = pa_of_table(next) | PTE_TYPE_TABLE;
        t = next;
    }
}

void map(word_t va, paddr_t pa, word_t size, uint64_t attrs) {
    while (size) {
        word_t done = map_piece(va, pa, size, attrs);
        va += done;
        pa += done;
        size -= done;
    }
    // New entries replace invalid ones only, so no TLB maintenance; the
    // barriers make them visible to the walker before the first use.
    dsb_ishst();
    isb();
}

}  // namespace

void init(paddr_t pa) {
    image_pa = pa;
    image_voffset = reinterpret_cast<word_t>(_start) - pa;
    write_ttbr0(empty_user_root());
    asm volatile("tlbi vmalle1; dsb nsh; isb" ::: "memory");
}

paddr_t image_phys() { return image_pa; }
word_t image_size() { return static_cast<word_t>(__kernel_end - _start); }
word_t image_readonly_size() { return static_cast<word_t>(__rodata_end - _start); }

word_t boot_dtb_window(paddr_t dtb_pa) {
    paddr_t start = kern::align_down(dtb_pa, 2 * kern::MiB);
    paddr_t end = start + 2 * kern::MiB;
    if (((dtb_pa >> 21) & 511) != 511) end += 2 * kern::MiB;   // see head.S
    return dtb_pa >= start && dtb_pa < end ? end - dtb_pa : 0;
}

void map_ram(paddr_t base, paddr_t size) {
    paddr_t lo = kern::align_down(base, kern::page_size);
    paddr_t hi = kern::align_up(base + size, kern::page_size);
    if (hi > PHYSMAP_SIZE) kern::panic("aarch64: RAM at 0x%lx is beyond the direct map", base);
    map(PHYSMAP_BASE + lo, lo, hi - lo, PTE_KERNEL_BLOCK_RW & ~3ul);
}

volatile void* map_device(paddr_t pa, size_t size) {
    paddr_t lo = kern::align_down(pa, kern::page_size);
    word_t len = kern::align_up(pa + size, kern::page_size) - lo;
    // Keep the window 2 MiB aligned for large regions (fewer tables), and
    // leave an unmapped page after each mapping to catch overruns.
    if (len >= 2 * kern::MiB) io_next = kern::align_up(io_next, 2 * kern::MiB);
    if (len + kern::page_size >
        IO_WINDOW_SIZE - (io_next - IO_WINDOW_BASE))   // the window ends at 2^64
        kern::panic("aarch64: I/O window full mapping 0x%lx (+0x%lx)", pa, size);
    word_t va = io_next;
    io_next += len + kern::page_size;
    map(va, lo, len, PTE_KERNEL_DEVICE & ~3ul);
    return reinterpret_cast<volatile void*>(va + (pa - lo));
}

paddr_t empty_user_root() { return pa_of_table(empty_root); }

}  // namespace arch::kernel_map
