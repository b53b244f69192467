// SPDX-License-Identifier: BSD-2-Clause
// Sv39 page-table entries (RISC-V privileged spec 4.4): three levels of 512
// entries, leaves at every level (4 KiB, 2 MiB, 1 GiB). The generic walker
// (kern/page_table.hpp) builds user tables from these encodings.
#pragma once

#include <kern/types.hpp>

namespace arch {

/// Runtime paging features (set once at boot from the device tree, before
/// any user mapping).
struct Paging_features {
    bool svpbmt = false;  // the boot hart's riscv,isa names Svpbmt (PTE bits 62..61)
};
extern Paging_features paging_features;

struct Pt_format {
    using Entry = uint64_t;
    using Rights = kern::Rights;

    static constexpr unsigned levels = 3;
    static constexpr unsigned index_bits = 9;
    static constexpr kern::word_t user_top = 0x0000004000000000ul;  // 256 GiB

    // PTE bits.
    static constexpr Entry v = 1u << 0;
    static constexpr Entry r = 1u << 1;
    static constexpr Entry w = 1u << 2;
    static constexpr Entry x = 1u << 3;
    static constexpr Entry u = 1u << 4;
    static constexpr Entry g = 1u << 5;
    static constexpr Entry a = 1u << 6;
    static constexpr Entry d = 1u << 7;
    static constexpr unsigned ppn_shift = 10;
    static constexpr Entry ppn_mask = ((Entry{1} << 44) - 1) << ppn_shift;
    // Svpbmt memory types (bits 62..61): 0 = the PMA's, NC, IO.
    static constexpr Entry pbmt_nc = Entry{1} << 61;
    static constexpr Entry pbmt_io = Entry{2} << 61;
    static constexpr Entry pbmt_mask = Entry{3} << 61;

    static constexpr bool leaf_allowed(unsigned) { return true; }
    static constexpr bool valid(Entry e) { return e & v; }
    /// A valid entry without R, W or X points to the next level.
    static constexpr bool is_table(Entry e, unsigned) { return (e & (v | r | w | x)) == v; }
    static constexpr kern::paddr_t address(Entry e) { return ((e & ppn_mask) >> ppn_shift) << 12; }
    static constexpr Entry encode_pa(kern::paddr_t pa) { return ((pa >> 12) << ppn_shift) & ppn_mask; }

    /// Non-leaf entries must leave U, A and D clear (reserved by the spec).
    static constexpr Entry make_table(kern::paddr_t pa) { return encode_pa(pa) | v; }

    /// A user leaf. R is always set: X.2 implies read access with any
    /// mapping and Sv39 reserves W without R. A and D start clear so that
    /// accessed_dirty() reports what the hardware (or the trap path, on
    /// harts that fault instead of setting them) recorded. Base Sv39 has
    /// no memory types (the platform's PMAs decide); with Svpbmt the
    /// attribute selects one (pbmt_bits).
    static Entry make_leaf(kern::paddr_t pa, unsigned, Rights rights, kern::Mem_attr attr) {
        Entry e = encode_pa(pa) | v | u | r | pbmt_bits(attr);
        if (kern::has(rights, Rights::w)) e |= w;
        if (kern::has(rights, Rights::x)) e |= x;
        return e;
    }

    /// Svpbmt bits of a memory type: normal RAM keeps the PMA's type (0),
    /// devices get IO, uncached and write-combining NC. Without Svpbmt the
    /// bits are reserved and stay 0.
    static Entry pbmt_bits(kern::Mem_attr attr) {
        if (!paging_features.svpbmt) return 0;
        switch (attr) {
        case kern::Mem_attr::normal: return 0;
        case kern::Mem_attr::device: return pbmt_io;
        case kern::Mem_attr::uncached:
        case kern::Mem_attr::write_combining: return pbmt_nc;
        }
        return 0;
    }

    /// MemoryControl attribute values (x2-api 4.12, docs/abi-riscv64.md):
    /// with Svpbmt, v selects PBMT v - 1 (1 PMA, 2 NC, 3 IO); without it
    /// there are no memory types to choose, only the default (0, handled
    /// generically).
    static bool memory_attribute(kern::word_t value, kern::Mem_attr* out) {
        constexpr kern::Mem_attr by_pbmt[] = {kern::Mem_attr::normal, kern::Mem_attr::uncached,
                                              kern::Mem_attr::device};
        if (!paging_features.svpbmt || value < 1 || value > 3) return false;
        *out = by_pbmt[value - 1];
        return true;
    }
    static Entry with_attr(Entry e, kern::Mem_attr attr) { return (e & ~pbmt_mask) | pbmt_bits(attr); }
    static constexpr kern::Mem_attr attr_of(Entry e) {
        return (e & pbmt_mask) == pbmt_io   ? kern::Mem_attr::device
               : (e & pbmt_mask) == pbmt_nc ? kern::Mem_attr::uncached
                                            : kern::Mem_attr::normal;
    }
    /// No cache-maintenance instructions without Zicbom, which Walnut does
    /// not use: QEMU's harts have no data caches to clean.
    static void before_memory_type_change(const void*, size_t) {}

    static constexpr Rights rights(Entry e) {
        Rights out = Rights::none;
        if (e & r) out = out | Rights::r;
        if (e & w) out = out | Rights::w;
        if (e & x) out = out | Rights::x;
        return out;
    }

    /// X.2 status bits: A (any access) reports as R, D (a write) as W. Sv39
    /// cannot tell executes from reads.
    static constexpr Rights accessed_dirty(Entry e) {
        Rights out = Rights::none;
        if (e & a) out = out | Rights::r;
        if (e & d) out = out | Rights::w;
        return out;
    }
    static constexpr Entry clear_accessed_dirty(Entry e) { return e & ~(a | d); }

    /// Called by the walker after each store to a table. Orders the store
    /// before later accesses; the translation caches are the business of
    /// port::tlb_flush_page, which kern::Space calls after every map and
    /// unmap (sfence.vma also orders the page-table walker's reads).
    static void publish_entry(Entry*) { asm volatile("fence rw, rw" ::: "memory"); }
};

}  // namespace arch
