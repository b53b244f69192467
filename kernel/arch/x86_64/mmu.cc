// SPDX-License-Identifier: BSD-2-Clause
// The kernel's page tables on x86_64 and the port/mmu.hpp contract. Upper
// half only: PML4[256] holds the physmap, PML4[511] the kernel image (its
// slot 510) and the I/O window (slot 511). These top-level entries are made
// once at boot and copied into every user space's PML4, so later changes
// below them (io_map) are seen by all spaces.
#include <arch/cpu.hpp>
#include <arch/cpu_data.hpp>
#include <arch/mmu.hpp>
#include <arch/pt_format.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>

constinit bool x86_use_pcid = false;

extern "C" {
extern const char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern const char __data_start[], __bss_end[];
}

namespace arch {

namespace {

using Entry = Pt_format::Entry;
using kern::paddr_t;
using kern::word_t;

// Kernel entries: supervisor only, global (survive CR3 switches).
constexpr Entry k_table = Pt_format::present | Pt_format::writable;
constexpr Entry k_leaf = Pt_format::present | Pt_format::global;

// Page-table pages for the kernel's own tables, inside the image (.bss) so
// they never overlap the RAM the generic kernel manages.
constexpr unsigned pool_pages = 48;
alignas(4096) constinit Entry pool[pool_pages][512]{};
constinit unsigned pool_used = 0;

constinit Entry* kernel_pml4 = nullptr;
constinit paddr_t kernel_pml4_pa = 0;
constinit paddr_t physmap_top = 0;
constinit word_t io_next = X86_IO_WINDOW_BASE;
constinit unsigned physmap_leaf_level = 1;

// Until mmu_init switches CR3 the kernel runs on the boot tables, where the
// image is visible only through the kernel window; pool pages are part of
// the image, so image-relative translation works before and after.
paddr_t image_pa(const void* p) { return reinterpret_cast<word_t>(p) - kernel_vma; }

Entry* alloc_table() {
    if (pool_used == pool_pages) kern::panic("x86 mmu: kernel page-table pool exhausted");
    return pool[pool_used++];
}

Entry* table_of(Entry e) {
    return reinterpret_cast<Entry*>(Pt_format::address(e) + kernel_vma);
}

unsigned index_at(word_t va, unsigned level) { return (va >> (12 + 9 * level)) & 511; }

/// The entry for va at level, creating missing intermediate tables.
Entry& kernel_slot(word_t va, unsigned level) {
    Entry* table = kernel_pml4;
    for (unsigned l = 3; l > level; --l) {
        Entry& e = table[index_at(va, l)];
        if (!(e & Pt_format::present)) e = image_pa(alloc_table()) | k_table;
        check(!(e & Pt_format::large));
        table = table_of(e);
    }
    return table[index_at(va, level)];
}

void map_kernel(word_t va, paddr_t pa, unsigned level, Entry flags) {
    Entry leaf = pa | k_leaf | flags | (level > 0 ? Pt_format::large : 0);
    kernel_slot(va, level) = leaf;
}

void build_physmap(paddr_t top) {
    physmap_leaf_level = paging_features.gib_pages ? 2 : 1;
    word_t step = word_t{1} << (12 + 9 * physmap_leaf_level);
    Entry flags = Pt_format::writable | paging_features.nx_bit;
    for (paddr_t pa = 0; pa < top; pa += step) map_kernel(physmap_base + pa, pa, physmap_leaf_level, flags);
    physmap_top = top;
}

void map_image_range(const char* start, const char* end, Entry flags) {
    for (word_t va = reinterpret_cast<word_t>(start); va < reinterpret_cast<word_t>(end); va += 4096)
        map_kernel(va, va - kernel_vma, 0, flags);
}

void build_image_map(const kern::Boot_info& info) {
    Entry nx = paging_features.nx_bit;
    // The identity-linked .boot part below .text is mapped too (its bytes are
    // only needed before this switch), read-only.
    map_image_range(reinterpret_cast<const char*>(info.kernel_image.base + kernel_vma), __text_start, nx);
    map_image_range(__text_start, __text_end, 0);                   // RX
    map_image_range(__rodata_start, __rodata_end, nx);              // R
    map_image_range(__data_start, __bss_end, Pt_format::writable | nx);  // RW
}

}  // namespace

void mmu_init(const kern::Boot_info& info) {
    kernel_pml4 = alloc_table();
    kernel_pml4_pa = image_pa(kernel_pml4);

    paddr_t top = 4 * kern::GiB;
    for (unsigned i = 0; i < info.ram.count; ++i) top = kern::max(top, info.ram.region[i].end());
    word_t gib = kern::GiB;
    build_physmap(kern::align_up(top, gib));
    build_image_map(info);
    // Make the I/O window's table exist now, so its PML4 entry is shared.
    kernel_slot(X86_IO_WINDOW_BASE, 1);

    x86_use_pcid = cpu_features.pcid;
    if (x86_use_pcid) write_cr4(read_cr4() | cr4_pcide);   // CR3[11:0] is 0 (PCID 0) here
    write_cr3(kernel_pml4_pa);
}

paddr_t kernel_root() { return kernel_pml4_pa; }

void mmu_describe() {
    kern::printf("[x86] physmap 0x%lx..0x%lx with %s pages, NX %s, PCID %s, kernel PT pages %u/%u\n",
                 physmap_base, physmap_base + physmap_top, physmap_leaf_level == 2 ? "1 GiB" : "2 MiB",
                 paging_features.nx_bit ? "on" : "off", x86_use_pcid ? "on" : "off", pool_used, pool_pages);
}

}  // namespace arch

namespace port {

using arch::Entry;

void* phys_to_virt(kern::paddr_t pa) {
    assert(pa < arch::physmap_top);
    return reinterpret_cast<void*>(pa + arch::physmap_base);
}

kern::paddr_t virt_to_phys(const void* kva) {
    auto va = reinterpret_cast<kern::word_t>(kva);
    if (va >= arch::kernel_vma) return va - arch::kernel_vma;
    if (va >= arch::physmap_base && va - arch::physmap_base < arch::physmap_top) return va - arch::physmap_base;
    kern::panic("virt_to_phys: 0x%lx is neither physmap nor kernel image", va);
}

void init_user_root(void* root_kva) {
    // The upper half (kernel) is shared: copy PML4 entries 256..511.
    auto* root = static_cast<Entry*>(root_kva);
    for (unsigned i = 256; i < 512; ++i) root[i] = arch::kernel_pml4[i];
}

// Nothing records which space is loaded: a switch (the IPC fast path's
// too) writes CR3 and nothing else.
void activate_space(kern::paddr_t root_pa, unsigned asid) {
    // With PCIDs each space keeps its TLB entries tagged by asid across
    // switches (bit 63: do not flush); tlb_flush_* invalidate by PCID.
    if (x86_use_pcid && asid < 4096) [[unlikely]]
        root_pa |= asid | (1ul << 63);
    arch::write_cr3(root_pa);
}

// Without PCIDs the TLB holds entries of the loaded space only (the others'
// died with their CR3 switch), so a flush for another space is needless,
// but harmless: it drops at most entries of the loaded space, which the
// walker refills. Flushes are rare next to switches.
void tlb_flush_page(unsigned asid, kern::vaddr_t va) {
    if (x86_use_pcid && asid < 4096)
        arch::invpcid(arch::Invpcid::address, asid, va);
    else
        arch::invlpg(va);
}

void tlb_flush_space(unsigned asid) {
    if (x86_use_pcid && asid < 4096)
        arch::invpcid(arch::Invpcid::context, asid, 0);
    else
        arch::write_cr3(arch::read_cr3());
}

volatile void* io_map(kern::paddr_t pa, size_t size) {
    kern::paddr_t base = kern::align_down(pa, kern::page_size);
    kern::word_t offset = pa - base;
    kern::word_t len = kern::align_up(size + offset, kern::page_size);
    // The window ends at 2^64: compare sizes, not end addresses.
    kern::word_t left = X86_IO_WINDOW_SIZE - (arch::io_next - X86_IO_WINDOW_BASE);
    if (len > left || len == 0)
        kern::panic("io_map: I/O window full (0x%lx + 0x%zx)", pa, size);
    kern::word_t va = arch::io_next;
    arch::io_next += len;
    Entry flags = arch::Pt_format::writable | arch::Pt_format::pcd | arch::Pt_format::pwt |
                  arch::paging_features.nx_bit;
    for (kern::word_t off = 0; off < len; off += kern::page_size) {
        arch::map_kernel(va + off, base + off, 0, flags);
        arch::invlpg(va + off);
    }
    return reinterpret_cast<volatile void*>(va + offset);
}

}  // namespace port
