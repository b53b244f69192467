// SPDX-License-Identifier: BSD-2-Clause
// Generic multi-level page-table walker over an architecture's entry format
// F (arch::Pt_format, contract in kern/port/mmu.hpp). It knows nothing of
// PTE bits; the format encodes and decodes entries.
//
// Every table is a two-page block: the hardware table (512 entries) followed
// by a shadow page of 512 words that the mapping database uses to find the
// mapping node of a leaf in O(levels). Tables come from an allocator the
// caller supplies, so the walker can be tested on the host with a fake format.
#pragma once

#include <kern/lib.hpp>
#include <kern/types.hpp>

namespace kern {

/// What a walker needs to get and give back table blocks (2 pages each).
struct Table_allocator {
    void* (*alloc)();                    // zeroed 2-page block (kernel virtual) or nullptr
    void (*free)(void*);
    void* (*to_virt)(paddr_t);
    paddr_t (*to_phys)(const void*);
};

template <class F>
class Page_table {
public:
    using Entry = typename F::Entry;
    static constexpr unsigned entries = 1u << F::index_bits;
    static_assert(entries * sizeof(Entry) == page_size, "a table must fill one page");

    /// Size (log2) of a leaf at a level.
    static constexpr unsigned leaf_shift(unsigned level) {
        return unsigned(page_shift) + level * F::index_bits;
    }
    /// The level whose leaves are 2^size_log2 bytes, or ~0u if none.
    static constexpr unsigned level_of(unsigned size_log2) {
        if (size_log2 < page_shift || (size_log2 - page_shift) % F::index_bits) return ~0u;
        return (size_log2 - unsigned(page_shift)) / F::index_bits;
    }
    /// True if the format has leaves of this size.
    static bool leaf_size_allowed(unsigned size_log2) {
        unsigned level = level_of(size_log2);
        return level < F::levels && F::leaf_allowed(level);
    }

    /// A leaf found by a walk.
    struct Leaf {
        Entry* entry = nullptr;   // the hardware entry
        word_t* shadow = nullptr; // its shadow word
        vaddr_t va = 0;           // first address the leaf maps
        unsigned size_log2 = 0;
        paddr_t pa() const { return F::address(*entry); }
    };

    Page_table(void* root, const Table_allocator& a) : _root(static_cast<Entry*>(root)), _a(a) {}

    /// Maps [va, va + 2^size_log2) to pa with a shadow word. The range must
    /// be free of other leaves (the caller removes them). Returns false when
    /// a table cannot be allocated, the size is unsupported, or a larger
    /// leaf covers va. Empty tables the new leaf replaces are freed, and
    /// *tables_freed (if given) says so: the caller must then flush the
    /// space's TLB entries, not only va's (walk caches may hold the tables).
    [[nodiscard]] bool map(vaddr_t va, paddr_t pa, unsigned size_log2, Rights rights, Mem_attr attr,
                           word_t shadow = 0, bool* tables_freed = nullptr) {
        unsigned level = level_of(size_log2);
        if (level >= F::levels || !F::leaf_allowed(level)) return false;
        // User tables only: nothing maps at or above the user part's end.
        if (va >= F::user_top || (vaddr_t{1} << leaf_shift(level)) > F::user_top - va) return false;
        Entry* e = walk(va, level, true);
        if (!e) return false;
        // Tables below the new leaf hold no leaves (the range is free), but
        // they are still allocated: free them, or they would be orphaned.
        if (level > 0 && F::valid(*e) && F::is_table(*e, level)) {
            auto* sub = static_cast<Entry*>(_a.to_virt(F::address(*e)));
            free_tables(sub, level - 1, va);
            _a.free(sub);
            if (tables_freed) *tables_freed = true;
        }
        *e = F::make_leaf(pa, level, rights, attr);
        F::publish_entry(e);
        *shadow_of(e) = shadow;
        return true;
    }

    /// The leaf that maps va, if any.
    bool find(vaddr_t va, Leaf* out) const {
        Entry* table = _root;
        for (unsigned level = F::levels; level-- > 0;) {
            Entry* e = &table[index(va, level)];
            if (!F::valid(*e)) return false;
            if (level > 0 && F::is_table(*e, level)) {
                table = static_cast<Entry*>(_a.to_virt(F::address(*e)));
                continue;
            }
            unsigned shift = leaf_shift(level);
            *out = Leaf{e, shadow_of(e), va & ~((vaddr_t{1} << shift) - 1), shift};
            return true;
        }
        return false;
    }

    /// The entries a walk for va reads, root level first (the debugger shows
    /// them): stores up to F::levels entries in path and returns how many.
    /// The last one is a leaf, an invalid entry, or the level-0 entry.
    unsigned trace(vaddr_t va, Entry (&path)[F::levels]) const {
        const Entry* table = _root;
        unsigned n = 0;
        for (unsigned level = F::levels; level-- > 0;) {
            Entry e = table[index(va, level)];
            path[n++] = e;
            if (level == 0 || !F::valid(e) || !F::is_table(e, level)) break;
            table = static_cast<const Entry*>(_a.to_virt(F::address(e)));
        }
        return n;
    }

    /// The first leaf that maps anything in [va, end), skipping empty tables.
    bool next(vaddr_t va, vaddr_t end, Leaf* out) const {
        return next_in(_root, F::levels - 1, 0, va, end, out);
    }

    /// Rewrites a leaf's entry (rights change or removal: 0).
    static void set(const Leaf& leaf, Entry e) {
        *leaf.entry = e;
        F::publish_entry(leaf.entry);
        if (!F::valid(e)) *leaf.shadow = 0;
    }

    /// Frees every table below the root that maps user addresses (below
    /// F::user_top). Leaves are not touched (they map memory owned elsewhere).
    void free_user_tables() { free_tables(_root, F::levels - 1, 0); }

private:
    Entry* _root;
    Table_allocator _a;

    static word_t* shadow_of(Entry* e) {
        // The shadow page follows the table page: same index, one page on.
        return reinterpret_cast<word_t*>(reinterpret_cast<uint8_t*>(e) + page_size);
    }

    static constexpr unsigned index(vaddr_t va, unsigned level) {
        return static_cast<unsigned>((va >> leaf_shift(level)) & (entries - 1));
    }

    // Returns the entry for va at 'level', creating tables on the way if asked.
    Entry* walk(vaddr_t va, unsigned level, bool create) {
        Entry* table = _root;
        for (unsigned l = F::levels - 1; l > level; --l) {
            Entry& e = table[index(va, l)];
            if (!F::valid(e)) {
                if (!create) return nullptr;
                void* t = _a.alloc();
                if (!t) return nullptr;
                e = F::make_table(_a.to_phys(t));
                F::publish_entry(&e);
            } else if (!F::is_table(e, l)) {
                return nullptr;  // a larger leaf covers va
            }
            table = static_cast<Entry*>(_a.to_virt(F::address(e)));
        }
        return &table[index(va, level)];
    }

    bool next_in(Entry* table, unsigned level, vaddr_t base, vaddr_t va, vaddr_t end,
                 Leaf* out) const {
        unsigned shift = leaf_shift(level);
        vaddr_t span = vaddr_t{1} << shift;
        unsigned i = va > base ? index(va, level) : 0;
        for (; i < entries; ++i) {
            vaddr_t start = base + (vaddr_t{i} << shift);
            if (start >= end || start >= F::user_top) return false;
            Entry* e = &table[i];
            if (!F::valid(*e)) continue;
            if (level > 0 && F::is_table(*e, level)) {
                auto* sub = static_cast<Entry*>(_a.to_virt(F::address(*e)));
                if (next_in(sub, level - 1, start, va > start ? va : start, end, out)) return true;
                continue;
            }
            if (start + span <= va) continue;
            *out = Leaf{e, shadow_of(e), start, shift};
            return true;
        }
        return false;
    }

    void free_tables(Entry* table, unsigned level, vaddr_t base) {
        for (unsigned i = 0; i < entries; ++i) {
            vaddr_t va = base + (vaddr_t{i} << leaf_shift(level));
            if (va >= F::user_top) break;
            Entry e = table[i];
            if (level > 0 && F::valid(e) && F::is_table(e, level)) {
                auto* sub = static_cast<Entry*>(_a.to_virt(F::address(e)));
                free_tables(sub, level - 1, va);
                _a.free(sub);
                table[i] = Entry{0};
            }
        }
    }
};

}  // namespace kern
