// SPDX-License-Identifier: BSD-2-Clause
// Boot-time loading of the initial servers (x2-api section 9): sigma0, the
// optional sigma1 and the root server come from the boot archive, are copied
// to the physical addresses they were linked for (virtual = physical), get
// their own address spaces with the KIP and a UTCB mapped, and start at their
// entry points without a start message.
#pragma once

#include <kern/boot_archive.hpp>
#include <kern/boot_info.hpp>
#include <kern/elf.hpp>
#include <kern/types.hpp>

namespace kern {

class Space;
struct Tcb;

struct Initial_server {
    boot_archive::Role role;
    const boot_archive::Archive_entry* entry = nullptr;  // nullptr = not present
    elf::Image image;
    paddr_t low = 0, high = 0;   // page-aligned physical range of the image [low, high)
    Tcb* thread = nullptr;
};

struct Boot_plan {
    boot_archive::View archive;
    Initial_server server[3];    // sigma0, sigma1, root
    paddr_t bootinfo_page = 0;   // one page for the X.2 bootinfo records
    paddr_t kmem_base = 0;       // kernel memory pool
    size_t kmem_size = 0;
};

/// Validates the archive and the initial servers' images and places them;
/// stops the boot with a clear message on any problem.
void plan_boot(const Boot_info& info, Boot_plan& plan);

/// Copies the images into place, creates the spaces and threads (queued on
/// the boot CPU). Stops the boot on lack of kernel memory.
void load_initial_servers(Boot_plan& plan);

/// sigma0's space (identity-mapped physical memory), set once loaded.
extern Space* sigma0_space;

/// True if [pa, pa+size) is physical memory user level may own: not the
/// kernel's image or pool, not firmware's. *attr says how to map it: RAM is
/// normal memory, anything outside RAM is device memory. A range that is
/// part RAM and part not does not qualify.
bool user_ownable(paddr_t pa, size_t size, Mem_attr* attr);

/// Where user-ownable memory may resume after the page at pa: the end of
/// the kernel image, kernel pool or firmware range that page overlaps (the
/// furthest, if several), or pa itself if it overlaps none. Lets sigma0's
/// identity fill skip such a range at once instead of page by page.
paddr_t not_ownable_end(paddr_t pa);

/// Writes the X.2 bootinfo records (x2-api 9.4) into plan.bootinfo_page.
void write_bootinfo(const Boot_plan& plan);
/// Bytes the bootinfo records of the plan's servers and modules take
/// (plan_boot refuses an archive whose records exceed the page).
size_t bootinfo_bytes(const Boot_plan& plan);

/// The machine as the arch described it at boot (copied by kernel_main).
extern Boot_info boot_info;
/// The physical range of the kernel memory pool.
extern Boot_region kernel_pool;

}  // namespace kern
