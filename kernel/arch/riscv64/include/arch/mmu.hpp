// SPDX-License-Identifier: BSD-2-Clause
// riscv64 kernel address-space layout (Sv39) and the kernel's own mappings.
// The upper half is shared by every address space: init_user_root copies
// its root entries, which are all created at boot and never change later.
#pragma once

#include <kern/boot_info.hpp>
#include <kern/types.hpp>

namespace arch {

using kern::paddr_t;
using kern::word_t;

/// Direct map of RAM: physmap_base + pa, root entries 256..383 (128 GiB).
inline constexpr word_t physmap_base = 0xFFFFFFC000000000ul;
inline constexpr word_t physmap_size = 128 * kern::GiB;
/// Device registers mapped by port::io_map: root entry 384 (1 GiB).
inline constexpr word_t io_window_base = 0xFFFFFFE000000000ul;
inline constexpr word_t io_window_size = kern::GiB;
/// The kernel image: 0xFFFFFFFF80000000 + (load address - RAM base), root entry 510.
inline constexpr word_t kernel_window_base = 0xFFFFFFFF80000000ul;

inline constexpr word_t satp_mode_sv39 = word_t{8} << 60;
inline constexpr unsigned satp_asid_shift = 44;
inline constexpr word_t satp_asid_max = 0xffff;

/// Kernel-virtual minus physical address of the kernel image (set at boot).
extern word_t kernel_pa_offset;

/// Builds the final kernel page table: the physmap for every RAM region
/// except the no-map ones, the image with per-section rights, the I/O
/// window's table. Switches to it and probes the ASID width.
void kernel_space_init(const kern::Boot_region_list& ram, const kern::Boot_region_list& no_map);

/// The kernel's root table (kernel threads run on it).
paddr_t kernel_root_pa();
void* kernel_root_kva();

/// Measures the ASID width (after kernel_space_init).
void probe_asids();

/// Number of ASID bits the hart implements (0 = none: flush on switch).
unsigned asid_bits();

/// Handles a user page fault that the page table already allows: sets A/D
/// on harts that fault instead of setting them, or drops a stale TLB entry.
/// Returns true if the access can simply be retried.
bool fixup_user_fault(word_t va, kern::Rights access);

}  // namespace arch
