// SPDX-License-Identifier: BSD-2-Clause
// The fuzzing threads (fuzzer.hpp): setup, the model of the threads the
// root fuzzer creates, the record of the last calls, and the loop that
// picks a call, makes it, resumes halted workers, runs the checker and
// rebuilds the mortal space. The calls are in calls.cc, their arguments
// in generators.cc.
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

constexpr unsigned resume_every = 64;
constexpr unsigned recycle_every = 1024;    // root fuzzer calls between rebirths of the mortal space

const char* const kind_names[] = {
    "KernelInterface", "ExchangeRegisters", "ThreadControl", "SystemClock", "ThreadSwitch",
    "Schedule", "Ipc", "Lipc", "Unmap", "SpaceControl", "ProcessorControl", "MemoryControl", "KDB",
};

// Relative weights of the calls: privileged (root) and unprivileged (agents).
struct Weight {
    Kind kind;
    unsigned root, agent;
};
constexpr Weight weights[] = {
    {Kind::ipc, 26, 30},
    {Kind::lipc, 6, 6},
    {Kind::exchange_registers, 14, 16},
    {Kind::thread_control, 16, 3},
    {Kind::schedule, 8, 8},
    {Kind::unmap, 8, 5},
    {Kind::space_control, 6, 2},
    {Kind::kernel_interface, 2, 2},
    {Kind::system_clock, 2, 3},
    {Kind::thread_switch, 3, 4},
    {Kind::processor_control, 2, 2},
    {Kind::memory_control, 2, 2},
    {Kind::kdb, 4, 5},
};

}  // namespace

const char* kind_name(Kind k)
{
    return unsigned(k) < unsigned(Kind::count) ? kind_names[unsigned(k)] : "?";
}

Fuzzer fuzzers[max_spaces];

// ---- Setup ------------------------------------------------------------------------------

void Fuzzer::init(unsigned space, const Options& opt)
{
    _opt = opt;
    _space = space;
    _privileged = space == 0;
    _rng.reseed(opt.seed * 0x100000001B3ul + space);
    _done = 0;
    _violations = 0;
    _last_clock = 0;
    _scrambled = false;
    _cur = nullptr;
    // init runs in the root task's main thread for every fuzzer.
    const Thread_rec& me = world.threads[world.fuzzers[space].thread];
    _self_global = me.id;
    _self_local = me.local;
    _deleted_next = 0;
    _cov = Coverage{};
    for (Call_record& r : _ring)
        r = Call_record{};
    for (L4_ThreadId_t& d : _deleted)
        d = L4_GlobalId(world.user_base + fuzz_first, 63);
    for (Model_space& s : _spaces)
        s = Model_space{};
    // World spaces: the root space, one per agent and the mortal one, all
    // initialized.
    for (unsigned i = 0; i <= world.mortal_space; i++)
        _spaces[i] = Model_space{true, true, true, 1, i ? agent_utcb_area : world.root_utcb_area,
                                 i ? agent_utcb_log2 : 10u + 6u};
    for (unsigned i = 0; i < model_numbers; i++) {
        L4_Word_t number = i < fuzz_numbers ? world.user_base + fuzz_first + i
                                            : (L4_Word_t{1} << 18) - model_numbers + i;
        _threads[i] = Model_thread{L4_GlobalId(number, 1), false, false, -1, unchanged};
    }
}

unsigned Fuzzer::model_ids(L4_ThreadId_t* out, unsigned max) const
{
    unsigned n = 0;
    for (unsigned i = 0; i < model_numbers && n < max; i++)
        out[n++] = _threads[i].id;
    return n;
}
// ---- Model of the threads the root fuzzer creates ----------------------------------------------

Model_thread* Fuzzer::model_at(L4_Word_t number)
{
    for (Model_thread& t : _threads)
        if (L4_ThreadNo(t.id) == number)
            return &t;
    return nullptr;
}

// The model space an existing thread id names (ThreadControl's view:
// global ids exactly, local ids in the root space), -1 if none or unknown.
int Fuzzer::space_of_id(L4_ThreadId_t id) const
{
    int w = world_find(id.raw, 0);
    if (w >= 0)
        return static_cast<int>(world.threads[w].space);
    for (const Model_thread& t : _threads) {
        if (!t.exists)
            continue;
        if (t.id.raw == id.raw)
            return t.space;
        if (t.active && t.space == 0 && t.utcb + 512 == id.raw)
            return 0;
    }
    return -1;
}

int Fuzzer::new_model_space()
{
    for (unsigned i = world.mortal_space + 1; i < model_spaces; i++) {
        if (!_spaces[i].in_use) {
            _spaces[i] = Model_space{true, false, false, 0, 0, 0};
            return static_cast<int>(i);
        }
    }
    return -1;
}

void Fuzzer::leave_space(int s)
{
    if (s < 0 || _spaces[s].world)
        return;
    if (_spaces[s].members > 0 && --_spaces[s].members == 0)
        _spaces[s].in_use = false;
}

// ---- Recording ---------------------------------------------------------------------------------

void Fuzzer::begin(Kind k, L4_Word_t a0, L4_Word_t a1, L4_Word_t a2, L4_Word_t a3, L4_Word_t a4,
                   L4_Word_t a5)
{
    _cur = &_ring[_done % ring_size];
    *_cur = Call_record{_done, k, {a0, a1, a2, a3, a4, a5}, 0, 0};
    world.fuzzers[_space].in_call = true;
    // Tracing shows each call before it is made too: a call that never
    // returns is the last line.
    if (_opt.trace_from && _privileged && _done + 1 >= _opt.trace_from)
        printf("fuzz: > #%lu %s %lx %lx %lx %lx %lx %lx\n", _done, kind_names[unsigned(k)], a0, a1, a2, a3, a4, a5);
}

void Fuzzer::end(L4_Word_t result, L4_Word_t error)
{
    Fuzzer_stats& st = world.fuzzers[_space];
    st.in_call = false;
    st.calls = st.calls + 1;
    _cur->result = result;
    _cur->error = error;
    _cov.calls[unsigned(_cur->kind)]++;
    if (!error)
        _cov.ok[unsigned(_cur->kind)]++;
    if (_opt.trace_from && _privileged && _done + 1 >= _opt.trace_from) {
        const Call_record& r = *_cur;
        printf("fuzz: #%lu %s %lx %lx %lx %lx %lx %lx -> %lx e%lu\n", r.n, kind_names[unsigned(r.kind)],
               r.arg[0], r.arg[1], r.arg[2], r.arg[3], r.arg[4], r.arg[5], r.result, r.error);
    }
    _done++;
}

void Fuzzer::api_violation(const char* what, L4_Word_t a, L4_Word_t b)
{
    Fuzzer_stats& st = world.fuzzers[_space];
    st.api_violations = st.api_violations + 1;
    if (st.api_violations <= 8)
        printf("fuzz: fuzzer %u call #%lu %s: %s (0x%lx, 0x%lx)\n", _space, _done ? _done - 1 : 0,
               kind_names[unsigned(_cur->kind)], what, a, b);
}

void Fuzzer::dump_ring() const
{
    printf("fuzz: the last calls of fuzzer %u (oldest first):\n", _space);
    for (unsigned k = 0; k < ring_size; k++) {
        const Call_record& r = _ring[(_done + k) % ring_size];
        if (r.n == 0 && k + 1 < ring_size && r.kind == Kind::kernel_interface && r.arg[0] == 0)
            continue;
        printf("fuzz:   #%lu %s %lx %lx %lx %lx %lx %lx -> %lx e%lu\n", r.n, kind_names[unsigned(r.kind)],
               r.arg[0], r.arg[1], r.arg[2], r.arg[3], r.arg[4], r.arg[5], r.result, r.error);
    }
}
// ---- The loop ---------------------------------------------------------------------------------

void Fuzzer::one_call()
{
    unsigned total = 0;
    for (const Weight& w : weights)
        total += _privileged ? w.root : w.agent;
    unsigned r = static_cast<unsigned>(_rng.below(total));
    Kind kind = Kind::ipc;
    for (const Weight& w : weights) {
        unsigned x = _privileged ? w.root : w.agent;
        if (r < x) {
            kind = w.kind;
            break;
        }
        r -= x;
    }
    bool scramble = _rng.percent(5);
    if (scramble)
        scramble_utcb();
    switch (kind) {
    case Kind::kernel_interface: call_kernel_interface(); break;
    case Kind::exchange_registers: call_exchange_registers(); break;
    case Kind::thread_control: call_thread_control(); break;
    case Kind::system_clock: call_system_clock(); break;
    case Kind::thread_switch: call_thread_switch(); break;
    case Kind::schedule: call_schedule(); break;
    case Kind::ipc: call_ipc(false); break;
    case Kind::lipc: call_ipc(true); break;
    case Kind::unmap: call_unmap(); break;
    case Kind::space_control: call_space_control(); break;
    case Kind::processor_control: call_processor_control(); break;
    case Kind::memory_control: call_memory_control(); break;
    case Kind::kdb: call_kdb(); break;
    case Kind::count: break;
    }
    restore_utcb();
}

bool Fuzzer::checkpoint()
{
    L4_Word_t bad = kernel_check();
    if (bad) {
        _violations += bad;
        printf("fuzz: the kernel checker found %lu violation(s) after call #%lu of fuzzer %u (seed %lu)\n", bad,
               _done, _space, _opt.seed);
        dump_ring();
        return false;
    }
    return _violations == 0;
}

bool Fuzzer::run(L4_Word_t budget)
{
    world.fuzzers[_space].budget = budget;
    for (L4_Word_t i = 0; i < budget; i++) {
        one_call();
        if ((_done % resume_every) == 0)
            resume_workers(_space);
        if (_privileged && _opt.check_every && (_done % _opt.check_every) == 0 && !checkpoint())
            return false;
        if (_privileged && (_done % recycle_every) == 0)
            (void)world_recycle_mortal();
        if (_violations)
            return false;
    }
    resume_workers(_space);
    return true;
}

unsigned Fuzzer::delete_model_threads()
{
    unsigned failed = 0;
    for (Model_thread& t : _threads) {
        if (!t.exists)
            continue;
        if (L4_ThreadControl(t.id, L4_nilthread, L4_nilthread, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
            printf("fuzz: teardown: deleting %lx failed: error %lu\n", t.id.raw, L4_ErrorCode());
            failed++;
        }
        t.exists = false;
    }
    return failed;
}

// ---- Agents -------------------------------------------------------------------------------------

void agent_main(unsigned space)
{
    while (!world.go)
        L4_Sleep(period_us(1000));
    Fuzzer& f = fuzzers[space];
    (void)f.run(world.fuzzers[space].budget);
    resume_workers(space);
    world.fuzzers[space].done = true;
    for (;;)
        L4_Sleep(L4_Never);
}

}  // namespace fuzz
