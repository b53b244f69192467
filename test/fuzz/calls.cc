// SPDX-License-Identifier: BSD-2-Clause
// One fuzzed call of each kind (fuzzer.hpp): arguments from the
// generators, the filters that protect the world, the call, and the checks
// of its results against the spec.
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

namespace {
constexpr L4_Word_t world_priority = 150;   // world.cc: no other thread may reach it
#if defined(L4_ARCH_RISCV64)
constexpr bool arch_is_riscv64 = true;
#else
constexpr bool arch_is_riscv64 = false;
#endif
}  // namespace

// ---- The calls -------------------------------------------------------------------------------

void Fuzzer::call_kernel_interface()
{
    L4_Word_t v, f, id;
    begin(Kind::kernel_interface);
    void* kip = L4_KernelInterface(&v, &f, &id);
    end(reinterpret_cast<L4_Word_t>(kip), 0);
    if (kip != world.kip || v != world.api_version || f != world.api_flags || id != world.kernel_id)
        api_violation("KernelInterface results changed", reinterpret_cast<L4_Word_t>(kip), v);
}

void Fuzzer::call_system_clock()
{
    begin(Kind::system_clock);
    L4_Word_t now = L4_SystemClock().raw;
    end(now, 0);
    if (now < _last_clock)
        api_violation("SystemClock went backwards", _last_clock, now);
    _last_clock = now;
}

void Fuzzer::call_thread_switch()
{
    L4_ThreadId_t dest = any_thread_id();
    begin(Kind::thread_switch, dest.raw);
    L4_ThreadSwitch(dest);
    end(0, 0);
}

void Fuzzer::call_exchange_registers()
{
    L4_ThreadId_t dest;
    switch (_rng.below(10)) {
    case 0: dest = _rng.percent(50) ? _self_global : _self_local; break;
    case 1: case 2: case 3: case 4: dest = world_id(true, true); break;
    case 5: case 6: dest = model_id(true); break;
    default: dest = any_thread_id(); break;
    }
    // Aborting IPC matters most for the workers (they must recover); a
    // victim blocked in a page fault nobody serves would only be halted
    // with a fault report each time.
    int w = world_find(dest.raw, _space);
    bool worker = w >= 0 && world.threads[w].space == _space && world.threads[w].role != Role::victim;
    L4_Word_t control = 0;
    static const L4_Word_t bits[] = {ctl_H, ctl_R, ctl_S, ctl_s, ctl_i, ctl_f, ctl_u, ctl_p, ctl_h, ctl_d};
    for (L4_Word_t b : bits)
        if (_rng.percent(worker || (b != ctl_R && b != ctl_S) ? 30 : 8))
            control |= b;
    if (_rng.percent(5))
        control = _rng.edgy();
    L4_Word_t sp = _rng.percent(50) ? address() : _rng.edgy();
    L4_Word_t ip = _rng.percent(40) ? reinterpret_cast<L4_Word_t>(fuzz_park) : junk_ip();
    L4_Word_t flags = _rng.percent(30) ? 0 : _rng.edgy();
    L4_Word_t handle = _rng.edgy();
    L4_ThreadId_t pager = safe_pager();

    // Threads of this space the world needs keep running where they are:
    // never a new IP, stack, flags or pager; the fuzzer, its rescuer and
    // the pager are not halted either (workers are, and resumed later).
    bool self = dest.raw == _self_global.raw || dest.raw == _self_local.raw;
    if (self || (w >= 0 && world.threads[w].space == _space && world.threads[w].role != Role::victim)) {
        control &= ~(ctl_s | ctl_i | ctl_f | ctl_p);
        Role role = self ? Role::fuzzer : world.threads[w].role;
        if ((role == Role::fuzzer || role == Role::rescuer || role == Role::pager) && (control & ctl_H))
            control &= ~ctl_h;
    }
    // Any other thread goes to the park loop or to an address where it can
    // only fault: it never runs this image's code with a random stack.
    if (control & ctl_p && unsafe_pager(pager.raw))
        pager = world.pager;

    L4_Word_t o_control, o_sp, o_ip, o_flags, o_handle;
    L4_ThreadId_t o_pager;
    begin(Kind::exchange_registers, dest.raw, control, sp, ip, flags, pager.raw);
    L4_ThreadId_t r = L4_ExchangeRegisters(dest, control, sp, ip, flags, handle, pager, &o_control, &o_sp,
                                           &o_ip, &o_flags, &o_handle, &o_pager);
    L4_Word_t error = L4_IsNilThread(r) ? L4_ErrorCode() : 0;
    end(r.raw, error);
    if (!L4_IsNilThread(r) && worker) {
        if ((o_control & (ctl_R | ctl_S)) && (control & (ctl_R | ctl_S)))
            _cov.worker_ipc_aborted++;
        if ((control & (ctl_h | ctl_H)) == (ctl_h | ctl_H))
            _cov.worker_halts++;
    }
    if (L4_IsNilThread(r) && error != 2)
        api_violation("ExchangeRegisters failed with an error other than InvalidThread", dest.raw, error);
    if (!L4_IsNilThread(r) && w >= 0 && world.threads[w].space == _space) {
        const Thread_rec& t = world.threads[w];
        L4_Word_t want = dest.raw == t.id.raw ? t.local.raw : t.id.raw;
        if (r.raw != want)
            api_violation("ExchangeRegisters returned the wrong id", dest.raw, r.raw);
    }
    if (!L4_IsNilThread(r) && w >= 0 && world.threads[w].space != _space)
        api_violation("ExchangeRegisters reached a thread of another space", dest.raw, r.raw);
}

void Fuzzer::call_thread_control()
{
    L4_ThreadId_t dest, space_spec, scheduler, pager;
    L4_Word_t utcb;
    switch (_rng.below(10)) {
    case 0: dest = any_thread_id(); break;
    case 1: dest = world_id(false, false); break;
    default: dest = model_id(false); break;
    }
    switch (_rng.below(8)) {
    case 0: case 1: space_spec = L4_nilthread; break;
    case 2: case 3: space_spec = dest; break;
    case 4: space_spec = model_id(true); break;
    case 5: space_spec = world_id(false, true); break;
    default: space_spec = any_thread_id(); break;
    }
    switch (_rng.below(6)) {
    case 0: scheduler = L4_nilthread; break;
    case 1: case 2: scheduler = world.main; break;
    default: scheduler = any_thread_id(); break;
    }
    pager = _rng.percent(40) ? L4_nilthread : safe_pager();

    // A thread's space decides where a UTCB may go.
    Model_thread* m = L4_IsGlobalId(dest) ? model_at(L4_ThreadNo(dest)) : nullptr;
    int target = -1;
    if (!L4_IsNilThread(space_spec) && space_spec.raw != dest.raw)
        target = space_of_id(space_spec);
    else if (m && m->exists)
        target = m->space;
    utcb = utcb_location(target);

    // Filters. The numbers below the model's (sigma0, sigma1, the root
    // task, the world) are never created, modified or deleted: only
    // deletions that must fail (a wrong version; oneself) go through. Other
    // free numbers are left alone too: a thread there would escape the model.
    if (L4_IsGlobalId(dest) && !m && dest.raw != L4_anythread.raw && L4_ThreadNo(dest) >= world.user_base &&
        L4_ThreadNo(dest) < (L4_Word_t{1} << 18)) {
        if (L4_ThreadNo(dest) >= world.user_base + fuzz_first) {
            dest = model_id(false);
            m = model_at(L4_ThreadNo(dest));
        } else if (!(L4_IsNilThread(space_spec) && dest.raw == world.main.raw)) {
            // The initial threads have version 1, the world's threads the
            // version in their record (the mortal echo's changes).
            space_spec = L4_nilthread;
            L4_Word_t actual = 1;
            for (unsigned i = 0; i < world.thread_count; i++)
                if (L4_ThreadNo(world.threads[i].id) == L4_ThreadNo(dest))
                    actual = L4_Version(world.threads[i].id);
            if (L4_Version(dest) == actual)
                dest = L4_GlobalId(L4_ThreadNo(dest), actual ^ 0x40);   // same low bits: still global
        }
    }
    // New threads go nowhere near sigma0 or sigma1: UTCB pages made in
    // their spaces would stay for good.
    if (is_sigma(space_spec))
        space_spec = dest;
    // UTCB pages of the root and agent spaces above the warmed-up slots
    // would stay until the space dies.
    if (utcb >= world.root_utcb_area + root_utcb_slots * 1024 && utcb < world.root_utcb_area + (L4_Word_t{1} << 20))
        utcb = world.root_utcb_area + _rng.below(root_utcb_slots) * 1024;

    // Interrupt threads: a handler would associate a device line with a
    // fuzz thread (outside the model); with no handler the call must fail.
    if (L4_IsGlobalId(dest) && dest.raw != L4_anythread.raw && L4_ThreadNo(dest) < world.system_base)
        pager = L4_nilthread;
    begin(Kind::thread_control, dest.raw, space_spec.raw, scheduler.raw, pager.raw, utcb);
    L4_Word_t r = L4_ThreadControl(dest, space_spec, scheduler, pager, reinterpret_cast<void*>(utcb));
    L4_Word_t error = r == 1 ? 0 : L4_ErrorCode();
    end(r, error);

    if (r != 1) {
        if (r != 0)
            api_violation("ThreadControl result neither 0 nor 1", r, error);
        else if (error < 1 || error > 8 || error == 5 || error == 7)
            api_violation("ThreadControl error code outside the spec's", dest.raw, error);
        return;
    }
    if (!m) {
        // Only deletions of non-existing numbers may succeed outside the model.
        if (!L4_IsNilThread(space_spec) || world_find(dest.raw, 0) >= 0)
            api_violation("ThreadControl succeeded on a thread it must refuse", dest.raw, space_spec.raw);
        return;
    }
    // Mirror what the kernel did (kernel/generic/src/thread_control.cc).
    if (L4_IsNilThread(space_spec)) {
        if (m->exists) {
            _cov.deleted++;
            leave_space(m->space);
            _deleted[_deleted_next++ % 8] = m->id;
        }
        m->exists = false;
        m->active = false;
        m->space = -1;
        m->utcb = unchanged;
        return;
    }
    if (!m->exists) {
        int s = space_spec.raw == dest.raw ? new_model_space() : space_of_id(space_spec);
        _cov.created++;
        _cov.activated += L4_IsNilThread(pager) ? 0 : 1;
        m->exists = true;
        m->space = s;
        m->active = !L4_IsNilThread(pager);
        if (s >= 0 && !_spaces[s].world)
            _spaces[s].members++;
    } else {
        if (space_spec.raw != dest.raw) {
            int s = space_of_id(space_spec);
            if (s != m->space) {
                _cov.moved++;
                leave_space(m->space);
                m->space = s;
                if (s >= 0 && !_spaces[s].world)
                    _spaces[s].members++;
            }
        }
        if (!L4_IsNilThread(pager) && !m->active) {
            _cov.activated++;
            m->active = true;
        }
        _cov.renamed += dest.raw != m->id.raw ? 1 : 0;
    }
    m->id = dest;
    if (utcb != unchanged)
        m->utcb = utcb;
}

void Fuzzer::call_space_control()
{
    L4_ThreadId_t spec;
    switch (_rng.below(6)) {
    case 0: case 1: case 2: spec = model_id(true); break;
    case 3: spec = world_id(false, true); break;
    default: spec = any_thread_id(); break;
    }
    L4_Word_t control = _rng.percent(70) ? 0 : _rng.edgy();
    // Mostly areas that work for the space's threads (the preferred UTCB
    // area, the KIP next to it), else any area, else any fpage.
    int target = space_of_id(spec);
    L4_Word_t utcb_fp, kip_fp;
    unsigned r_area = static_cast<unsigned>(_rng.below(10));
    if (r_area < 6 && target >= 0 && !_spaces[target].world) {
        utcb_fp = make_fpage(preferred_utcb_area(target), preferred_utcb_log2, 0);
        kip_fp = make_fpage(preferred_utcb_area(target) + (L4_Word_t{1} << 20), 12, 0);
    } else if (r_area < 8) {
        utcb_fp = make_fpage(hole_base + (_rng.below(hole_size) & ~((L4_Word_t{1} << 22) - 1)),
                             static_cast<unsigned>(_rng.range(10, 22)), 0);
        kip_fp = make_fpage(hole_base + _rng.below(hole_size), 12, 0);
    } else {
        utcb_fp = fpage_raw();
        kip_fp = fpage_raw();
    }
    if (_rng.percent(10))
        kip_fp = utcb_fp;   // overlapping areas
    // A redirector (x2-api 4.10) only for the fuzzer's own spaces and only
    // a model thread: redirecting the world's IPC would stop the world.
    // Mostly nilthread (unchanged) or anythread (none).
    L4_ThreadId_t redirector = _rng.percent(70) ? L4_nilthread : L4_anythread;
    if (target >= 0 && !_spaces[target].world && _rng.percent(10))
        redirector = _rng.percent(80) ? model_id(true) : any_thread_id();
    if (target < 0 || _spaces[target].world)
        redirector = _rng.percent(50) ? L4_nilthread : L4_anythread;
    L4_Word_t old;
    L4_Fpage_t kip_f, utcb_f;
    kip_f.raw = kip_fp;
    utcb_f.raw = utcb_fp;
    begin(Kind::space_control, spec.raw, control, kip_fp, utcb_fp, redirector.raw);
    L4_Word_t r = L4_SpaceControl(spec, control, kip_f, utcb_f, redirector, &old);
    L4_Word_t error = r == 1 ? 0 : L4_ErrorCode();
    end(r, error);
    if (!_privileged) {
        if (r != 0 || error != 1)
            api_violation("unprivileged SpaceControl not refused with NoPrivilege", r, error);
        return;
    }
    if (r == 0 && error != 2 && error != 3 && error != 6 && error != 7 && error != 8)
        api_violation("SpaceControl error code outside the spec's", spec.raw, error);
    if (r != 1)
        return;
    int s = space_of_id(spec);
    if (s >= 0 && !_spaces[s].initialized) {
        Span sp = span_of(utcb_fp);
        _cov.spaces_set++;
        _spaces[s].initialized = true;
        _spaces[s].utcb_area = sp.base;
        _spaces[s].utcb_log2 = sp.size_log2;
    }
}

void Fuzzer::call_schedule()
{
    L4_ThreadId_t dest;
    switch (_rng.below(6)) {
    case 0: case 1: dest = model_id(true); break;
    case 2: dest = world_id(false, true); break;
    default: dest = any_thread_id(); break;
    }
    L4_Word_t time = unchanged, proc = unchanged, prio = unchanged, preempt = unchanged;
    if (_rng.percent(40))
        time = _rng.percent(50) ? ((_rng.below(0x10000) << 16) | _rng.below(0x10000)) : _rng.edgy();
    if (_rng.percent(30))
        proc = _rng.percent(50) ? _rng.below(3) : _rng.edgy();
    if (_rng.percent(50))
        prio = _rng.percent(50) ? _rng.below(256) : _rng.edgy();
    if (_rng.percent(30))
        preempt = _rng.edgy();
    // The world keeps its priorities and sane time slices; no other thread
    // may rise to the world's priority (one that spins could starve it).
    if (_privileged) {
        int w = world_find(dest.raw, 0);
        bool world_thread = w >= 0 || dest.raw == _self_local.raw || is_sigma(dest);
        if (world_thread || (!L4_IsGlobalId(dest) && !L4_IsNilThread(dest))) {
            prio = unchanged;
            if (time != unchanged)   // a time slice of 1..20 ms (m * 2^5 us), quantum never
                time = ((5u << 10) | (_rng.range(1, 20) * 1000 / 32)) << 16 | time_never;
        } else if (prio != unchanged && (prio & 0xff) >= world_priority) {
            prio = (prio & ~L4_Word_t{0xff}) | _rng.below(world_priority);
        }
    }
    L4_Word_t old;
    begin(Kind::schedule, dest.raw, time, proc, prio, preempt);
    L4_Word_t r = L4_Schedule(dest, time, proc, prio, preempt, &old);
    L4_Word_t error = r == 0 && !L4_IsNilThread(dest) ? L4_ErrorCode() : 0;
    end(r, error);
    if (r > 7)
        api_violation("Schedule returned no thread state", dest.raw, r);
    if (r == 0 && !L4_IsNilThread(dest) && error != 1 && error != 2 && error != 5)
        api_violation("Schedule error code outside the spec's", dest.raw, error);
}

void Fuzzer::call_ipc(bool local)
{
    // Partner and phases: most calls go to an echo server and check the
    // answer; the rest are random, with zero timeouts mostly, since a
    // blocked fuzzer waits for its rescuer.
    L4_ThreadId_t to, from_spec;
    L4_Word_t timeouts;
    bool echo_call = _rng.percent(35);
    if (echo_call) {
        int e = -1;
        for (unsigned tries = 0; tries < 16 && e < 0; tries++) {
            unsigned i = static_cast<unsigned>(_rng.below(world.thread_count));
            if (world.threads[i].in_use && world.threads[i].role == Role::echo)
                e = static_cast<int>(i);
        }
        if (e < 0) {
            echo_call = false;
        } else {
            const Thread_rec& t = world.threads[e];
            to = t.space == _space && _rng.percent(60) ? t.local : t.id;
            from_spec = to;
            timeouts = (_rng.percent(80) ? time_never : timeout(false)) << 16 |
                       (_rng.percent(80) ? time_never : timeout(false));
        }
    }
    if (!echo_call) {
        to = any_thread_id();
        switch (_rng.below(10)) {
        case 0: case 1: case 2: from_spec = L4_nilthread; break;
        case 3: case 4: from_spec = L4_anythread; break;
        case 5: from_spec = L4_anylocalthread; break;
        case 6: case 7: from_spec = to; break;
        default: from_spec = any_thread_id(); break;
        }
        timeouts = timeout(true) << 16 | timeout(true);
    }
    // sigma0 and sigma1 serve the initial servers' protocol: not fuzzed.
    if (is_sigma(to))
        to = L4_nilthread;

    // The message: tag, untyped words, typed items, MRs after it, BR0.
    // Now and then the tag claims anything; the words follow what it claims.
    unsigned u = static_cast<unsigned>(_rng.percent(70) ? _rng.below(9) : _rng.below(64));
    unsigned t = static_cast<unsigned>(_rng.percent(60) ? 0 : _rng.percent(70) ? _rng.below(7) : _rng.below(64));
    L4_Word_t label = _rng.percent(10) ? ((0xFFFFFFFFFFE0ul | _rng.below(16)) & label_mask) : _rng.edgy() & label_mask;
    L4_Word_t flags = _rng.percent(20) ? _rng.below(16) : 0;
    L4_Word_t mr[64];
    mr[0] = (label << 16) | (flags << 12) | ((t & 0x3f) << 6) | (u & 0x3f);
    if (_rng.percent(10)) {
        mr[0] = _rng.edgy();
        u = mr[0] & 0x3f;
        t = (mr[0] >> 6) & 0x3f;
    }
    unsigned n = u + t + 1 < 64 ? u + t + 1 : 64;
    for (unsigned i = 1; i <= u && i < 64; i++)
        mr[i] = _rng.percent(20) ? address() : _rng.edgy();
    bool clean = _rng.percent(50);   // map and grant items only: a message that can arrive
    for (unsigned i = u + 1; i < n;) {
        unsigned words;
        L4_Word_t second;
        mr[i] = typed_item(clean, &words, &second);
        if (words == 2 && i + 1 < 64)
            mr[i + 1] = second;
        i += words;
    }
    for (unsigned i = 0; i < n; i++)
        L4_LoadMR(static_cast<int>(i), mr[i]);
    L4_LoadBR(0, acceptor());
    if (_rng.percent(10))
        for (int i = 1; i < 33; i++)
            L4_LoadBR(i, _rng.edgy());

    L4_ThreadId_t from = L4_nilthread;
    begin(local ? Kind::lipc : Kind::ipc, to.raw, from_spec.raw, timeouts, mr[0], L4_UntypedWords(L4_MsgTag_t{.raw = mr[0]}) ? mr[1] : 0);
    L4_MsgTag_t tag = local ? L4_Lipc(to, from_spec, timeouts, &from) : L4_Ipc(to, from_spec, timeouts, &from);
    L4_Word_t error = ipc_failed(tag) ? L4_ErrorCode() : 0;
    end(tag.raw, error);
    L4_LoadBR(0, 0);

    if (ipc_failed(tag)) {
        // After a send-only phase MR0 is the sender's own tag: an E bit
        // sent in it (against the spec) comes back and means nothing.
        bool own_tag = L4_IsNilThread(from_spec) && (mr[0] & 0x8000);
        if (!own_tag && ((error >> 1) & 7) == 0)
            api_violation("IPC failed without an error code", tag.raw, error);
        return;
    }
    if (((mr[0] >> 6) & 0x3f) != 0 && ((mr[0] & 0x3f) + ((mr[0] >> 6) & 0x3f)) < 64 && !L4_IsNilThread(to))
        _cov.typed_delivered++;
    if (L4_TypedWords(tag) != 0 && !L4_IsNilThread(from_spec))
        _cov.mappings_received++;
    // An echo answered: it must have sent back exactly what it got. (A
    // reply from the echo's receive phase may also be a message the echo
    // got from someone else only if the kernel mixed up partners.)
    if (echo_call && !L4_IsNilThread(from_spec) && from.raw == from_spec.raw) {
        L4_Word_t sent_u = mr[0] & 0x3f, sent_t = (mr[0] >> 6) & 0x3f;
        if (sent_u + sent_t >= 64 || sent_t != 0)
            return;
        world.fuzzers[_space].echo_checked = world.fuzzers[_space].echo_checked + 1;
        if (L4_Label(tag) != (mr[0] >> 16) || L4_UntypedWords(tag) != sent_u || L4_TypedWords(tag) != 0) {
            api_violation("echo reply tag differs", mr[0], tag.raw);
            return;
        }
        for (unsigned i = 1; i <= sent_u; i++) {
            L4_Word_t got;
            L4_StoreMR(static_cast<int>(i), &got);
            if (got != mr[i]) {
                api_violation("echo reply word differs", i, got);
                return;
            }
        }
    }
}

void Fuzzer::call_unmap()
{
    unsigned k = static_cast<unsigned>(_rng.percent(70) ? _rng.below(4) : _rng.below(64));
    bool flush = _rng.percent(40);
    L4_Word_t mr[64];
    for (unsigned i = 0; i <= k; i++) {
        L4_Word_t f = fpage_raw();
        // The root fuzzer never flushes its own image; without flush Unmap
        // takes it from every world space, which then faults it all back:
        // legitimate paging, but expensive, so not too often. Agents
        // unmap (and flush) anything of theirs, everything at once rarely.
        bool heavy = _privileged ? protects_flush(f) : span_of(f).complete;
        if ((flush && protects_flush(f)) || (heavy && !_rng.percent(15)))
            f = make_fpage(window_base + _rng.below(256) * page, static_cast<unsigned>(_rng.range(12, 20)),
                           _rng.below(8));
        mr[i] = f;
        L4_LoadMR(static_cast<int>(i), f);
    }
    L4_Word_t control = k | (flush ? 0x40 : 0);
    if (_rng.percent(10))
        control |= _rng.next() & ~L4_Word_t{0x7f};
    begin(Kind::unmap, control, mr[0], k ? mr[1] : 0, k > 1 ? mr[2] : 0);
    L4_Unmap(control);
    end(0, 0);
    for (unsigned i = 0; i <= k; i++) {
        L4_Word_t got;
        L4_StoreMR(static_cast<int>(i), &got);
        if ((got & ~L4_Word_t{7}) != (mr[i] & ~L4_Word_t{7})) {
            api_violation("Unmap changed an fpage in the MRs", mr[i], got);
            break;
        }
    }
}

void Fuzzer::call_processor_control()
{
    L4_Word_t proc = _rng.percent(50) ? _rng.below(3) : _rng.edgy();
    L4_Word_t in = _rng.percent(60) ? unchanged : _rng.edgy();
    L4_Word_t ex = _rng.percent(60) ? unchanged : _rng.edgy();
    L4_Word_t volt = _rng.percent(60) ? unchanged : _rng.edgy();
    begin(Kind::processor_control, proc, in, ex, volt);
    L4_Word_t r = L4_ProcessorControl(proc, in, ex, volt);
    L4_Word_t error = r == 1 ? 0 : L4_ErrorCode();
    end(r, error);
    bool ok = _privileged && proc < L4_NumProcessors(world.kip) && in == unchanged && ex == unchanged &&
              volt == unchanged;
    if ((r == 1) != ok || (r != 1 && error != (_privileged ? 5u : 1u)))
        api_violation("ProcessorControl result", r, error);
}

void Fuzzer::call_memory_control()
{
    L4_Word_t control = _rng.percent(50) ? _rng.below(64) : _rng.edgy();
    // Attribute values that would change a memory type (docs/abi-<arch>.md)
    // become 1, which is normal write-back memory where it exists: uncached
    // or device code and stacks would stop the fuzzer itself.
    L4_Word_t attr[4];
    for (L4_Word_t& a : attr) {
        a = _rng.percent(80) ? 0 : _rng.edgy();
        if (a >= 2 && a <= 4)
            a = 1;
    }
    for (int i = 0; i < 8; i++)
        L4_LoadMR(i, fpage_raw());
    begin(Kind::memory_control, control, attr[0], attr[1], attr[2], attr[3]);
    L4_Word_t r = L4_MemoryControl(control, attr);
    L4_Word_t error = r == 1 ? 0 : L4_ErrorCode();
    end(r, error);
    // Valid: 0 everywhere, 1 on x86_64 and aarch64 (riscv64 has only 0
    // without Svpbmt, which the fuzzer's QEMU recipe does not enable).
    auto valid = [](L4_Word_t a) { return a == 0 || (a == 1 && !arch_is_riscv64); };
    bool ok = _privileged && control < 64 && valid(attr[0]) && valid(attr[1]) && valid(attr[2]) &&
              valid(attr[3]);
    if ((r == 1) != ok || (r != 1 && error != (_privileged ? 5u : 1u)))
        api_violation("MemoryControl result", r, error);
}

void Fuzzer::call_kdb()
{
    // Printing costs console time: a quarter of the operations print.
    static const Kdb_op ops[] = {
        Kdb_op::print_char, Kdb_op::print_string, Kdb_op::print_string, Kdb_op::read_char,
        Kdb_op::read_char, Kdb_op::read_char, Kdb_op::toggle_breakin, Kdb_op::timer_ticks,
        Kdb_op::timer_ticks, Kdb_op::kmem_free, Kdb_op::kmem_free, Kdb_op::read_char,
    };
    Kdb_op op = ops[_rng.below(sizeof ops / sizeof ops[0])];
    if (_rng.percent(1))
        op = Kdb_op::check;
    else if (_rng.percent(2))
        op = Kdb_op::clear_page;
    L4_Word_t arg = _rng.edgy();
    if (op == Kdb_op::print_char) {
        arg = printable_word();
    } else if (op == Kdb_op::print_string) {
        // Text of its own (ending inside, or not at all), or any address:
        // unmapped, the kernel's, the KIP's last bytes before an unmapped page.
        for (unsigned i = 0; i + 1 < sizeof _text; i++)
            _text[i] = static_cast<char>(0x20 + _rng.below(0x5f));
        _text[_rng.below(24)] = '\0';
        _text[sizeof _text - 1] = '\0';
        switch (_rng.below(6)) {
        case 0: case 1: arg = reinterpret_cast<L4_Word_t>(_text) + _rng.below(sizeof _text); break;
        case 2: arg = world.kip_area + page - _rng.range(1, 8); break;
        case 3: arg = junk_ip(); break;
        default: arg = _rng.percent(50) ? arch.kernel_base + _rng.below(L4_Word_t{1} << 30) : _rng.edgy(); break;
        }
        if (arg >= world.image_start && arg < world.image_end &&
            !(arg >= reinterpret_cast<L4_Word_t>(_text) && arg < reinterpret_cast<L4_Word_t>(_text) + sizeof _text))
            arg = reinterpret_cast<L4_Word_t>(_text);   // this image's own strings stay out of the console
    }
    begin(Kind::kdb, static_cast<L4_Word_t>(op), arg);
    L4_Word_t r = kdb(op, arg);
    end(r, 0);
    if (op == Kdb_op::check && r != 0) {
        _violations += r;
        api_violation("the checker (called as a fuzzed op) found violations", r, 0);
    }
}

// Random contents for thread control registers of the caller's UTCB, or
// all of a victim's UTCB (same space): the kernel must trust none of it.
// MyGlobalId and ProcessorNo are put back after the next call; the self
// pointer (x86_64 %gs:0) and the pager stay (this thread must keep working).
void Fuzzer::scramble_utcb()
{
    L4_Word_t* mr0 = &__L4_Utcb()[0];
    static const int tcrs[] = {
        WALNUT_TCR_ERROR_CODE, WALNUT_TCR_XFER_TIMEOUT, WALNUT_TCR_INTENDED_RECEIVER,
        WALNUT_TCR_VIRTUAL_SENDER, WALNUT_TCR_THREAD_WORD_0, WALNUT_TCR_THREAD_WORD_1,
        WALNUT_TCR_USER_DEFINED_HANDLE, WALNUT_TCR_EXCEPTION_HANDLER, WALNUT_TCR_PREEMPT_COP_FLAGS,
        WALNUT_TCR_WORD_SIZE_MASK,
    };
    if (_rng.percent(30)) {
        for (unsigned tries = 0; tries < 8; tries++) {
            const Thread_rec& v = world.threads[_rng.below(world.thread_count)];
            if (v.in_use && v.space == _space && v.role == Role::victim) {
                auto* block = reinterpret_cast<L4_Word_t*>(v.utcb);
                for (unsigned i = 0; i < WALNUT_UTCB_SIZE / sizeof(L4_Word_t); i++)
                    if (_rng.percent(25))
                        block[i] = _rng.edgy();
                return;
            }
        }
        return;
    }
    for (int tcr : tcrs)
        if (_rng.percent(40))
            mr0[tcr] = _rng.edgy();
    if (_rng.percent(20)) {
        _saved_global = mr0[WALNUT_TCR_MY_GLOBAL_ID];
        _scrambled = true;
        _saved_cpu = mr0[WALNUT_TCR_PROCESSOR_NO];
        mr0[WALNUT_TCR_MY_GLOBAL_ID] = _rng.percent(50) ? stale(_self_global).raw : _rng.edgy();
        mr0[WALNUT_TCR_PROCESSOR_NO] = _rng.edgy();
    }
}

void Fuzzer::restore_utcb()
{
    if (!_scrambled)
        return;
    L4_Word_t* mr0 = &__L4_Utcb()[0];
    mr0[WALNUT_TCR_MY_GLOBAL_ID] = _saved_global;
    mr0[WALNUT_TCR_PROCESSOR_NO] = _saved_cpu;
    _scrambled = false;
}

}  // namespace fuzz
