// SPDX-License-Identifier: BSD-2-Clause
// Host stand-in for <arch/pt_format.hpp>: a made-up but complete 4-level
// entry format (contract in kern/port/mmu.hpp) with 4 KiB, 2 MiB and 1 GiB
// leaves. Its bit layout differs from every real one on purpose, so tests of
// the generic walker cannot lean on a particular architecture's encoding.
#pragma once

#include <stdint.h>
#include <kern/types.hpp>

namespace arch {

struct Pt_format {
    using Entry = uint64_t;

    static constexpr unsigned levels = 4;
    static constexpr unsigned index_bits = 9;
    static constexpr kern::word_t user_top = 0x0000800000000000ul;

    static constexpr Entry valid_bit = 1ul << 0;
    static constexpr Entry table_bit = 1ul << 1;    // next-level table (levels > 0)
    static constexpr unsigned rights_shift = 2;     // r, w, x as 4, 2, 1 in bits 4..2
    static constexpr unsigned attr_shift = 5;       // Mem_attr in bits 6..5
    static constexpr unsigned status_shift = 7;     // accessed/dirty: R W X in bits 9..7
    static constexpr Entry address_mask = 0x000FFFFFFFFFF000ul;

    /// Number of entries the walker published (the host has no caches to sync).
    static inline unsigned long published = 0;

    static constexpr bool leaf_allowed(unsigned level) { return level <= 2; }
    static constexpr bool valid(Entry e) { return e & valid_bit; }
    static constexpr bool is_table(Entry e, unsigned level) { return level > 0 && (e & table_bit); }
    static constexpr kern::paddr_t address(Entry e) { return e & address_mask; }
    static constexpr Entry make_table(kern::paddr_t pa) { return (pa & address_mask) | table_bit | valid_bit; }
    static constexpr Entry make_leaf(kern::paddr_t pa, unsigned, kern::Rights r, kern::Mem_attr a) {
        return (pa & address_mask) | valid_bit |
               (Entry{static_cast<uint8_t>(r)} << rights_shift) |
               (Entry{static_cast<uint8_t>(a) & 3u} << attr_shift);
    }
    static constexpr kern::Rights rights(Entry e) {
        return static_cast<kern::Rights>((e >> rights_shift) & 7);
    }
    static constexpr kern::Rights accessed_dirty(Entry e) {
        return static_cast<kern::Rights>((e >> status_shift) & 7);
    }
    static constexpr Entry clear_accessed_dirty(Entry e) { return e & ~(Entry{7} << status_shift); }
    /// MemoryControl (x2-api 4.12): value v = 1..3 selects Mem_attr v
    /// (device, uncached, write-combining); the memory type is the 2-bit
    /// attribute field.
    static bool memory_attribute(kern::word_t value, kern::Mem_attr* out) {
        if (value < 1 || value > 3) return false;
        *out = static_cast<kern::Mem_attr>(value);
        return true;
    }
    static constexpr Entry with_attr(Entry e, kern::Mem_attr a) {
        return (e & ~(Entry{3} << attr_shift)) | (Entry{static_cast<uint8_t>(a) & 3u} << attr_shift);
    }
    static constexpr kern::Mem_attr attr_of(Entry e) {
        return static_cast<kern::Mem_attr>((e >> attr_shift) & 3);
    }
    static void before_memory_type_change(const void*, size_t) {}
    static void publish_entry(Entry*) { ++published; }
};

}  // namespace arch
