// SPDX-License-Identifier: BSD-2-Clause
// Fuzz target: the mapping database (kern::mapdb) over the generic page-table
// walker with the host's fake entry format and kmem over a small host pool.
// The input is a sequence of operations on up to six spaces (slot 0 is
// sigma0): create (with random KIP/UTCB areas and UTCB pages), destroy,
// map/grant, unmap with and without flush, flush, sigma0's on-demand
// identity, the "hardware" setting accessed/dirty bits, and holding kernel
// memory so allocations fail at any point. After every step the
// mapping-database invariants hold, unmap and map have their X.2 effect,
// and after tearing everything down kmem is back to its baseline.
#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

#include "support/fuzz_port.hpp"
#include "support/fuzz_support.hpp"
#include "support/mapdb_invariants.hpp"

#include <arch/pt_format.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/kmem.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>
#include <l4/walnut/abi.h>

namespace {

using namespace hostfuzz;
using kern::Rights;
using kern::Space;
using kern::vaddr_t;
using F = arch::Pt_format;

// Small enough that ordinary use runs out now and then.
constexpr size_t kmem_pages = 192;
constexpr unsigned max_spaces = 6;
constexpr unsigned max_steps = 48;
size_t baseline = 0;

struct World {
    Space* space[max_spaces] = {};
    std::vector<std::pair<void*, unsigned>> ballast;

    size_t ballast_pages() const {
        size_t n = 0;
        for (auto [block, order] : ballast) n += size_t{1} << order;
        return n;
    }
    std::vector<Space*> live() const {
        std::vector<Space*> v;
        for (Space* s : space)
            if (s) v.push_back(s);
        return v;
    }
    Space* pick(FuzzedDataProvider& in) const {
        std::vector<Space*> v = live();
        return v.empty() ? nullptr : v[in.ConsumeIntegralInRange<size_t>(0, v.size() - 1)];
    }
};

// KIP and UTCB areas: none, the initial servers', or random ones that
// SpaceControl would accept.
void choose_areas(FuzzedDataProvider& in, Space& s) {
    switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0: return;
    case 1:
        s.kip_area = WALNUT_INITIAL_KIP_AREA;
        s.kip_area_log2 = WALNUT_KIP_AREA_LOG2;
        s.utcb_area = WALNUT_INITIAL_UTCB_AREA;
        s.utcb_area_log2 = WALNUT_INITIAL_UTCB_AREA_LOG2;
        return;
    default: break;
    }
    unsigned utcb_log2 = in.ConsumeIntegralInRange(12u, 24u);
    vaddr_t utcb = pick_base(in, utcb_log2, nullptr);
    vaddr_t kip = pick_base(in, 12, nullptr);
    if (utcb + (vaddr_t{1} << utcb_log2) > F::user_top || utcb + (vaddr_t{1} << utcb_log2) < utcb ||
        kip + kern::page_size > F::user_top || kern::ranges_overlap(kip, kern::page_size, utcb, vaddr_t{1} << utcb_log2))
        return;
    s.kip_area = kip;
    s.kip_area_log2 = 12;
    s.utcb_area = utcb;
    s.utcb_area_log2 = utcb_log2;
}

// A space as SpaceControl and ThreadControl leave it: KIP mapped, a few
// UTCB pages from kmem mapped as kernel mappings.
Space* make_space(FuzzedDataProvider& in, bool sigma0) {
    Space* s = Space::create();
    if (!s) return nullptr;
    s->is_sigma0 = sigma0;
    s->privileged = sigma0 || in.ConsumeBool();
    choose_areas(in, *s);
    if (!s->initialized()) return s;
    if (!kern::kip_map_into(*s)) {
        s->kip_area_log2 = s->utcb_area_log2 = 0;
        return s;
    }
    unsigned pages = in.ConsumeIntegralInRange(0u, 3u);
    vaddr_t area_end = s->utcb_area + (vaddr_t{1} << s->utcb_area_log2);
    for (unsigned i = 0; i < pages; ++i) {
        vaddr_t va = s->utcb_area + kern::page_size * in.ConsumeIntegralInRange<vaddr_t>(0, 7);
        Space::Leaf l;
        if (va >= area_end || s->find(va, &l)) continue;
        void* page = kern::kmem.alloc(0);
        if (!page) break;
        if (!s->map_kernel_owned(va, port::virt_to_phys(page), kern::page_shift, Rights::rw, kern::Mem_attr::normal)) {
            kern::kmem.free(page, 0);
            break;
        }
    }
    return s;
}

void destroy(Space*& s) {
    kern::mapdb::flush_space(*s);
    s->destroy();
    s = nullptr;
}

Rights pick_rights(FuzzedDataProvider& in) {
    return in.ConsumeBool() ? Rights::rwx : static_cast<Rights>(in.ConsumeIntegralInRange(0, 7));
}

// Map/grant: where the result is determined by X.2 alone (different
// spaces, no kernel areas involved, the source not derived from the
// target's mappings), sampled pages of the source appear at the right
// place with the right frame and rights; and new leaves appear only in the
// receive range.
void check_transfer(const Snapshot& before, const World& w, Space& from, vaddr_t snd, Space& to, vaddr_t rcv,
                    unsigned size_log2, Rights rights, FuzzedDataProvider& in, const char* step) {
    Snapshot after = snapshot(w.live(), step);
    vaddr_t size_minus_1 = size_log2 >= 64 ? F::user_top - 1 : (vaddr_t{1} << size_log2) - 1;
    vaddr_t rcv_last = rcv + size_minus_1;
    if (&from == &to) return;
    const std::vector<Leaf_view>& to_before = before.leaves.at(&to);
    // A set, not a scan per leaf: sigma0's fill can leave thousands.
    std::set<std::tuple<vaddr_t, unsigned, kern::paddr_t, const kern::Mapping*>> old_leaves;
    for (const Leaf_view& o : to_before) old_leaves.emplace(o.va, o.size_log2, o.pa, o.node);
    for (const Leaf_view& l : after.leaves.at(&to)) {
        bool old = old_leaves.count({l.va, l.size_log2, l.pa, l.node}) != 0;
        vaddr_t last = l.va + ((vaddr_t{1} << l.size_log2) - 1);
        if (!old && (l.va < rcv || last > rcv_last))
            violation(step, "[map-outside] map to [%#lx, +2^%u) created leaf %#lx/%u outside it", rcv,
                      size_log2, l.va, l.size_log2);
    }
    if (from.in_kernel_areas(snd, size_minus_1 + 1) || to.in_kernel_areas(rcv, size_minus_1 + 1) ||
        snd + size_minus_1 >= F::user_top || rcv + size_minus_1 >= F::user_top)
        return;
    // Sources derived from one of the target's mappings may be overmapped
    // away by the transfer itself: X.2 leaves that case open.
    std::set<const kern::Mapping*> target_nodes;
    for (const Leaf_view& l : to_before)
        if (l.node) target_nodes.insert(l.node);
    for (const auto& [m, info] : before.nodes)
        if (info.space == &from && before.below(m, target_nodes)) return;

    for (int sample = 0; sample < 8; ++sample) {
        vaddr_t off = kern::align_down(in.ConsumeIntegralInRange<vaddr_t>(0, size_minus_1), kern::page_size);
        const Leaf_view* src = leaf_at(before.leaves.at(&from), snd + off);
        if (!src && from.is_sigma0) src = leaf_at(after.leaves.at(&from), snd + off);
        if (!src || !src->node) continue;
        unsigned give = static_cast<unsigned>(rights) & static_cast<unsigned>(src->rights);
        if (!give) continue;
        const Leaf_view* dst = leaf_at(after.leaves.at(&to), rcv + off);
        kern::paddr_t want = src->pa + (snd + off - src->va);
        if (!dst)
            violation(step, "[map-missing] map [%#lx -> %#lx, 2^%u) rights %u: page +%#lx (pa %#lx, rights %u) "
                      "is not mapped in the receiver", snd, rcv, size_log2, static_cast<unsigned>(rights), off,
                      want, static_cast<unsigned>(src->rights));
        kern::paddr_t got = dst->pa + (rcv + off - dst->va);
        unsigned have = static_cast<unsigned>(dst->rights);
        if (got != want || (have & give) != give)
            violation(step, "[map-wrong] map [%#lx -> %#lx, 2^%u): page +%#lx maps pa %#lx rights %u, "
                      "expected pa %#lx with rights %u", snd, rcv, size_log2, off, got, have, want, give);
    }
}

// Every invariant, and kernel memory accounted for.
void check(const World& w, const char* step) {
    check_mapdb(w.live(), step);
    check_kmem_accounting(w.live(), w.ballast_pages(), step);
}

void teardown(World& w, const char* step) {
    for (Space*& s : w.space)
        if (s) destroy(s);
    for (auto [block, order] : w.ballast) kern::kmem.free(block, order);
    w.ballast.clear();
    if (kern::mapdb::node_count() != 0)
        violation(step, "[leak-nodes] %zu mapping nodes alive after every space was destroyed",
                  kern::mapdb::node_count());
    // Known: tables orphaned under a new large leaf stay allocated
    // (reported); start the next run with a fresh pool while unfixed.
    if (known("table-leak") && kern::kmem.free_bytes() != baseline) {
        kern::kmem.init(reinterpret_cast<void*>(kern::kernel_pool.base), kern::kernel_pool.size);
        if (kern::kmem.free_bytes() != baseline) violation(step, "[kmem] re-initialised pool differs");
    }
    if (kern::kmem.free_bytes() != baseline)
        violation(step, "[leak-kmem] kernel memory %zu bytes free after teardown, %zu at the start",
                  kern::kmem.free_bytes(), baseline);
    if (!kern::kmem.consistent()) violation(step, "[kmem] free lists inconsistent after teardown");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    machine_init(kmem_pages);
    baseline = kern::kmem.free_bytes();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    World w;
    hostfuzz::console_reset();
    for (unsigned step = 0; step < max_steps && in.remaining_bytes() > 0; ++step) {
        const char* what = "?";
        switch (in.ConsumeIntegralInRange(0, 13)) {
        case 0: {
            what = "create";
            unsigned slot = in.ConsumeIntegralInRange(0u, max_spaces - 1);
            if (!w.space[slot]) w.space[slot] = make_space(in, slot == 0);
            if (Space* s = w.space[slot])
                trace("create space %u: %p kip %#lx/%u utcb %#lx/%u", slot, static_cast<void*>(s), s->kip_area,
                      s->kip_area_log2, s->utcb_area, s->utcb_area_log2);
            break;
        }
        case 1: {
            what = "destroy";
            unsigned slot = in.ConsumeIntegralInRange(0u, max_spaces - 1);
            if (w.space[slot]) {
                trace("destroy space %u", slot);
                destroy(w.space[slot]);
            }
            break;
        }
        case 2: case 3: case 4: case 5: {
            what = "map/grant";
            Space* from = w.pick(in);
            Space* to = w.pick(in);
            if (!from || !to) break;
            unsigned size_log2 = pick_size_log2(in);
            vaddr_t snd = pick_base(in, size_log2, from);
            vaddr_t rcv = in.ConsumeIntegralInRange(0, 3) == 0 ? snd : pick_base(in, size_log2, to);
            Rights rights = pick_rights(in);
            bool grant = in.ConsumeIntegralInRange(0, 3) == 0;
            // Known: sigma0's on-demand fill crawls page by page once kmem
            // runs out (reported); keep its ranges small while unfixed.
            if (from->is_sigma0 && size_log2 > 22 && known("sigma0-oom-crawl")) break;
            // Known: a sigma0 source above user_top crawls too (reported).
            if (from->is_sigma0 && snd >= F::user_top && known("sigma0-above-top")) break;
            trace("%s %p %#lx -> %p %#lx size 2^%u rights %u", grant ? "grant" : "map", static_cast<void*>(from), snd,
                  static_cast<void*>(to), rcv, size_log2, static_cast<unsigned>(rights));
            Snapshot before = snapshot(w.live(), what);
            // Known: overmapping the source itself (or an ancestor of it)
            // uses a freed node (reported); skip while unfixed.
            if (known("overmap-source") && overmaps_source(before, *from, snd, *to, rcv, size_log2)) break;
            // Known: targets past user_top reach the kernel part of the
            // tables (reported); skip while unfixed.
            if (known("beyond-user-top") && (size_log2 >= 64 ? rcv != 0 : rcv + (vaddr_t{1} << size_log2) - 1 >= F::user_top))
                break;
            auto r = kern::mapdb::transfer(*from, snd, *to, rcv, size_log2, rights, grant);
            trace("  = %s", r == kern::mapdb::Result::ok ? "ok" : "no memory");
            check(w, what);
            if (r == kern::mapdb::Result::ok && !grant) check_transfer(before, w, *from, snd, *to, rcv, size_log2, rights, in, what);
            break;
        }
        case 6: case 7: {
            what = "unmap";
            Space* s = w.pick(in);
            if (!s) break;
            unsigned size_log2 = pick_size_log2(in);
            vaddr_t base = pick_base(in, size_log2, s);
            Rights revoke = pick_rights(in);
            bool flush = in.ConsumeBool();
            trace("unmap %p %#lx size 2^%u revoke %u%s", static_cast<void*>(s), base, size_log2,
                  static_cast<unsigned>(revoke), flush ? " flush" : "");
            Snapshot before = snapshot(w.live(), what);
            Rights status = kern::mapdb::unmap(*s, base, size_log2, revoke, flush);
            check(w, what);
            vaddr_t end = size_log2 >= 64 ? F::user_top : base + (vaddr_t{1} << size_log2);
            if (end < base || end > F::user_top) end = F::user_top;
            check_unmap(before, w.live(), *s, base, end, revoke, flush, status, what);
            break;
        }
        case 8: {
            what = "flush_space";
            Space* s = w.pick(in);
            if (!s) break;
            trace("flush_space %p", static_cast<void*>(s));
            kern::mapdb::flush_space(*s);
            check(w, what);
            for (const Leaf_view& l : leaves_of(*s, what))
                if (l.node) violation(what, "[flush-kept] leaf %#lx survived flush_space", l.va);
            break;
        }
        case 9: {
            what = "sigma0_identity";
            if (!w.space[0]) break;
            vaddr_t va = pick_base(in, 12, w.space[0]) + in.ConsumeIntegralInRange<vaddr_t>(0, kern::page_size - 1);
            unsigned max_log2 = in.PickValueInArray({12u, 12u, 21u, 30u, 13u, 39u});
            trace("sigma0_identity %#lx max 2^%u", va, max_log2);
            bool ok = kern::mapdb::sigma0_identity(*w.space[0], va, max_log2);
            check(w, what);
            Space::Leaf l;
            if (ok && (!w.space[0]->find(va, &l) || !*l.shadow))
                violation(what, "[sigma0-identity] success but %#lx has no user mapping in sigma0", va);
            break;
        }
        case 10: {
            what = "hardware status bits";
            Space* s = w.pick(in);
            if (!s) break;
            std::vector<Leaf_view> leaves = leaves_of(*s, what);
            if (leaves.empty()) break;
            const Leaf_view& v = leaves[in.ConsumeIntegralInRange<size_t>(0, leaves.size() - 1)];
            Space::Leaf l;
            if (s->find(v.va, &l)) *l.entry |= F::Entry{in.ConsumeIntegralInRange(1u, 7u)} << F::status_shift;
            break;
        }
        case 11: {
            what = "hold kmem";
            unsigned order = in.ConsumeIntegralInRange(0u, 4u);
            if (void* b = kern::kmem.alloc(order)) w.ballast.emplace_back(b, order);
            trace("hold 2^%u pages of kmem: %zu bytes left", order, kern::kmem.free_bytes());
            break;
        }
        case 12: {
            what = "release kmem";
            if (w.ballast.empty()) break;
            kern::kmem.free(w.ballast.back().first, w.ballast.back().second);
            w.ballast.pop_back();
            break;
        }
        default: {
            what = "check";
            check(w, what);
            break;
        }
        }
    }
    check(w, "the last step");
    teardown(w, "teardown");
    return 0;
}
