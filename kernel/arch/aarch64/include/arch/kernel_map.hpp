// SPDX-License-Identifier: BSD-2-Clause
// The kernel half of the address space (TTBR1_EL1): the image mapping that
// head.S built, the direct map of RAM added at boot, and the I/O window.
// Boot-time only, on the boot CPU; tables come from a fixed pool in .bss.
#pragma once

#include <kern/types.hpp>

namespace arch::kernel_map {

/// Takes over from head.S: records where the image was loaded and removes
/// the identity map (TTBR0 then points at an empty table).
void init(kern::paddr_t image_pa);

/// Physical address of the image's first byte / its size including .bss.
kern::paddr_t image_phys();
kern::word_t image_size();
/// Bytes of text and read-only data at the start of the image.
kern::word_t image_readonly_size();

/// Bytes from pa to the end of the DTB window head.S mapped (0 if pa is
/// not inside it): how much of the DTB is readable before map_ram().
kern::word_t boot_dtb_window(kern::paddr_t dtb_pa);

/// Adds [base, base+size) to the direct map (normal memory, RW, never
/// executable). Page-granular; regions already mapped the same way are fine.
void map_ram(kern::paddr_t base, kern::paddr_t size);

/// Maps device registers (Device-nGnRE) into the I/O window.
volatile void* map_device(kern::paddr_t pa, size_t size);

/// Physical address of the empty table TTBR0 holds when no user space is
/// active (kernel threads, boot).
kern::paddr_t empty_user_root();

}  // namespace arch::kernel_map
