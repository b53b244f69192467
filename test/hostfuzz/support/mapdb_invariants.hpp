// SPDX-License-Identifier: BSD-2-Clause
// Invariants of the mapping database and the page tables under it, checked
// against the structures directly (kern::check_kernel finds spaces through
// threads, and the mapping-database target has none). Also the leaf
// snapshots the targets compare before and after an operation.
#pragma once

#include <map>
#include <set>
#include <vector>

#include <kern/mapdb.hpp>
#include <kern/space.hpp>

namespace hostfuzz {

/// One leaf of a space's page table, as found by walking the tables.
struct Leaf_view {
    kern::vaddr_t va;
    unsigned size_log2;
    kern::paddr_t pa;
    kern::Rights rights;
    unsigned attr;
    kern::Rights status;         // accessed/dirty bits the "hardware" set (R W X)
    const kern::Mapping* node;   // shadow word; nullptr = kernel mapping
};

/// Every leaf of the space, in address order, found by an independent walk
/// of its tables (not Page_table::next), checking the tables' shape.
std::vector<Leaf_view> leaves_of(const kern::Space& s, const char* step);

/// Kernel memory (pages) the spaces hold: the Space object, the root and
/// every table reachable from it (table page + shadow page each), the UTCB
/// pages mapped as kernel mappings, and the slab pages holding mapping
/// nodes (a slab page is returned the moment its last object is freed, so
/// these are exactly the pages with a live node).
size_t kmem_pages_held(const std::vector<kern::Space*>& spaces, const char* step);

/// Kernel memory in use must be exactly kmem_pages_held(spaces) + 'other'
/// (what the target holds itself, and the baseline): anything more is
/// memory no structure reaches any more (a leak).
void check_kmem_accounting(const std::vector<kern::Space*>& spaces, size_t other_pages, const char* step);

/// The leaf that maps va in a snapshot, or nullptr.
const Leaf_view* leaf_at(const std::vector<Leaf_view>& leaves, kern::vaddr_t va);

/// Checks every listed space and the nodes of all of them: each user leaf
/// has exactly one node describing it, kernel areas have none, every
/// parent is a live node whose memory and rights contain its child's, child
/// lists are consistent and acyclic, roots are sigma0's identity mappings
/// of user-ownable memory, no node is unaccounted for, kmem is consistent.
/// Known-bug checks listed in $WALNUT_HOSTFUZZ_KNOWN are skipped.
void check_mapdb(const std::vector<kern::Space*>& spaces, const char* step);

/// The mapping state of some spaces at one moment (node pointers stay
/// valid only until the next kernel operation; afterwards they are names).
struct Snapshot {
    struct Node_info {
        const kern::Space* space;
        Leaf_view leaf;
        const kern::Mapping* parent;
    };
    std::map<const kern::Space*, std::vector<Leaf_view>> leaves;
    std::map<const kern::Mapping*, Node_info> nodes;

    /// True if m lies strictly below one of 'tops' in the tree.
    bool below(const kern::Mapping* m, const std::set<const kern::Mapping*>& tops) const;
};
Snapshot snapshot(const std::vector<kern::Space*>& spaces, const char* step);

/// Checks mapdb::unmap(space, [base, end), revoke, flush) -> status against
/// X.2 section 4.9 and 6: the affected mappings are those strictly derived
/// from the space's mappings that touch the range (and those themselves
/// with flush); revoking rwx removes exactly them, fewer rights reduce
/// exactly theirs (one left with no rights is removed, with what derives
/// from it), none changes nothing; the status is the OR of their
/// accessed/dirty bits, which are reset; nothing else changes.
void check_unmap(const Snapshot& before, const std::vector<kern::Space*>& spaces_after,
                 const kern::Space& space, kern::vaddr_t base, kern::vaddr_t end, kern::Rights revoke,
                 bool flush, kern::Rights status, const char* step);

/// True if mapping [snd, +2^size_log2) of 'from' to [rcv, ...) of 'to'
/// would overmap its own source: the ranges overlap in one space, or a
/// mapping in the target range is a source mapping or an ancestor of one.
/// (X.2 leaves the outcome open; the kernel must merely survive it.)
bool overmaps_source(const Snapshot& before, const kern::Space& from, kern::vaddr_t snd, const kern::Space& to,
                     kern::vaddr_t rcv, unsigned size_log2);

}  // namespace hostfuzz
