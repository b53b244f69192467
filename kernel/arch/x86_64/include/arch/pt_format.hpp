// SPDX-License-Identifier: BSD-2-Clause
// x86_64 4-level page-table entry format (SDM vol. 3, 4.5) for the generic
// page-table walker: 4 KiB, 2 MiB and 1 GiB leaves, rights through R/W and
// NX, memory types through PWT/PCD with the PAT programmed by the kernel.
#pragma once

#include <stdint.h>
#include <kern/types.hpp>

namespace arch {

/// Runtime paging features (set once at boot, before any user mapping).
struct Paging_features {
    uint64_t nx_bit = 0;         // bit 63 if EFER.NXE is on, else 0
    bool gib_pages = false;      // CPUID 0x80000001 EDX.Page1GB
};
extern Paging_features paging_features;

struct Pt_format {
    using Entry = uint64_t;

    static constexpr unsigned levels = 4;
    static constexpr unsigned index_bits = 9;
    static constexpr kern::word_t user_top = 0x0000800000000000ul;

    // Entry bits.
    static constexpr Entry present = 1ul << 0;
    static constexpr Entry writable = 1ul << 1;
    static constexpr Entry user = 1ul << 2;
    static constexpr Entry pwt = 1ul << 3;
    static constexpr Entry pcd = 1ul << 4;
    static constexpr Entry accessed = 1ul << 5;
    static constexpr Entry dirty = 1ul << 6;
    static constexpr Entry large = 1ul << 7;   // PS: leaf at level 1 or 2
    static constexpr Entry global = 1ul << 8;
    static constexpr Entry nx = 1ul << 63;
    static constexpr Entry address_mask = 0x000FFFFFFFFFF000ul;

    /// Memory-type bits. The kernel programs the PAT so that PWT alone
    /// selects write-combining (see cpu.cc): PAT entries 0 WB, 1 WC, 2 UC-,
    /// 3 UC. The PAT bit itself is never set, so bit 12 of a large leaf is
    /// always 0 and address() needs no level.
    static constexpr Entry attr_bits(kern::Mem_attr attr) {
        switch (attr) {
        case kern::Mem_attr::normal: return 0;
        case kern::Mem_attr::write_combining: return pwt;
        case kern::Mem_attr::uncached: return pcd;
        case kern::Mem_attr::device: return pcd | pwt;
        }
        return pcd | pwt;
    }

    /// MemoryControl attribute values (x2-api 4.12, docs/abi-x86_64.md):
    /// as in Pistachio, v > 0 selects PAT entry v - 1; Walnut reaches
    /// entries 0..3 (1 WB, 2 WC, 3 UC-, 4 UC). False: no such value.
    static constexpr bool memory_attribute(kern::word_t v, kern::Mem_attr* out) {
        constexpr kern::Mem_attr by_pat[] = {kern::Mem_attr::normal, kern::Mem_attr::write_combining,
                                             kern::Mem_attr::uncached, kern::Mem_attr::device};
        if (v < 1 || v > 4) return false;
        *out = by_pat[v - 1];
        return true;
    }
    /// The memory type a leaf's bits select (debugger, tests).
    static constexpr kern::Mem_attr attr_of(Entry e) {
        constexpr kern::Mem_attr by_pat[] = {kern::Mem_attr::normal, kern::Mem_attr::write_combining,
                                             kern::Mem_attr::uncached, kern::Mem_attr::device};
        return by_pat[((e & pcd) ? 2 : 0) + ((e & pwt) ? 1 : 0)];
    }
    /// A leaf with another memory type, everything else kept.
    static constexpr Entry with_attr(Entry e, kern::Mem_attr attr) {
        return (e & ~(pwt | pcd)) | attr_bits(attr);
    }
    /// Before the memory type of a physical range changes (kva: its direct
    /// map alias): write back and invalidate its cache lines, so no stale
    /// write-back line survives into uncached use.
    static void before_memory_type_change(const void* kva, size_t size) {
        constexpr size_t line = 64;  // CLFLUSH granule on every x86_64 CPU Walnut runs on
        if (size > (size_t{1} << 20)) {
            asm volatile("wbinvd" ::: "memory");
            return;
        }
        auto p = reinterpret_cast<kern::word_t>(kva);
        for (kern::word_t a = p; a < p + size; a += line)
            asm volatile("clflush (%0)" ::"r"(a) : "memory");
        asm volatile("mfence" ::: "memory");
    }

    static bool leaf_allowed(unsigned level) {
        return level == 0 || level == 1 || (level == 2 && paging_features.gib_pages);
    }
    static constexpr bool valid(Entry e) { return (e & present) != 0; }
    static constexpr bool is_table(Entry e, unsigned level) {
        return level > 0 && (e & present) && !(e & large);
    }
    static constexpr kern::paddr_t address(Entry e) { return e & address_mask; }
    static constexpr Entry make_table(kern::paddr_t pa) {
        return (pa & address_mask) | present | writable | user;
    }
    static Entry make_leaf(kern::paddr_t pa, unsigned level, kern::Rights rights, kern::Mem_attr attr) {
        Entry e = (pa & address_mask) | present | user | attr_bits(attr);
        if (level > 0) e |= large;
        if (has(rights, kern::Rights::w)) e |= writable;
        if (!has(rights, kern::Rights::x)) e |= paging_features.nx_bit;
        return e;
    }
    static kern::Rights rights(Entry e) {
        kern::Rights r = kern::Rights::r;
        if (e & writable) r = r | kern::Rights::w;
        if (!(e & paging_features.nx_bit)) r = r | kern::Rights::x;
        return r;
    }
    /// X.2 status bits as the amd64 binding reports them: accessed -> R|X,
    /// dirty -> R|W.
    static constexpr kern::Rights accessed_dirty(Entry e) {
        kern::Rights r = kern::Rights::none;
        if (e & accessed) r = r | kern::Rights::rx;
        if (e & dirty) r = r | kern::Rights::rw;
        return r;
    }
    static constexpr Entry clear_accessed_dirty(Entry e) { return e & ~(accessed | dirty); }

    /// The MMU walks page tables coherently with ordinary stores, so a
    /// new entry needs no barrier; stale TLB entries are the walker's job
    /// (tlb_flush_page / tlb_flush_space).
    static void publish_entry(const Entry*) {}
};

}  // namespace arch
