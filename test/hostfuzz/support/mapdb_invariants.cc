// SPDX-License-Identifier: BSD-2-Clause
// Mapping-database and page-table invariants (see mapdb_invariants.hpp).
#include <algorithm>
#include <cstdlib>
#include <string>

#include "fuzz_support.hpp"
#include "mapdb_invariants.hpp"

#include <arch/pt_format.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kmem.hpp>
#include <kern/port/mmu.hpp>

namespace hostfuzz {

namespace {

using F = arch::Pt_format;
using Table = kern::Space::Table;
using kern::Mapping;
using kern::Rights;
using kern::vaddr_t;

unsigned rights_bits(Rights r) { return static_cast<unsigned>(r); }

size_t tables_seen = 0;

void walk(const kern::Space& s, const F::Entry* table, unsigned level, vaddr_t base,
          std::vector<Leaf_view>& out, const char* step) {
    for (unsigned i = 0; i < Table::entries; ++i) {
        vaddr_t va = base + (vaddr_t{i} << Table::leaf_shift(level));
        F::Entry e = table[i];
        if (va >= F::user_top) {
            // The host's user roots have no kernel half (init_user_root does
            // nothing): anything there was put by user-level operations.
            if (e && !known("beyond-user-top"))
                violation(step, "[beyond-user-top] entry %u of a level-%u table (va %#lx, past user_top %#lx) is "
                          "%#lx: a user operation reached the kernel part of the tables", i, level, va,
                          F::user_top, e);
            continue;
        }
        auto shadow = reinterpret_cast<const kern::word_t*>(reinterpret_cast<const uint8_t*>(&table[i]) +
                                                           kern::page_size);
        if (!F::valid(e)) {
            if (*shadow != 0 && !known("stale-shadow"))
                violation(step, "[stale-shadow] invalid entry at va %#lx level %u keeps shadow %#lx", va,
                          level, *shadow);
            continue;
        }
        if (F::is_table(e, level)) {
            auto* sub = static_cast<const F::Entry*>(port::phys_to_virt(F::address(e)));
            if (!kern::kmem.contains(sub) || !kern::is_aligned(reinterpret_cast<kern::word_t>(sub),
                                                                2 * kern::page_size))
                violation(step, "[table-pointer] table at va %#lx level %u points outside kmem: %p", va,
                          level, static_cast<const void*>(sub));
            ++tables_seen;
            walk(s, sub, level - 1, va, out, step);
            continue;
        }
        if (!F::leaf_allowed(level))
            violation(step, "[leaf-level] leaf at level %u (va %#lx): not a leaf size of the format",
                      level, va);
        unsigned size_log2 = Table::leaf_shift(level);
        out.push_back(Leaf_view{va, size_log2, F::address(e), F::rights(e),
                                static_cast<unsigned>((e >> F::attr_shift) & 3), F::accessed_dirty(e),
                                reinterpret_cast<const Mapping*>(*shadow)});
    }
}

struct Node_record {
    const kern::Space* space;
    Leaf_view leaf;
};

}  // namespace

std::vector<Leaf_view> leaves_of(const kern::Space& s, const char* step) {
    std::vector<Leaf_view> out;
    auto* root = static_cast<const F::Entry*>(port::phys_to_virt(s.root_phys()));
    walk(s, root, F::levels - 1, 0, out, step);
    return out;
}

size_t kmem_pages_held(const std::vector<kern::Space*>& spaces, const char* step) {
    size_t pages = 0;
    std::set<kern::word_t> node_pages;
    for (const kern::Space* s : spaces) {
        tables_seen = 0;
        for (const Leaf_view& l : leaves_of(*s, step)) {
            if (l.node) node_pages.insert(reinterpret_cast<kern::word_t>(l.node) & ~(kern::page_size - 1));
            else if (kern::kmem.contains(port::phys_to_virt(l.pa))) ++pages;   // a UTCB page
        }
        pages += 1 + 2 + 2 * tables_seen;
    }
    return pages + node_pages.size();
}

void check_kmem_accounting(const std::vector<kern::Space*>& spaces, size_t other_pages, const char* step) {
    size_t used = (kern::kmem.total_bytes() - kern::kmem.free_bytes()) / kern::page_size;
    size_t held = kmem_pages_held(spaces, step) + other_pages;
    if (used != held && !known("table-leak"))
        violation(step, "[kmem-accounting] %zu kernel pages in use, the structures hold %zu: %ld pages are "
                  "reachable from nothing", used, held, static_cast<long>(used - held));
}

const Leaf_view* leaf_at(const std::vector<Leaf_view>& leaves, kern::vaddr_t va) {
    // leaves_of lists leaves in address order: the last one starting at or
    // below va is the only candidate.
    auto it = std::upper_bound(leaves.begin(), leaves.end(), va,
                               [](kern::vaddr_t v, const Leaf_view& l) { return v < l.va; });
    if (it == leaves.begin()) return nullptr;
    const Leaf_view& l = *--it;
    return va - l.va < (kern::word_t{1} << l.size_log2) ? &l : nullptr;
}

void check_mapdb(const std::vector<kern::Space*>& spaces, const char* step) {
    std::set<const kern::Space*> live(spaces.begin(), spaces.end());
    std::map<const Mapping*, Node_record> nodes;

    for (const kern::Space* s : live) {
        std::vector<Leaf_view> leaves = leaves_of(*s, step);
        // The walker's own iteration must see exactly the same leaves.
        size_t k = 0;
        Table::Leaf l;
        for (vaddr_t va = 0; s->table().next(va, F::user_top, &l);) {
            if (k >= leaves.size() || leaves[k].va != l.va || leaves[k].size_log2 != l.size_log2 ||
                leaves[k].pa != l.pa())
                violation(step, "[next] Page_table::next found leaf %#lx/%u, the table walk %#lx/%u",
                          l.va, l.size_log2, k < leaves.size() ? leaves[k].va : 0,
                          k < leaves.size() ? leaves[k].size_log2 : 0);
            ++k;
            vaddr_t next = l.va + (vaddr_t{1} << l.size_log2);
            if (next <= va) break;
            va = next;
        }
        if (k != leaves.size())
            violation(step, "[next] Page_table::next found %zu leaves, the table walk %zu", k, leaves.size());

        for (const Leaf_view& leaf : leaves) {
            kern::word_t size = kern::word_t{1} << leaf.size_log2;
            if (!kern::is_aligned(leaf.pa, size))
                violation(step, "[leaf-align] leaf %#lx/%u maps unaligned pa %#lx", leaf.va, leaf.size_log2,
                          leaf.pa);
            bool kernel_area = s->in_kernel_areas(leaf.va, size);
            if (!leaf.node && !kernel_area)
                violation(step, "[no-node] user leaf %#lx/%u (pa %#lx) has no mapping node", leaf.va,
                          leaf.size_log2, leaf.pa);
            if (leaf.node && kernel_area)
                violation(step, "[kernel-area-node] leaf %#lx/%u in a kernel area has a mapping node",
                          leaf.va, leaf.size_log2);
            if (!leaf.node) continue;
            if (!kern::kmem.contains(leaf.node))
                violation(step, "[node-pointer] leaf %#lx/%u has a shadow word %p outside kmem", leaf.va,
                          leaf.size_log2, static_cast<const void*>(leaf.node));
            if (!nodes.emplace(leaf.node, Node_record{s, leaf}).second)
                violation(step, "[shared-node] mapping node %p is the node of two leaves",
                          static_cast<const void*>(leaf.node));
        }
    }

    for (const auto& [m, rec] : nodes) {
        const Leaf_view& leaf = rec.leaf;
        if (m->space != rec.space || m->va != leaf.va || m->size_log2 != leaf.size_log2)
            violation(step, "[node-leaf] node of leaf %#lx/%u says space %p va %#lx size %u", leaf.va,
                      leaf.size_log2, static_cast<const void*>(m->space), m->va, m->size_log2);
        if ((static_cast<unsigned>(m->attr) & 3) != leaf.attr)
            violation(step, "[node-attr] leaf %#lx has attribute %u, its node %u", leaf.va, leaf.attr,
                      static_cast<unsigned>(m->attr));
        if (leaf.rights == Rights::none && !known("no-rights-leaf"))
            violation(step,
                      "[no-rights-leaf] leaf %#lx/%u (pa %#lx) is valid with no rights left: every real "
                      "page-table format still lets user level read it",
                      leaf.va, leaf.size_log2, leaf.pa);

        // Acyclic: the parent chain ends within the number of nodes.
        size_t depth = 0;
        for (const Mapping* p = m->parent; p; p = nodes.count(p) ? p->parent : nullptr)
            if (++depth > nodes.size())
                violation(step, "[cycle] the parent chain of %#lx does not end", leaf.va);

        if (const Mapping* p = m->parent) {
            auto it = nodes.find(p);
            if (it == nodes.end())
                violation(step, "[dead-parent] parent %p of leaf %#lx/%u is not a live mapping node",
                          static_cast<const void*>(p), leaf.va, leaf.size_log2);
            const Leaf_view& pl = it->second.leaf;
            kern::word_t size = kern::word_t{1} << leaf.size_log2, psize = kern::word_t{1} << pl.size_log2;
            if (pl.size_log2 < leaf.size_log2 || leaf.pa < pl.pa || leaf.pa - pl.pa > psize - size)
                violation(step, "[outside-parent] leaf %#lx/%u pa %#lx lies outside its parent %#lx/%u pa %#lx",
                          leaf.va, leaf.size_log2, leaf.pa, pl.va, pl.size_log2, pl.pa);
            if (rights_bits(leaf.rights) & ~rights_bits(pl.rights))
                violation(step, "[rights] leaf %#lx has rights %u, its parent %#lx only %u", leaf.va,
                          rights_bits(leaf.rights), pl.va, rights_bits(pl.rights));
            if (m->attr != p->attr)
                violation(step, "[attr-inherit] leaf %#lx has attribute %u, its parent %u", leaf.va,
                          static_cast<unsigned>(m->attr), static_cast<unsigned>(p->attr));
            bool listed = false;
            size_t n = 0;
            for (const Mapping* c = p->first_child; c && n <= nodes.size(); c = c->next_sibling, ++n)
                listed |= c == m;
            if (!listed)
                violation(step, "[child-list] leaf %#lx is missing from its parent's child list", leaf.va);
        } else {
            // Roots: sigma0's identity mappings of memory user level may own.
            kern::Mem_attr attr;
            if (!rec.space->is_sigma0 || leaf.va != leaf.pa ||
                !kern::user_ownable(leaf.pa, kern::word_t{1} << leaf.size_log2, &attr) || attr != m->attr)
                violation(step, "[root] root mapping %#lx/%u -> %#lx is not a sigma0 identity mapping of "
                          "ownable memory", leaf.va, leaf.size_log2, leaf.pa);
        }

        size_t n = 0;
        for (const Mapping* c = m->first_child; c; c = c->next_sibling) {
            if (!nodes.count(c))
                violation(step, "[dead-child] child %p of leaf %#lx is not a live mapping node",
                          static_cast<const void*>(c), leaf.va);
            if (c->parent != m || (c->next_sibling && c->next_sibling->prev_sibling != c) ||
                (c == m->first_child && c->prev_sibling))
                violation(step, "[child-links] child list of leaf %#lx is inconsistent", leaf.va);
            if (++n > nodes.size()) violation(step, "[child-links] child list of leaf %#lx does not end", leaf.va);
        }
    }

    if (nodes.size() != kern::mapdb::node_count())
        violation(step, "[node-count] %zu nodes reachable from the page tables, %zu allocated", nodes.size(),
                  kern::mapdb::node_count());
    if (!kern::kmem.consistent()) violation(step, "[kmem] kernel memory free lists are inconsistent");
}

bool Snapshot::below(const kern::Mapping* m, const std::set<const kern::Mapping*>& tops) const {
    size_t n = 0;
    for (auto it = nodes.find(m); it != nodes.end() && n <= nodes.size(); ++n) {
        const kern::Mapping* p = it->second.parent;
        if (!p) return false;
        if (tops.count(p)) return true;
        it = nodes.find(p);
    }
    return false;
}

Snapshot snapshot(const std::vector<kern::Space*>& spaces, const char* step) {
    Snapshot snap;
    for (const kern::Space* s : spaces) {
        std::vector<Leaf_view>& leaves = snap.leaves[s] = leaves_of(*s, step);
        for (const Leaf_view& l : leaves)
            if (l.node) snap.nodes[l.node] = Snapshot::Node_info{s, l, l.node->parent};
    }
    return snap;
}

bool overmaps_source(const Snapshot& before, const kern::Space& from, kern::vaddr_t snd, const kern::Space& to,
                     kern::vaddr_t rcv, unsigned size_log2) {
    kern::word_t span = size_log2 >= 64 ? ~kern::word_t{0} : (kern::word_t{1} << size_log2) - 1;
    auto overlaps = [&](const Leaf_view& l, kern::vaddr_t base) {
        return l.va <= base + span && base <= l.va + ((kern::word_t{1} << l.size_log2) - 1);
    };
    if (&from == &to && snd <= rcv + span && rcv <= snd + span) return true;
    std::set<const Mapping*> targets;
    auto t = before.leaves.find(&to);
    if (t != before.leaves.end())
        for (const Leaf_view& l : t->second)
            if (l.node && overlaps(l, rcv)) targets.insert(l.node);
    auto f = before.leaves.find(&from);
    if (f != before.leaves.end())
        for (const Leaf_view& l : f->second)
            if (l.node && overlaps(l, snd) && (targets.count(l.node) || before.below(l.node, targets))) return true;
    return false;
}

void check_unmap(const Snapshot& before, const std::vector<kern::Space*>& spaces_after,
                 const kern::Space& space, kern::vaddr_t base, kern::vaddr_t end, Rights revoke, bool flush,
                 Rights status, const char* step) {
    std::set<const Mapping*> own;
    auto it = before.leaves.find(&space);
    if (it != before.leaves.end())
        for (const Leaf_view& l : it->second)
            if (l.node && l.va < end && base < l.va + (kern::word_t{1} << l.size_log2)) own.insert(l.node);
    std::set<const Mapping*> affected;
    unsigned expect_status = 0;
    for (const auto& [m, info] : before.nodes)
        if ((flush && own.count(m)) || before.below(m, own)) {
            affected.insert(m);
            expect_status |= rights_bits(info.leaf.status);
        }
    if (rights_bits(status) != expect_status)
        violation(step, "[unmap-status] unmap of [%#lx, %#lx) revoke %u flush %d returned status %u, "
                  "the affected mappings had %u", base, end, rights_bits(revoke), flush,
                  rights_bits(status), expect_status);

    // Removed: the affected mappings when rwx is revoked, and those left
    // with no rights at all (X.2 6: revoking all rights removes a mapping),
    // each with everything derived from it.
    std::set<const Mapping*> removed;
    for (const Mapping* m : affected)
        if ((rights_bits(before.nodes.at(m).leaf.rights) & ~rights_bits(revoke)) == 0) removed.insert(m);
    for (const auto& [m, info] : before.nodes)
        if (before.below(m, removed)) removed.insert(m);

    Snapshot after = snapshot(spaces_after, step);
    for (const auto& [m, info] : before.nodes) {
        auto a = after.nodes.find(m);
        bool gone = a == after.nodes.end();
        bool hit = affected.count(m) != 0;
        if (removed.count(m)) {
            if (!gone)
                violation(step, "[unmap-kept] unmap of [%#lx, %#lx) revoke %u left mapping %#lx/%u (rights %u), "
                          "which has no rights left or is derived from one that has none", base, end,
                          rights_bits(revoke), info.leaf.va, info.leaf.size_log2, rights_bits(info.leaf.rights));
            continue;
        }
        if (gone)
            violation(step, "[unmap-lost] unmap of [%#lx, %#lx) revoke %u removed mapping %#lx/%u "
                      "it should %s", base, end, rights_bits(revoke), info.leaf.va, info.leaf.size_log2,
                      hit ? "only reduce" : "not touch");
        const Leaf_view& was = info.leaf;
        const Leaf_view& now = a->second.leaf;
        unsigned want = hit ? rights_bits(was.rights) & ~rights_bits(revoke) : rights_bits(was.rights);
        if (a->second.space != info.space || now.va != was.va || now.pa != was.pa ||
            now.size_log2 != was.size_log2 || rights_bits(now.rights) != want)
            violation(step, "[unmap-changed] unmap of [%#lx, %#lx) revoke %u: mapping %#lx/%u rights %u "
                      "became %#lx/%u rights %u (expected rights %u)", base, end, rights_bits(revoke),
                      was.va, was.size_log2, rights_bits(was.rights), now.va, now.size_log2,
                      rights_bits(now.rights), want);
        if (hit && now.status != Rights::none)
            violation(step, "[unmap-status-reset] affected mapping %#lx kept status bits %u", now.va,
                      rights_bits(now.status));
    }
}

}  // namespace hostfuzz
