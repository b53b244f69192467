// SPDX-License-Identifier: BSD-2-Clause
// The mapping database (see kern/mapdb.hpp). Trees are walked iteratively so
// that a long chain of pagers cannot overflow a kernel stack.
#include <arch/pt_format.hpp>
#include <kern/initial_servers.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/mmu.hpp>
#include <kern/slab.hpp>

namespace kern::mapdb {

namespace {

using F = arch::Pt_format;
using Table = Space::Table;
using Leaf = Space::Leaf;

Slab_cache node_cache(sizeof(Mapping));

Mapping* node_of(const Leaf& l) { return reinterpret_cast<Mapping*>(*l.shadow); }

// Installs a leaf with its node in the shadow word. A large leaf may
// replace empty tables: walk caches may still hold them (on riscv64 a
// page-sized fence does not cover non-leaf entries), so the whole space is
// flushed then, before the freed tables can be reused; otherwise va alone.
bool install(Space& s, vaddr_t va, paddr_t pa, unsigned size_log2, Rights rights, Mem_attr attr,
             const Mapping* m) {
    bool tables_freed = false;
    if (!s.table().map(va, pa, size_log2, rights, attr, reinterpret_cast<word_t>(m), &tables_freed))
        return false;
    if (tables_freed) port::tlb_flush_space(s.asid());
    else s.flush_tlb(va);
    return true;
}

Mapping* new_node(Space& s, vaddr_t va, unsigned size_log2, Mem_attr attr, Mapping* parent) {
    auto* m = static_cast<Mapping*>(node_cache.alloc());
    if (!m) return nullptr;
    m->space = &s;
    m->va = va;
    m->size_log2 = static_cast<uint8_t>(size_log2);
    m->attr = attr;
    m->parent = parent;
    if (parent) {
        m->next_sibling = parent->first_child;
        if (m->next_sibling) m->next_sibling->prev_sibling = m;
        parent->first_child = m;
    }
    return m;
}

void unlink(Mapping* m) {
    if (m->prev_sibling) m->prev_sibling->next_sibling = m->next_sibling;
    else if (m->parent) m->parent->first_child = m->next_sibling;
    if (m->next_sibling) m->next_sibling->prev_sibling = m->prev_sibling;
    m->parent = m->prev_sibling = m->next_sibling = nullptr;
}

bool leaf_of(const Mapping* m, Leaf* out) { return m->space->find(m->va, out) && node_of(*out) == m; }

// Reads and resets the hardware's accessed/dirty record of a leaf.
Rights take_status(const Leaf& l) {
    Rights s = F::accessed_dirty(*l.entry);
    if (s != Rights::none) Table::set(l, F::clear_accessed_dirty(*l.entry));
    return s;
}

// Removes one mapping without children: its leaf, its node.
void remove_node(Mapping* m, Rights& status) {
    Leaf l;
    if (leaf_of(m, &l)) {
        status = status | F::accessed_dirty(*l.entry);
        Table::set(l, 0);
        m->space->flush_tlb(m->va);
    }
    unlink(m);
    node_cache.free(m);
}

// Removes the subtree below top (and top itself if asked), deepest first.
void remove_subtree(Mapping* top, bool include_top, Rights& status) {
    Mapping* m = top;
    for (;;) {
        while (m->first_child) m = m->first_child;
        if (m == top) break;
        Mapping* p = m->parent;
        remove_node(m, status);
        m = p;
    }
    if (include_top) remove_node(top, status);
}

// Takes 'revoke' away from the subtree below top (and top if asked). A
// mapping left with no rights is removed with its own subtree.
void reduce_subtree(Mapping* top, bool include_top, Rights revoke, Rights& status) {
    // Reduces one mapping; false if it has no rights left (to be removed).
    auto reduce = [&](Mapping* m) {
        Leaf l;
        if (!leaf_of(m, &l)) return true;
        status = status | take_status(l);
        Rights now = F::rights(*l.entry) & static_cast<Rights>(~static_cast<unsigned>(revoke) & 7u);
        if (now == Rights::none) return false;
        unsigned level = Table::level_of(m->size_log2);
        Table::set(l, F::make_leaf(l.pa(), level, now, m->attr));
        m->space->flush_tlb(m->va);
        return true;
    };
    // The next mapping in pre-order after m's subtree.
    auto after = [&](Mapping* m) -> Mapping* {
        while (m != top && !m->next_sibling) m = m->parent;
        return m == top ? nullptr : m->next_sibling;
    };
    if (include_top && !reduce(top)) {
        remove_subtree(top, true, status);
        return;
    }
    Mapping* m = top->first_child;
    while (m) {
        if (!reduce(m)) {
            Mapping* next = after(m);
            remove_subtree(m, true, status);
            m = next;
            continue;
        }
        m = m->first_child ? m->first_child : after(m);
    }
}

// Status bits of the subtree below top (and top if asked), reset on reading.
Rights collect_status(Mapping* top, bool include_top) {
    Rights status = Rights::none;
    reduce_subtree(top, include_top, Rights::none, status);
    return status;
}

void revoke(Mapping* m, bool include_top, Rights rights, Rights& status) {
    if (rights == Rights::none) status = status | collect_status(m, include_top);
    else if (rights == Rights::rwx) remove_subtree(m, include_top, status);
    else reduce_subtree(m, include_top, rights, status);
}

// Largest leaf size <= limit_log2 for which both addresses are aligned.
unsigned chunk_size(vaddr_t p, vaddr_t q, vaddr_t end, unsigned limit_log2) {
    for (unsigned s = limit_log2; s > page_shift; --s) {
        word_t size = word_t{1} << s;
        if (Table::leaf_size_allowed(s) && is_aligned(p, size) && is_aligned(q, size) &&
            p + size <= end && p + size > p)
            return s;
    }
    return page_shift;
}

// Empties [q, q + 2^size) of the target space, except a mapping of the same
// page from the same parent, whose rights are extended instead. Returns true
// if such a mapping was found and extended (nothing more to do).
bool clear_target(Space& to, vaddr_t q, unsigned size, const Mapping* parent, bool may_extend,
                  paddr_t pa, Rights rights) {
    vaddr_t end = q + (vaddr_t{1} << size);
    Leaf l;
    while (to.table().next(q, end, &l)) {
        Mapping* m = node_of(l);
        if (!m) return true;  // a kernel mapping: leave it alone, map nothing here
        if (may_extend && m->parent == parent && m->size_log2 == size && l.va == q && l.pa() == pa) {
            Rights now = F::rights(*l.entry) | rights;
            Table::set(l, F::make_leaf(pa, Table::level_of(size), now, m->attr));
            to.flush_tlb(q);
            return true;
        }
        Rights ignored = Rights::none;
        remove_subtree(m, true, ignored);
    }
    return false;
}

// Whether m or one of its ancestors lies in [q, q + 2^size) of space s:
// clearing that range would free the source of the transfer.
bool source_in_target(const Mapping* m, const Space& s, vaddr_t q, unsigned size) {
    for (; m; m = m->parent)
        if (m->space == &s && ranges_overlap(m->va, word_t{1} << m->size_log2, q, word_t{1} << size))
            return true;
    return false;
}

Result transfer_chunk(Space& from, const Leaf& src, vaddr_t p, Space& to, vaddr_t q, unsigned size,
                      Rights rights, bool grant) {
    Mapping* parent = node_of(src);
    if (source_in_target(parent, to, q, size)) return Result::ok;  // maps nothing
    paddr_t pa = src.pa() + (p - src.va);
    Rights give = rights & F::rights(*src.entry);
    if (give == Rights::none) return Result::ok;
    // sigma0's identity mappings are the roots of everything: sigma0 can map
    // but never give them away, so its grants act as maps.
    bool whole = grant && p == src.va && size == src.size_log2 && &from != &to && !from.is_sigma0;
    if (clear_target(to, q, size, parent, !whole, pa, give)) return Result::ok;
    if (whole) {
        // Grant moves the node: the children stay attached to it.
        Leaf fresh;
        if (!from.find(p, &fresh) || node_of(fresh) != parent) return Result::ok;
        if (!install(to, q, pa, size, give, parent->attr, parent)) return Result::no_memory;
        // A grant with fewer rights reduces what was derived from the
        // mapping as well: no mapping has rights its parent lacks.
        Rights lost = F::rights(*fresh.entry) & static_cast<Rights>(~static_cast<unsigned>(give) & 7u);
        if (lost != Rights::none) {
            Rights ignored = Rights::none;
            reduce_subtree(parent, false, lost, ignored);
        }
        Table::set(fresh, 0);
        from.flush_tlb(p);
        parent->space = &to;
        parent->va = q;
        return Result::ok;
    }
    Mapping* m = new_node(to, q, size, parent->attr, parent);
    if (!m) return Result::no_memory;
    if (!install(to, q, pa, size, give, parent->attr, m)) {
        unlink(m);
        node_cache.free(m);
        return Result::no_memory;
    }
    return Result::ok;
}

// The end of the space's KIP or UTCB area that va lies in (the furthest,
// if both), or va itself if neither. An area reaching past the user part
// ends there: nothing user level has lies beyond.
vaddr_t kernel_area_end(const Space& s, vaddr_t va) {
    vaddr_t end = va;
    auto past = [&](vaddr_t base, unsigned log2) {
        if (!log2) return;
        if (log2 >= 64 || va - base < vaddr_t{1} << log2) {
            vaddr_t e = log2 >= 64 ? F::user_top : base + (vaddr_t{1} << log2);
            if (e < base || e > F::user_top) e = F::user_top;
            if (va >= base) end = max(end, e);
        }
    };
    past(s.kip_area, s.kip_area_log2);
    past(s.utcb_area, s.utcb_area_log2);
    return end;
}

// Where the identity fill of sigma0's space may resume after it found the
// page at va not user-ownable (kernel image, pool, firmware, sigma0's own
// KIP and UTCB areas): past all of those at once, at least one page on.
vaddr_t past_unownable(const Space& sigma0, vaddr_t va) {
    vaddr_t p = va;
    for (;;) {
        vaddr_t next = max(kernel_area_end(sigma0, p), static_cast<vaddr_t>(not_ownable_end(p)));
        if (next <= p || next >= F::user_top) {
            p = max(p, next);
            break;
        }
        p = next;
    }
    vaddr_t one_on = align_down(va, page_size) + page_size;
    if (p >= F::user_top) return F::user_top;
    return max(align_up(p, page_size), one_on);
}

enum class Fill : uint8_t { mapped, not_ownable, no_memory };

// Identity-maps the largest leaf of at most 2^max_log2 bytes around the
// unmapped address va in sigma0's space.
Fill identity_fill(Space& sigma0, vaddr_t va, unsigned max_log2) {
    Leaf l;
    for (unsigned s = max_log2; s >= page_shift; --s) {
        if (!Table::leaf_size_allowed(s)) continue;
        word_t size = word_t{1} << s;
        vaddr_t base = align_down(va, size);
        Mem_attr attr;
        if (base + size < base || base + size > F::user_top) continue;
        if (!user_ownable(base, size, &attr) || sigma0.in_kernel_areas(base, size)) continue;
        if (sigma0.table().next(base, base + size, &l)) continue;  // part is mapped: go smaller
        Mapping* m = new_node(sigma0, base, s, attr, nullptr);
        if (!m) return Fill::no_memory;
        if (!install(sigma0, base, base, s, Rights::rwx, attr, m)) {
            node_cache.free(m);
            return Fill::no_memory;
        }
        return Fill::mapped;
    }
    return Fill::not_ownable;
}

}  // namespace

bool sigma0_identity(Space& sigma0, vaddr_t va, unsigned max_log2) {
    Leaf l;
    if (sigma0.find(va, &l)) return node_of(l) != nullptr;
    return identity_fill(sigma0, va, max_log2) == Fill::mapped;
}

// The work is bounded by what the source has mapped (for sigma0: the
// user-ownable memory in the range), never by the size of the range: empty
// page-table subtrees, the receiver's KIP and UTCB areas and memory sigma0
// cannot own are each skipped in one step.
Result transfer(Space& from, vaddr_t snd, Space& to, vaddr_t rcv, unsigned size_log2, Rights rights,
                bool grant) {
    // Nothing to give: not even sigma0 fills its space for it.
    if (rights == Rights::none) return Result::ok;
    // Both sides stay in the user part (regressions: a receive window above
    // it used to place mappings in the kernel half; a sigma0 source above it
    // made the identity fill below crawl towards the end of the window).
    if (snd >= F::user_top || rcv >= F::user_top) return Result::ok;
    // size_log2 is 64 for the complete address space: no shift by 64.
    vaddr_t end = size_log2 >= 64 ? F::user_top : snd + (vaddr_t{1} << size_log2);
    if (end < snd || end > F::user_top) end = F::user_top;
    if (end - snd > F::user_top - rcv) end = snd + (F::user_top - rcv);
    vaddr_t p = snd;
    while (p < end) {
        vaddr_t q = rcv + (p - snd);
        // The receiver's KIP and UTCB areas take nothing: go past them.
        if (vaddr_t past = kernel_area_end(to, q); past != q) {
            p += past - q;
            continue;
        }
        Leaf src;
        if (from.is_sigma0 && !from.find(p, &src)) {
            // sigma0's space is all physical memory: fill the hole identically.
            switch (identity_fill(from, p, chunk_size(p, q, end, 30))) {
            case Fill::mapped: break;
            case Fill::no_memory: return Result::no_memory;
            case Fill::not_ownable: {
                // Up to what sigma0 has mapped there (it may map anything
                // anywhere in its own space).
                vaddr_t resume = past_unownable(from, p);
                if (from.table().next(p, min(resume, end), &src) && src.va > p) resume = src.va;
                p = resume;
                continue;
            }
            }
        }
        if (!from.table().next(p, end, &src)) break;
        if (src.va > p) {
            p = src.va;
            continue;  // check the receiver's side there first
        }
        vaddr_t leaf_end = src.va + (vaddr_t{1} << src.size_log2);
        if (!node_of(src)) {  // a kernel mapping (KIP, UTCB): not the sender's to give
            p = leaf_end;
            continue;
        }
        if (vaddr_t past = kernel_area_end(from, p); past != p) {
            p = past;
            continue;
        }
        vaddr_t piece_end = min(end, leaf_end);
        unsigned size = chunk_size(p, q, piece_end, src.size_log2);
        // The largest piece that stays out of both sides' kernel areas.
        while (size > page_shift &&
               (to.in_kernel_areas(q, word_t{1} << size) || from.in_kernel_areas(p, word_t{1} << size)))
            size = chunk_size(p, q, piece_end, size - 1);
        if (transfer_chunk(from, src, p, to, q, size, rights, grant) == Result::no_memory)
            return Result::no_memory;
        p += vaddr_t{1} << size;
    }
    return Result::ok;
}

Rights unmap(Space& space, vaddr_t base, unsigned size_log2, Rights revoke_rights, bool flush) {
    vaddr_t end = size_log2 >= 64 ? F::user_top : base + (vaddr_t{1} << size_log2);
    if (end < base || end > F::user_top) end = F::user_top;
    Rights status = Rights::none;
    vaddr_t p = base;
    Leaf l;
    while (p < end && space.table().next(p, end, &l)) {
        vaddr_t next = l.va + (vaddr_t{1} << l.size_log2);
        if (Mapping* m = node_of(l)) revoke(m, flush, revoke_rights, status);
        if (next <= p) break;
        p = next;
    }
    return status;
}

void flush_space(Space& space) { unmap(space, 0, 64, Rights::rwx, true); }

const Mapping* node_at(const Space& space, vaddr_t va) {
    Leaf l;
    return space.find(va, &l) ? node_of(l) : nullptr;
}

size_t node_count() { return node_cache.in_use(); }

}  // namespace kern::mapdb
