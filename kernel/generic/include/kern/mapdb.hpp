// SPDX-License-Identifier: BSD-2-Clause
// The mapping database (x2-api section 6): every user mapping is a node in a
// tree whose roots are sigma0's identity mappings of physical memory. Map
// adds a child, grant moves a node, unmap revokes whole subtrees (or reduces
// their rights). A leaf's node is found through the page table's shadow word,
// so every lookup is O(levels). Kernel mappings (KIP, UTCBs) have no node
// and are never affected.
#pragma once

#include <kern/space.hpp>
#include <kern/types.hpp>

namespace kern {

struct Mapping {
    Space* space;
    vaddr_t va;
    uint8_t size_log2;
    Mem_attr attr;
    Mapping* parent;
    Mapping* first_child;
    Mapping* next_sibling;
    Mapping* prev_sibling;
};

namespace mapdb {

enum class Result : uint8_t { ok, no_memory };

/// Maps (or grants) what 'from' has in [snd, snd + 2^size_log2) into 'to'
/// at rcv (both aligned to 2^size_log2), giving at most 'rights'. Unmapped
/// parts of the source are skipped, except in sigma0's space, where physical
/// memory appears on demand (identity). Existing mappings in the target
/// range are replaced; re-mapping the same page from the same parent only
/// extends rights. The KIP and UTCB areas are never touched.
Result transfer(Space& from, vaddr_t snd, Space& to, vaddr_t rcv, unsigned size_log2, Rights rights,
                bool grant);

/// X.2 Unmap of [base, base + 2^size_log2) of 'space': revokes 'revoke'
/// from all mappings derived from the space's mappings there (and from the
/// space's own with flush). Returns the accessed/dirty status bits (R W X).
Rights unmap(Space& space, vaddr_t base, unsigned size_log2, Rights revoke, bool flush);

/// Removes every mapping of the space and everything derived from it.
void flush_space(Space& space);

/// sigma0: makes sure physical address va is identity-mapped in sigma0's
/// space with a leaf of at most 2^max_log2 bytes (page fault or map
/// source). False if va is not memory user level may own, or no memory.
bool sigma0_identity(Space& sigma0, vaddr_t va, unsigned max_log2);

/// The node of the mapping of va in space, or nullptr if va is unmapped or
/// mapped by the kernel (KIP, UTCB). Read only (the debugger walks the
/// parent chain and the children from it).
const Mapping* node_at(const Space& space, vaddr_t va);

/// Number of mapping nodes alive (tests, consistency checks).
size_t node_count();

}  // namespace mapdb
}  // namespace kern
