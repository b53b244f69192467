// SPDX-License-Identifier: BSD-2-Clause
// The port::mmu contract on aarch64: direct-map translation, user spaces in
// TTBR0_EL1 tagged with ASIDs, TLB maintenance, device mappings.
#include <arch/kernel_map.hpp>
#include <arch/mmu_defs.h>
#include <arch/sysreg.hpp>
#include <kern/panic.hpp>
#include <kern/port/mmu.hpp>

namespace port {

using kern::paddr_t;
using kern::word_t;

void* phys_to_virt(paddr_t pa) { return reinterpret_cast<void*>(PHYSMAP_BASE + pa); }

paddr_t virt_to_phys(const void* kva) {
    auto va = reinterpret_cast<word_t>(kva);
    if (va >= KERNEL_VIRT_BASE && va < IO_WINDOW_BASE)
        return va - (KERNEL_VIRT_BASE + KERNEL_TEXT_OFFSET) + arch::kernel_map::image_phys();
    if (va >= PHYSMAP_BASE && va < PHYSMAP_BASE + PHYSMAP_SIZE) return va - PHYSMAP_BASE;
    kern::panic("virt_to_phys: %p is neither in the kernel image nor in the direct map", kva);
}

// The kernel half has its own root (TTBR1), so a user root starts empty.
void init_user_root(void*) {}

namespace {

// The unusual cases of activate_space, out of the switch path: a space
// without a table yet, and an ASID beyond what the CPU has.
[[gnu::noinline, gnu::cold]] void activate_space_slow(paddr_t root_pa, unsigned asid) {
    // 8-bit ASIDs unless TCR_EL1.AS was set at boot (the CPU has 16).
    unsigned limit = (arch::read_tcr() & TCR_AS) ? 0xffffu : 0xffu;
    if (asid > limit) kern::panic("activate_space: ASID %u exceeds the CPU's %u", asid, limit);
    if (root_pa == 0) root_pa = arch::kernel_map::empty_user_root();
    arch::write_ttbr0(root_pa | (word_t{asid} << 48));
}

}  // namespace

void activate_space(paddr_t root_pa, unsigned asid) {
    // Every CPU has at least 8-bit ASIDs; only larger ones need the check.
    if (root_pa == 0 || asid > 0xffu) [[unlikely]] {
        activate_space_slow(root_pa, asid);
        return;
    }
    // Kernel mappings are global and live in TTBR1: nothing else to do.
    arch::write_ttbr0(root_pa | (word_t{asid} << 48));
}

void tlb_flush_page(unsigned asid, kern::vaddr_t va) {
    word_t arg = ((va >> 12) & ((word_t{1} << 44) - 1)) | (word_t{asid} << 48);
    asm volatile("dsb ishst; tlbi vae1is, %0; dsb ish; isb" ::"r"(arg) : "memory");
}

void tlb_flush_space(unsigned asid) {
    word_t arg = word_t{asid} << 48;
    asm volatile("dsb ishst; tlbi aside1is, %0; dsb ish; isb" ::"r"(arg) : "memory");
}

volatile void* io_map(paddr_t pa, size_t size) { return arch::kernel_map::map_device(pa, size); }

}  // namespace port
