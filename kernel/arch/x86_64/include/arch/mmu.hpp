// SPDX-License-Identifier: BSD-2-Clause
// The kernel's own address space on x86_64: physmap, kernel image and I/O
// window in the upper half, shared by every user space's top-level table.
#pragma once

#include <arch/asm_defs.hpp>
#include <kern/boot_info.hpp>
#include <kern/types.hpp>

/// CR4.PCIDE is on: CR3 carries the space's ASID (with bit 63, "keep its
/// TLB entries") when it is below 4096. Read by the IPC fast path too.
extern "C" bool x86_use_pcid;

namespace arch {

inline constexpr kern::word_t kernel_vma = X86_KERNEL_VMA;
inline constexpr kern::word_t physmap_base = X86_PHYSMAP_BASE;

/// Builds the kernel page tables (physmap of [0, max(4 GiB, top of RAM)),
/// the kernel image with W^X per section, the empty I/O window) and
/// switches to them, which also drops the boot identity map.
void mmu_init(const kern::Boot_info& info);

/// Physical address of the kernel's top-level table (asid 0).
kern::paddr_t kernel_root();

/// Reports the mapping sizes chosen (boot log).
void mmu_describe();

}  // namespace arch
