// SPDX-License-Identifier: BSD-2-Clause
// VMSAv8-64 stage 1 descriptors for user address spaces (TTBR0_EL1): 4 KiB
// granule, 48-bit VAs, four levels of 512 entries; leaves at 4 KiB, 2 MiB
// and 1 GiB. The generic walker (kern/page_table.hpp) builds user tables
// from these encodings.
#pragma once

#include <arch/mmu_defs.h>
#include <kern/types.hpp>

namespace arch {

/// The access flag and the dirty state are kept the way FEAT_HAFDBS does in
/// hardware: leaves start with AF = 0, and writable leaves start read-only
/// with DBM set. CPUs without hardware updates (Cortex-A57, QEMU 7.2) take
/// an access-flag or permission fault on the first access or write, which
/// the exception entry resolves silently (arch::resolve_user_access_fault),
/// so accessed_dirty() reports what really happened. Generic code that
/// clears the status bits must flush the TLB entry afterwards.
struct Pt_format {
    using Entry = uint64_t;
    using Rights = kern::Rights;

    static constexpr unsigned levels = 4;
    static constexpr unsigned index_bits = 9;
    static constexpr kern::word_t user_top = USER_TOP;

    /// Level 0 = 4 KiB pages (hardware level 3) ... level 3 = the root.
    /// Hardware level 0 (512 GiB) cannot hold a block.
    static constexpr bool leaf_allowed(unsigned level) { return level <= 2; }
    static constexpr bool valid(Entry e) { return e & PTE_VALID; }
    static constexpr bool is_table(Entry e, unsigned level) {
        return level > 0 && (e & PTE_TYPE_TABLE) == PTE_TYPE_TABLE;
    }
    static constexpr kern::paddr_t address(Entry e) { return e & PTE_ADDR_MASK; }

    /// No hierarchical restrictions (APTable, XNTable): leaves decide.
    static constexpr Entry make_table(kern::paddr_t pa) {
        return (pa & PTE_ADDR_MASK) | PTE_TYPE_TABLE;
    }

    /// A user leaf: EL0 accessible, not global (tagged with the space's
    /// ASID), never executable by the kernel. Any valid leaf is readable.
    static constexpr Entry make_leaf(kern::paddr_t pa, unsigned level, Rights rights,
                                     kern::Mem_attr attr) {
        Entry e = (pa & PTE_ADDR_MASK) | (level == 0 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK) |
                  PTE_ATTR(static_cast<Entry>(attr) & 3) | PTE_AP_EL0 | PTE_NG | PTE_PXN |
                  PTE_AP_RO;
        if (attr != kern::Mem_attr::device) e |= PTE_SH_INNER;
        if (kern::has(rights, Rights::w)) e |= PTE_DBM;
        if (!kern::has(rights, Rights::x)) e |= PTE_UXN;
        return e;
    }

    /// MemoryControl attribute values (x2-api 4.12, docs/abi-aarch64.md):
    /// v > 0 selects MAIR_EL1 index v - 1 as the kernel programs it (1 normal
    /// write-back, 2 Device-nGnRE, 3 normal non-cacheable, 4 normal
    /// non-cacheable for write combining). False: no such value.
    static constexpr bool memory_attribute(kern::word_t v, kern::Mem_attr* out) {
        if (v < 1 || v > 4) return false;
        *out = static_cast<kern::Mem_attr>(v - 1);  // Mem_attr values are the MAIR indices
        return true;
    }
    /// The memory type a leaf's MAIR index selects (debugger, tests).
    static constexpr kern::Mem_attr attr_of(Entry e) {
        return static_cast<kern::Mem_attr>((e >> 2) & 3);
    }
    /// A leaf with another memory type (and its shareability), everything
    /// else kept.
    static constexpr Entry with_attr(Entry e, kern::Mem_attr attr) {
        e &= ~(PTE_ATTR(Entry{7}) | PTE_SH_INNER);
        e |= PTE_ATTR(static_cast<Entry>(attr) & 3);
        if (attr != kern::Mem_attr::device) e |= PTE_SH_INNER;
        return e;
    }
    /// Before the memory type of a physical range changes (kva: its direct
    /// map alias, whose leaf is already invalid and flushed from the TLB:
    /// break-before-make): clean and invalidate its data cache lines to the
    /// point of coherency, so no stale line survives into non-cacheable use.
    static void before_memory_type_change(const void* kva, size_t size) {
        kern::word_t ctr;
        asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
        kern::word_t line = kern::word_t{4} << ((ctr >> 16) & 0xf);  // DminLine, in bytes
        auto p = reinterpret_cast<kern::word_t>(kva);
        for (kern::word_t a = p & ~(line - 1); a < p + size; a += line)
            asm volatile("dc civac, %0" ::"r"(a) : "memory");
        asm volatile("dsb sy" ::: "memory");
    }

    static constexpr Rights rights(Entry e) {
        Rights out = Rights::r;
        if ((e & PTE_DBM) || !(e & PTE_AP_RO)) out = out | Rights::w;
        if (!(e & PTE_UXN)) out = out | Rights::x;
        return out;
    }

    /// X.2 status bits: R = accessed at all (AF), W = written (made
    /// writable by the first write), X = the first access was an
    /// instruction fetch (software bit; a later fetch after a read is not
    /// seen).
    static constexpr Rights accessed_dirty(Entry e) {
        Rights out = Rights::none;
        if (e & PTE_AF) out = out | Rights::r;
        if ((e & PTE_DBM) && !(e & PTE_AP_RO)) out = out | Rights::w;
        if (e & PTE_SW_EXEC) out = out | Rights::x;
        return out;
    }
    static constexpr Entry clear_accessed_dirty(Entry e) {
        e &= ~(PTE_AF | PTE_SW_EXEC);
        if (e & PTE_DBM) e |= PTE_AP_RO;
        return e;
    }

    /// Called by the walker after each store to a table: makes the store
    /// visible to the table walker before a later TLB maintenance
    /// instruction or return to EL0 (Arm ARM D8.2.6). The TLB itself is
    /// port::tlb_flush_page's job.
    static void publish_entry(Entry*) { asm volatile("dsb ishst" ::: "memory"); }
};

}  // namespace arch
