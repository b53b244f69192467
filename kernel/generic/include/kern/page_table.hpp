// SPDX-License-Identifier: BSD-2-Clause
// Generic multi-level page-table walker over an architecture's entry format
// F (arch::Pt_format, contract in kern/port/mmu.hpp). It knows nothing of
// PTE bits; the format encodes and decodes entries. Tables are one page
// (512 entries) and come from a table allocator the caller supplies, so the
// walker can be tested on the host with a fake format and malloc.
#pragma once

#include <kern/lib.hpp>
#include <kern/types.hpp>

namespace kern {

/// What a walker needs to get and give back table pages.
struct Table_allocator {
    void* (*alloc)();                    // zeroed page (kernel virtual) or nullptr
    void (*free)(void*);
    void* (*to_virt)(paddr_t);
    paddr_t (*to_phys)(const void*);
};

template <class F>
class Page_table {
public:
    using Entry = typename F::Entry;
    static constexpr unsigned entries = 1u << F::index_bits;

    /// Size (log2) of a leaf at a level.
    static constexpr unsigned leaf_shift(unsigned level) {
        return unsigned(page_shift) + level * F::index_bits;
    }

    struct Lookup {
        paddr_t pa;          // physical address of va (not just of the page)
        Rights rights;
        unsigned size_log2;  // size of the leaf that maps va
    };

    Page_table(void* root, const Table_allocator& a) : _root(static_cast<Entry*>(root)), _a(a) {}

    /// Maps [va, va + 2^size_log2) to pa. size_log2 must be a leaf size of
    /// the format; va and pa aligned to it. An existing mapping of the range
    /// is replaced (a larger leaf is split first is NOT done: the caller
    /// unmaps before remapping at a different size). Returns false when a
    /// table could not be allocated or the size is not supported.
    [[nodiscard]] bool map(vaddr_t va, paddr_t pa, unsigned size_log2, Rights rights, Mem_attr attr) {
        unsigned level = level_of(size_log2);
        if (level >= F::levels || !F::leaf_allowed(level)) return false;
        Entry* e = walk(va, level, true);
        if (!e) return false;
        *e = F::make_leaf(pa, level, rights, attr);
        F::publish_entry(e);
        return true;
    }

    /// Removes the leaf that maps va at exactly size_log2; returns true if one was there.
    bool unmap(vaddr_t va, unsigned size_log2) {
        unsigned level = level_of(size_log2);
        if (level >= F::levels) return false;
        Entry* e = walk(va, level, false);
        if (!e || !F::valid(*e) || (level > 0 && F::is_table(*e, level))) return false;
        *e = Entry{0};
        F::publish_entry(e);
        return true;
    }

    /// Finds the leaf that maps va.
    bool lookup(vaddr_t va, Lookup* out) const {
        Entry* table = _root;
        for (unsigned level = F::levels; level-- > 0;) {
            Entry e = table[index(va, level)];
            if (!F::valid(e)) return false;
            if (level > 0 && F::is_table(e, level)) {
                table = static_cast<Entry*>(_a.to_virt(F::address(e)));
                continue;
            }
            if (!F::leaf_allowed(level)) return false;
            word_t mask = (word_t{1} << leaf_shift(level)) - 1;
            *out = Lookup{F::address(e) + (va & mask), F::rights(e), leaf_shift(level)};
            return true;
        }
        return false;
    }

    /// Frees every table below the root that maps user addresses (below
    /// F::user_top). Leaves are not touched (they map memory owned elsewhere).
    void free_user_tables() { free_tables(_root, F::levels - 1, 0); }

private:
    Entry* _root;
    Table_allocator _a;

    static constexpr unsigned index(vaddr_t va, unsigned level) {
        return static_cast<unsigned>((va >> leaf_shift(level)) & (entries - 1));
    }

    static constexpr unsigned level_of(unsigned size_log2) {
        if (size_log2 < page_shift || (size_log2 - page_shift) % F::index_bits) return ~0u;
        return (size_log2 - unsigned(page_shift)) / F::index_bits;
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
