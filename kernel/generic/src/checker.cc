// SPDX-License-Identifier: BSD-2-Clause
// The kernel consistency checker (see kern/checker.hpp). It only reads;
// each check prints what it found wrong. Walks are bounded by the sizes of
// the structures they check, so a broken list cannot make it loop forever.
#include <arch/pt_format.hpp>
#include <kern/checker.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/kmem.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/cpu.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>
#include <kern/timeout.hpp>

namespace kern {

namespace {

using F = arch::Pt_format;

unsigned report(const char* what, word_t a, word_t b = 0) {
    printf("check: %s (0x%lx, 0x%lx)\n", what, a, b);
    return 1;
}

const Mapping* node_of(const Space::Leaf& l) { return reinterpret_cast<const Mapping*>(*l.shadow); }

// One mapping node against its own leaf, its parent and its children.
unsigned check_node(const Space& s, const Space::Leaf& leaf, const Mapping& m) {
    unsigned bad = 0;
    if (m.space != &s || m.va != leaf.va || m.size_log2 != leaf.size_log2)
        bad += report("mapping node does not describe its leaf", leaf.va, m.va);
    if (const Mapping* p = m.parent) {
        Space::Leaf pl;
        if (!p->space->find(p->va, &pl) || node_of(pl) != p) {
            bad += report("parent mapping has no leaf of its own", m.va, p->va);
        } else {
            paddr_t pa = leaf.pa(), ppa = pl.pa();
            if (p->size_log2 < m.size_log2 || pa < ppa ||
                pa + (word_t{1} << m.size_log2) > ppa + (word_t{1} << p->size_log2))
                bad += report("mapping lies outside its parent's memory", m.va, p->va);
            auto mine = static_cast<unsigned>(F::rights(*leaf.entry));
            auto theirs = static_cast<unsigned>(F::rights(*pl.entry));
            if (mine & ~theirs) bad += report("mapping has rights its parent lacks", m.va, mine);
        }
        // Membership in constant time from the back link; the forward walk
        // of every child list (below) covers the rest.
        bool listed = m.prev_sibling ? m.prev_sibling->next_sibling == &m : p->first_child == &m;
        if (!listed) bad += report("mapping missing from its parent's child list", m.va, p->va);
    }
    size_t n = 0;
    for (const Mapping* c = m.first_child; c; c = c->next_sibling) {
        if (c->parent != &m || (c->next_sibling && c->next_sibling->prev_sibling != c))
            bad += report("child list broken", m.va, c->va);
        if (++n > mapdb::node_count()) return bad + report("child list does not end", m.va);
    }
    return bad;
}

// Every leaf of a space: nodes where user memory is, none in kernel areas.
unsigned check_space(const Space& s, size_t* nodes) {
    unsigned bad = 0;
    Space::Leaf leaf;
    for (vaddr_t va = 0; s.table().next(va, F::user_top, &leaf);) {
        const Mapping* m = node_of(leaf);
        bool kernel_area = s.in_kernel_areas(leaf.va, word_t{1} << leaf.size_log2);
        if (!m && !kernel_area) bad += report("user leaf without a mapping node", leaf.va);
        if (m && kernel_area) bad += report("kernel-area leaf with a mapping node", leaf.va);
        if (m) {
            ++*nodes;
            bad += check_node(s, leaf, *m);
        }
        vaddr_t next = leaf.va + (vaddr_t{1} << leaf.size_log2);
        if (next <= va) break;
        va = next;
    }
    return bad;
}

unsigned check_thread(const Tcb& t) {
    unsigned bad = 0;
    if (t.state == Thread_state::waiting_send) {
        const Tcb* dest = t.send_to;
        bool found = false;
        if (dest && dest->sendq_head) {
            const Tcb* q = dest->sendq_head;
            size_t n = 0;
            do {
                found |= q == &t;
                q = q->sendq_next;
            } while (q && q != dest->sendq_head && ++n < Thread_table::numbers);
        }
        if (!found) bad += report("sender not in its partner's send queue", t.global_id.raw());
    }
    if (const Tcb* head = t.sendq_head) {
        const Tcb* q = head;
        size_t n = 0;
        do {
            if (q->state != Thread_state::waiting_send || q->send_to != &t ||
                q->sendq_next->sendq_prev != q)
                return bad + report("send queue entry inconsistent", t.global_id.raw(), q->global_id.raw());
            q = q->sendq_next;
        } while (q != head && ++n < Thread_table::numbers);
    }
    if (t.queued && t.state != Thread_state::running)
        bad += report("thread queued but not running", t.global_id.raw(), static_cast<word_t>(t.state));
    if (t.state == Thread_state::running && t.wakeup_us)
        bad += report("running thread with a deadline", t.global_id.raw());
    if (t.fast_resumable && t.state != Thread_state::waiting_receive)
        bad += report("fast-resumable thread is not receiving", t.global_id.raw());
    return bad;
}

// A space's thread list, walked once: every member belongs to the space,
// and the count matches (a thread missing from the list shows as a
// mismatch).
unsigned check_space_threads(const Space& s) {
    unsigned n = 0;
    for (const Tcb* m = s.first_thread; m; m = m->space_next) {
        if (m->space != &s) return report("thread of another space in a thread list", m->global_id.raw());
        if (++n > s.threads) return report("space thread list longer than its count", s.threads);
    }
    return n == s.threads ? 0 : report("space thread list shorter than its count", n, s.threads);
}

}  // namespace

unsigned check_kernel() {
    unsigned bad = 0;
    if (!kmem.consistent()) bad += report("kernel memory free lists inconsistent", kmem.free_bytes());

    size_t queued = 0, timed = 0;  // timed: members of the timeout list (checked for order)
    bad += port::cpu_local().ready.check(&queued);
    bad += timeout_check(&timed);

    size_t queued_threads = 0, nodes = 0;
    // Spaces are found through their threads; each is checked once, by its
    // first listed thread.
    threads.for_each([&](Tcb& t) {
        bad += check_thread(t);
        if (t.queued && t.cpu == port::cpu_local().index) ++queued_threads;
        if (t.state == Thread_state::running && !t.queued && t.cpu == port::cpu_local().index &&
            &t != port::cpu_local().current && &t != port::cpu_local().idle)
            bad += report("ready thread not in the ready queue", t.global_id.raw());
        if (t.space && t.space->first_thread == &t) {
            bad += check_space(*t.space, &nodes);
            bad += check_space_threads(*t.space);
        }
    });
    if (queued != queued_threads) bad += report("ready rings and queued threads disagree", queued, queued_threads);
    const Cpu_local& cpu = port::cpu_local();
    if (cpu.current && cpu.current->queued) bad += report("running thread in the ready queue", cpu.current->global_id.raw());
    if (nodes != mapdb::node_count()) bad += report("mapping nodes unaccounted for", nodes, mapdb::node_count());
    return bad;
}

}  // namespace kern
