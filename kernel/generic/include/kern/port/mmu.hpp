// SPDX-License-Identifier: BSD-2-Clause
// Contract: address translation. The page-table *format* is arch::Pt_format
// from <arch/pt_format.hpp>; the generic walker (kern/page_table.hpp) does
// the rest. The kernel part of the address space is the arch's business.
//
// arch::Pt_format must provide (all static, constexpr where possible):
//   using Entry = uint64_t;
//   levels            number of levels; level 0 maps 4 KiB pages, the root is levels-1
//   index_bits        bits of VA per level (9 everywhere here)
//   user_top          first virtual address above the user part
//   leaf_allowed(l)   true if a leaf (page/block) may sit at level l (4K, 2M, 1G)
//   valid(e)          entry maps something or points to a table
//   is_table(e, l)    entry at level l > 0 points to a next-level table
//   address(e)        physical address in a table or leaf entry
//   make_table(pa)    entry pointing to a next-level table (user-accessible path)
//   make_leaf(pa, l, rights, attr)  user leaf at level l
//   rights(e)         rights a leaf grants (reads are implied by any valid leaf)
//   accessed_dirty(e) X.2 status bits R=4 W=2 X=1 the hardware recorded
//   clear_accessed_dirty(e)
#pragma once

#include <kern/types.hpp>

namespace port {

/// Physical <-> kernel virtual for RAM (the kernel's direct map) and for the
/// kernel image itself.
void* phys_to_virt(paddr_t pa);
paddr_t virt_to_phys(const void* kva);

/// Prepares a freshly zeroed top-level table of a user space: copies the
/// kernel's entries where the arch shares one table (x86_64, riscv64).
void init_user_root(void* root_kva);

/// Makes the space with this top-level table current on this CPU.
/// asid is a small number the generic kernel assigns per space (0 = kernel).
void activate_space(paddr_t root_pa, unsigned asid);

/// TLB maintenance after a user mapping changed.
void tlb_flush_page(unsigned asid, vaddr_t va);
void tlb_flush_space(unsigned asid);

/// Makes code the kernel wrote through the direct map at kva visible to
/// instruction fetch (the initial servers' images). A no-op where caches
/// are coherent with instruction fetch.
void sync_instruction_memory(const void* kva, size_t size);

/// Maps device registers uncached into the kernel; returns their kernel
/// address. Only at boot (platform_init); never fails silently (panics).
volatile void* io_map(paddr_t pa, size_t size);

}  // namespace port
