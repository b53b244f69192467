// SPDX-License-Identifier: BSD-2-Clause
// The fuzzers' argument generators (fuzzer.hpp): thread ids, addresses,
// fpages, timeouts, acceptors, typed items and UTCB locations, random
// with a bias towards the values where kernels break, and the filters that
// keep the fuzzer's own world alive (each says why).
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/misc.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4io.h>

#include "arch.hpp"
#include "fuzzer.hpp"
#include "roles.hpp"
#include "words.hpp"
#include "world.hpp"

namespace fuzz {

// ---- Thread ids ---------------------------------------------------------------------------

L4_Word_t Fuzzer::version()
{
    L4_Word_t v;
    switch (_rng.below(4)) {
    case 0: v = 1; break;
    case 1: v = _rng.range(1, 8); break;
    case 2: v = (L4_Word_t{1} << 14) - 1; break;
    default: v = _rng.below(L4_Word_t{1} << 14); break;
    }
    return (v & 0x3f) ? v : v | 1;   // a version with the low six bits clear is a local id
}

L4_ThreadId_t Fuzzer::world_id(bool own_space_only, bool local_ok)
{
    for (unsigned tries = 0; tries < 8; tries++) {
        const Thread_rec& r = world.threads[_rng.below(world.thread_count)];
        if (!r.in_use || (own_space_only && r.space != _space))
            continue;
        if (local_ok && r.space == _space && _rng.percent(50))
            return r.local;
        return r.id;
    }
    return world.main;
}

L4_ThreadId_t Fuzzer::model_id(bool existing)
{
    Model_thread& t = _threads[_rng.below(model_numbers)];
    if (existing || _rng.percent(60))
        return t.id;
    return L4_GlobalId(L4_ThreadNo(t.id), version());
}

L4_ThreadId_t Fuzzer::stale(L4_ThreadId_t id)
{
    L4_Word_t v = L4_Version(id) ^ (L4_Word_t{1} << _rng.below(14));
    if ((v & 0x3f) == 0)
        v |= 2;
    return L4_GlobalId(L4_ThreadNo(id), v);
}

// Any thread id at all, the interesting ones more often.
L4_ThreadId_t Fuzzer::any_thread_id()
{
    L4_ThreadId_t id;
    switch (_rng.below(20)) {
    case 0: return L4_nilthread;
    case 1: return L4_anythread;
    case 2: return L4_anylocalthread;
    case 3: case 4: case 5: case 6: return world_id(false, true);
    case 7: case 8: return world_id(true, true);
    case 9: case 10: case 11: return model_id(false);
    case 12: return stale(world_id(false, false));
    case 13: return _deleted[_rng.below(8)];
    case 14:   // kernel and interrupt threads
        return L4_GlobalId(_rng.below(world.user_base), _rng.percent(50) ? 1 : version());
    case 15:   // numbers beyond ThreadInfo.t, and the last valid one
        return L4_GlobalId(_rng.percent(30) ? (L4_Word_t{1} << 18) - 1
                                            : (L4_Word_t{1} << 18) + _rng.below(L4_Word_t{1} << 30),
                           version());
    case 16:   // local ids: UTCB-like addresses, kernel ones, random
        id.raw = (_rng.percent(50) ? world.root_utcb_area + _rng.below(256) * 1024 + 512 : address()) &
                 ~L4_Word_t{0x3f};
        return id.raw ? id : L4_anylocalthread;
    case 17: return L4_GlobalId(world.user_base + _rng.below(3), _rng.percent(70) ? 1 : version());
    default: id.raw = _rng.edgy(); return id;
    }
}

// A pager for ThreadControl or ExchangeRegisters: never a thread that
// issues fuzzed IPC (nor any/anylocal, nor a local id that could name one):
// a thread waiting for its start message would start wherever a random
// message said, running this image's code with a random stack.
bool Fuzzer::unsafe_pager(L4_Word_t raw) const
{
    if (raw == L4_anythread.raw || raw == L4_anylocalthread.raw)
        return true;
    // Nor sigma0 or sigma1: sigma0 would answer page faults with memory
    // (new mappings in the root space, new roots in its own) that outlive
    // the run and count as leaks.
    L4_ThreadId_t id;
    id.raw = raw;
    if (is_sigma(id))
        return true;
    int i = world_find(raw, 0);
    if (i < 0)
        for (unsigned s = 1; s <= world.mortal_space && i < 0; s++)
            i = world_find(raw, s);
    if (i >= 0)
        return world.threads[i].role == Role::fuzzer || world.threads[i].role == Role::rescuer;
    return raw != 0 && (raw & 0x3f) == 0;   // an unknown local id
}

// Mostly the pager: a thread whose page-fault IPC fails gets a fault
// report on the console and is halted, and that costs console time.
L4_ThreadId_t Fuzzer::safe_pager()
{
    L4_ThreadId_t p;
    switch (_rng.below(10)) {
    case 0: p = L4_nilthread; break;
    case 1: p = model_id(false); break;
    case 2: case 3: p = any_thread_id(); break;
    default: p = world.pager; break;
    }
    return unsafe_pager(p.raw) ? world.pager : p;
}

bool Fuzzer::is_sigma(L4_ThreadId_t id) const
{
    L4_Word_t n = L4_ThreadNo(id);
    return L4_IsGlobalId(id) && (n == world.user_base || n == world.user_base + 1);
}

// ---- Addresses, fpages, timeouts ------------------------------------------------------------

L4_Word_t Fuzzer::address()
{
    switch (_rng.below(14)) {
    case 0: return 0;
    case 1: return world.image_start + _rng.below(world.image_end - world.image_start);
    case 2: return donor_base() + _rng.below(donor_pages * page);
    case 3: return window_base + _rng.below(L4_Word_t{1} << window_log2);
    case 4: return world.kip_area + _rng.below(2 * page);
    case 5: return world.root_utcb_area + _rng.below(L4_Word_t{1} << 20);
    case 6: return hole_base + _rng.below(hole_size);
    case 7: return arch.kernel_base + _rng.below(L4_Word_t{1} << 32);
    case 8: return arch.non_canonical + _rng.below(L4_Word_t{1} << 32);
    case 9: return arch.user_top - page + _rng.below(2 * page);
    case 10: return ~L4_Word_t{0} - _rng.below(2 * page);
    case 11: return world.bootinfo + _rng.below(page);
    default: return _rng.edgy();
    }
}

// An instruction pointer no world space has code at: only an exception
// can follow (bootinfo, window, KIP and UTCB areas are left out on purpose).
L4_Word_t Fuzzer::junk_ip()
{
    L4_Word_t ip;
    switch (_rng.below(7)) {
    case 0: ip = _rng.below(0x10000); break;
    case 1: ip = hole_base + _rng.below(hole_size); break;
    case 2: ip = arch.kernel_base + _rng.below(L4_Word_t{1} << 40); break;
    case 3: ip = arch.non_canonical + _rng.below(L4_Word_t{1} << 40); break;
    case 4: ip = arch.user_top - _rng.below(64); break;
    case 5: ip = arch.user_top + _rng.below(64); break;
    default: ip = ~L4_Word_t{0} - _rng.below(64); break;
    }
    return ip;
}

L4_Word_t Fuzzer::fpage_raw()
{
    L4_Word_t rights = _rng.below(8);
    switch (_rng.below(12)) {
    case 0: return 0;                                              // nil
    case 1: return 0x10 | rights;                                  // complete space
    case 2: return _rng.edgy();
    case 3: return make_fpage(address(), static_cast<unsigned>(_rng.below(64)), rights);
    case 4: return make_fpage(address(), static_cast<unsigned>(_rng.range(1, 11)), rights);
    case 5: return make_fpage(donor_base() + _rng.below(donor_pages) * page,
                              static_cast<unsigned>(_rng.range(12, 16)), rights);
    case 6: return make_fpage(window_base + _rng.below(256) * page,
                              static_cast<unsigned>(_rng.range(12, window_log2)), rights);
    default:
        return make_fpage(address(), static_cast<unsigned>(_rng.percent(70) ? 12 : _rng.range(12, 30)), rights);
    }
}

// Rights a fuzzed map or grant item may pass on: write only for donor
// pages, so no other space ever gets write access to this image's data
// through a fuzzed mapping.
L4_Word_t Fuzzer::rights_for(L4_Word_t raw) const
{
    Span sp = span_of(raw);
    bool donor = !sp.empty && !sp.complete && sp.size_log2 < 64 && sp.base >= donor_base() &&
                 sp.base + (L4_Word_t{1} << sp.size_log2) <= donor_base() + donor_pages * page;
    return donor ? raw : raw & ~L4_Word_t{L4_Writable};
}

// Whether the root fuzzer must not flush this fpage (or grant it away):
// its image, its bootinfo page, everything at once. Agents may: their
// pager gives their pages back.
bool Fuzzer::protects_flush(L4_Word_t raw) const
{
    if (!_privileged)
        return false;
    Span sp = span_of(raw);
    return span_overlaps(sp, world.image_start, world.image_end - world.image_start) ||
           span_overlaps(sp, world.bootinfo, page);
}

L4_Word_t Fuzzer::timeout(bool mostly_zero)
{
    // A fuzzer that blocks waits for its rescuer (2-4 ms): with random
    // partners, one call in 200 may block.
    unsigned r = static_cast<unsigned>(_rng.below(1000));
    if (mostly_zero ? r < 992 : r < 300)
        return time_zero;
    if (r < 997 || !mostly_zero) {
        switch (_rng.below(5)) {
        case 0: return time_never;
        case 1: return _rng.range(1, 1023);                               // up to 1 ms
        case 2: return (_rng.range(1, 4) << 10) | _rng.below(1024);       // up to 16 ms
        case 3: return 0x8000 | _rng.below(0x8000);                        // a time point
        default: return _rng.below(0x10000);
        }
    }
    return _rng.below(0x10000);
}

// BR0: no mappings, a window inside the window area, or junk windows.
// Never the complete space nor anything over this image: a fuzzed map or
// grant item from another thread would replace the fuzzer's own pages.
L4_Word_t Fuzzer::acceptor()
{
    L4_Word_t s_bit = _rng.percent(20) ? 1 : 0;   // string items accepted (no buffers)
    switch (_rng.below(8)) {
    case 0: case 1: case 2: return s_bit;
    case 3: case 4: case 5: {
        unsigned log2 = static_cast<unsigned>(_rng.range(12, window_log2));
        L4_Word_t base = window_base + (_rng.below(L4_Word_t{1} << (window_log2 - log2)) << log2);
        return make_fpage(base, log2, 0) | s_bit;
    }
    case 6: {
        switch (_rng.below(5)) {
        case 0: return make_fpage(world.kip_area, 12, 0) | s_bit;
        case 1: return make_fpage(world.root_utcb_area, static_cast<unsigned>(_rng.range(12, 20)), 0) | s_bit;
        case 2: return make_fpage(arch.kernel_base, static_cast<unsigned>(_rng.range(12, 40)), 0) | s_bit;
        case 3: {   // above the user part: no larger than its alignment, or base 0 would cover all
            unsigned top_log2 = static_cast<unsigned>(__builtin_ctzl(arch.user_top));
            return make_fpage(arch.user_top, static_cast<unsigned>(_rng.range(12, top_log2)), 0) | s_bit;
        }
        default: return make_fpage(window_base, static_cast<unsigned>(_rng.range(2, 11)), 0) | s_bit;
        }
    }
    default:
        // Random low bits over an empty window.
        return (_rng.next() & 0x3ff & ~L4_Word_t{0x3f0}) | s_bit;
    }
}

// A typed item for MR u+1..: map, grant, string, or junk. *words = 1 or 2.
L4_Word_t Fuzzer::typed_item(bool clean, unsigned* words, L4_Word_t* second)
{
    *words = 2;
    L4_Word_t base = _rng.percent(50) ? _rng.next() & ~L4_Word_t{0x3ff} : address() & ~L4_Word_t{0x3ff};
    L4_Word_t c = _rng.percent(50) ? 1 : 0;
    switch (_rng.below(clean ? 5 : 8)) {
    case 0: case 1: case 2: {            // map item
        *second = rights_for(fpage_raw());
        return base | 0x8 | c;
    }
    case 3: case 4: {                    // grant item: the root fuzzer grants no page it needs
        L4_Word_t f = rights_for(fpage_raw());
        if (protects_flush(f) || (_privileged && span_of(f).complete))
            f = make_fpage(window_base + _rng.below(256) * page, 12, _rng.below(8));
        *second = f;
        return base | 0xA | c;
    }
    case 5: case 6:                      // string item (copied if the receiver accepts strings)
        *second = address();
        return (_rng.below(1u << 22) << 10) | (_rng.below(32) << 4) | c;
    default:
        *second = _rng.edgy();
        *words = _rng.percent(50) ? 1 : 2;
        return _rng.edgy();
    }
}

// A UTCB location for a thread of model space s (-1 = unknown).
L4_Word_t Fuzzer::utcb_location(int s)
{
    switch (_rng.below(10)) {
    case 0: case 1: case 2: return unchanged;
    case 3: return address();
    case 4: return world.root_utcb_area + _rng.below(root_utcb_slots) * 1024 + _rng.below(1024);
    default: break;
    }
    if (s >= 0 && _spaces[s].in_use && _spaces[s].initialized) {
        unsigned log2 = _spaces[s].utcb_log2;
        L4_Word_t slots = log2 >= 10 + 16 ? L4_Word_t{1} << 16 : L4_Word_t{1} << (log2 - 10);
        if (_spaces[s].world)
            slots = root_utcb_slots;
        return _spaces[s].utcb_area + _rng.below(slots) * 1024;
    }
    // A space not set up yet: where SpaceControl will most likely put the
    // UTCB area (a location outside it makes SpaceControl fail).
    if (s >= 0 && _spaces[s].in_use)
        return preferred_utcb_area(s) + _rng.below(L4_Word_t{1} << (preferred_utcb_log2 - 10)) * 1024;
    return world.root_utcb_area + _rng.below(root_utcb_slots) * 1024;
}

// The UTCB area the fuzzer gives model space s (in the hole: never mapped
// in a world space); the KIP goes 1 MiB above it.
L4_Word_t Fuzzer::preferred_utcb_area(int s) const
{
    return hole_base + static_cast<L4_Word_t>(s) * (L4_Word_t{1} << 24);
}

L4_Word_t Fuzzer::printable_word()
{
    return (_rng.next() & ~L4_Word_t{0xff}) | (0x20 + _rng.below(0x5f));
}

}  // namespace fuzz
