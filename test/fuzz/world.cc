// SPDX-License-Identifier: BSD-2-Clause
// Building and tearing down the fuzzer's world (see world.hpp): facts from
// the KIP, world threads and agent spaces, the pager thread, and the
// warm-up touches that make later kernel allocations in the root space
// return to the same level.
#include "world.hpp"

#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4io.h>

#include "arch.hpp"
#include "roles.hpp"

extern "C" char __image_start[];
extern "C" char __image_end[];

namespace fuzz {

World world;

namespace {

constexpr unsigned stack_words = 2048;               // 16 KiB
alignas(16) L4_Word_t stacks[max_world_threads][stack_words];
unsigned stacks_used;

// Pages that mappings made by fuzzed calls may hand out writable, and the
// pages touchers check (one group per space).
alignas(65536) L4_Word_t donor_area[donor_pages][page / sizeof(L4_Word_t)];
alignas(4096) L4_Word_t touch_area[max_spaces][touch_pages][page / sizeof(L4_Word_t)];

constexpr L4_Word_t op_start = 0x5A0;       // root main -> pager (setup only)
constexpr L4_Word_t op_give = 0x5A1;

constexpr L4_Word_t prio_victim = 100;
constexpr L4_Word_t prio_world = 150;
constexpr L4_Word_t prio_pager = 200;
constexpr L4_Word_t prio_rescuer = 250;

L4_Word_t next_world_number;

void flush_window()
{
    L4_Fpage_t f = L4_FpageLog2(window_base, window_log2);
    L4_Set_Rights(&f, L4_FullyAccessible);
    (void)L4_Flush(f);
}

// ---- The pager -------------------------------------------------------------------------

bool in_image(L4_Word_t a) { return a >= world.image_start && a < world.image_end; }

// A fault of a world thread outside the root space on this image: map the
// root task's page. Anything else gets no reply (the thread stays blocked);
// for workers that is an error, agents may have sent a fake fault.
bool serve_fault(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    int i = world_find(from.raw, 0);
    if (i < 0 || world.threads[i].space == 0 || L4_UntypedWords(tag) != 2 || L4_TypedWords(tag) != 0)
        return false;
    L4_Word_t addr;
    L4_StoreMR(1, &addr);
    if (!in_image(addr)) {
        if (world.threads[i].role != Role::fuzzer && world.threads[i].role != Role::victim) {
            world.unexpected_faults = world.unexpected_faults + 1;
            printf("fuzz: pager: unexpected fault of %lx at %lx\n", from.raw, addr);
        }
        return false;
    }
    L4_Fpage_t f = L4_FpageLog2(addr & ~(page - 1), 12);
    L4_Set_Rights(&f, L4_FullyAccessible);
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendMapItem(&msg, L4_MapItem(f, addr & ~(page - 1)));
    L4_MsgLoad(&msg);
    world.faults_served = world.faults_served + 1;
    return true;
}

// Setup only: send a thread its start message (MR1 = ip, MR2 = sp).
bool serve_start()
{
    L4_Word_t w[3];
    L4_StoreMRs(1, 3, w);
    L4_ThreadId_t child;
    child.raw = w[0];
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, w[1]);
    L4_MsgAppendWord(&msg, w[2]);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Send_Timeout(child, period_us(1000000));
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, ipc_failed(t) ? L4_ErrorCode() : 0);
    L4_MsgLoad(&msg);
    return true;
}

// Setup only: a map item of the first donor page (pretouches the root
// space's window).
bool serve_give()
{
    L4_Fpage_t f = L4_FpageLog2(donor_base(), 12);
    L4_Set_Rights(&f, L4_Readable);
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendMapItem(&msg, L4_MapItem(f, 0));
    L4_MsgLoad(&msg);
    return true;
}

// ---- Creating world threads ---------------------------------------------------------------

Thread_rec* new_rec(Role role, unsigned space, unsigned arg, L4_Word_t utcb, bool stack)
{
    if (world.thread_count >= max_world_threads) {
        printf("fuzz: out of world thread records\n");
        return nullptr;
    }
    Thread_rec& r = world.threads[world.thread_count++];
    r.id = L4_GlobalId(next_world_number++, 1);
    r.local.raw = utcb + 512;
    r.role = role;
    r.space = space;
    r.arg = arg;
    r.utcb = utcb;
    r.stack_top = 0;
    if (stack) {
        if (stacks_used >= max_world_threads) {
            printf("fuzz: out of stacks\n");
            return nullptr;
        }
        r.stack_top = reinterpret_cast<L4_Word_t>(&stacks[stacks_used++][stack_words]);
    }
    r.in_use = true;
    return &r;
}

bool set_priority(L4_ThreadId_t id, L4_Word_t prio)
{
    L4_Word_t old;
    if (L4_Schedule(id, ~0ul, ~0ul, prio, ~0ul, &old) == 0) {
        printf("fuzz: Schedule(%lx, priority %lu) failed: error %lu\n", id.raw, prio, L4_ErrorCode());
        return false;
    }
    return true;
}

L4_Word_t entry_ip(const Thread_rec& r)
{
    return reinterpret_cast<L4_Word_t>(r.role == Role::victim ? fuzz_park : fuzz_thread_entry);
}

L4_Word_t entry_stack(const Thread_rec& r)
{
    return r.stack_top ? entry_sp(r.stack_top) : 0;
}

L4_Word_t priority_of(Role role)
{
    switch (role) {
    case Role::pager: return prio_pager;
    case Role::rescuer: return prio_rescuer;
    case Role::victim: return prio_victim;
    default: return prio_world;
    }
}

// A thread of the root space: activated with the pager as its pager and
// started right away with ExchangeRegisters (X.2 lets it start before it
// ever ran; decision 29).
bool root_thread(Role role, unsigned arg, unsigned slot)
{
    Thread_rec* r = new_rec(role, 0, arg, world.root_utcb_area + slot * 1024ul, role != Role::victim);
    if (!r)
        return false;
    L4_ThreadId_t pager = role == Role::pager ? world.sigma0 : world.pager;
    if (L4_ThreadControl(r->id, world.main, world.main, pager, reinterpret_cast<void*>(r->utcb)) != 1) {
        printf("fuzz: ThreadControl(create %lx) failed: error %lu\n", r->id.raw, L4_ErrorCode());
        return false;
    }
    if (role == Role::pager)
        world.pager = r->id;
    if (!set_priority(r->id, priority_of(role)))
        return false;
    L4_Start_SpIp(r->id, entry_stack(*r), entry_ip(*r));
    return true;
}

// Asks the pager to start a thread of another space.
bool pager_start(const Thread_rec& r)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_start);
    L4_MsgAppendWord(&msg, r.id.raw);
    L4_MsgAppendWord(&msg, entry_ip(r));
    L4_MsgAppendWord(&msg, entry_stack(r));
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(world.pager, period_us(2000000), period_us(2000000));
    L4_Word_t error = 0;
    if (ipc_failed(t) || (L4_StoreMR(1, &error), error != 0)) {
        printf("fuzz: starting %lx failed (IPC error %lu, start error %lu)\n", r.id.raw,
               ipc_failed(t) ? L4_ErrorCode() : 0, error);
        return false;
    }
    return true;
}

// Agent space i: the agent first (it makes the space), then the others.
bool agent_space(unsigned i)
{
    static const Role roles[] = {Role::fuzzer, Role::rescuer, Role::echo, Role::client,
                                 Role::server, Role::toucher, Role::victim, Role::victim};
    Thread_rec* first = nullptr;
    for (unsigned k = 0; k < sizeof roles / sizeof roles[0]; k++) {
        Role role = roles[k];
        Thread_rec* r = new_rec(role, i, i, agent_utcb_area + k * 1024ul, role != Role::victim);
        if (!r)
            return false;
        void* utcb = reinterpret_cast<void*>(r->utcb);
        if (!first) {
            first = r;
            L4_Word_t old;
            if (L4_ThreadControl(r->id, r->id, world.main, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1 ||
                L4_SpaceControl(r->id, 0, L4_FpageLog2(world.kip_area, 12),
                                L4_FpageLog2(agent_utcb_area, agent_utcb_log2), L4_nilthread, &old) != 1 ||
                L4_ThreadControl(r->id, r->id, L4_nilthread, world.pager, utcb) != 1) {
                printf("fuzz: making agent space %u failed: error %lu\n", i, L4_ErrorCode());
                return false;
            }
        } else {
            // The agent schedules its victims: its Schedule calls on them succeed.
            L4_ThreadId_t scheduler = role == Role::victim ? first->id : world.main;
            if (L4_ThreadControl(r->id, first->id, scheduler, world.pager, utcb) != 1) {
                printf("fuzz: ThreadControl(create %lx in space %u) failed: error %lu\n", r->id.raw, i,
                       L4_ErrorCode());
                return false;
            }
        }
        if (!set_priority(r->id, priority_of(role)))
            return false;
    }
    return true;
}

// The mortal space: one echo, paged like an agent space. Its thread makes
// the space (ThreadControl, SpaceControl, activation) and gets its start
// message from the pager (world.setup must be on).
bool make_mortal(const Thread_rec& r)
{
    L4_Word_t old;
    void* utcb = reinterpret_cast<void*>(r.utcb);
    if (L4_ThreadControl(r.id, r.id, world.main, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1 ||
        L4_SpaceControl(r.id, 0, L4_FpageLog2(world.kip_area, 12), L4_FpageLog2(agent_utcb_area, agent_utcb_log2),
                        L4_nilthread, &old) != 1 ||
        L4_ThreadControl(r.id, r.id, L4_nilthread, world.pager, utcb) != 1) {
        printf("fuzz: making the mortal space (%lx) failed: error %lu\n", r.id.raw, L4_ErrorCode());
        return false;
    }
    return set_priority(r.id, priority_of(r.role));
}

}  // namespace

// ---- Facts and lookups --------------------------------------------------------------------

L4_Word_t donor_base() { return reinterpret_cast<L4_Word_t>(donor_area); }
L4_Word_t touch_page(unsigned space, unsigned i) { return reinterpret_cast<L4_Word_t>(touch_area[space][i]); }

L4_Time_t period_us(L4_Word_t us) { return us ? L4_TimePeriod(us) : L4_ZeroTime; }

void world_facts()
{
    world.kip = L4_KernelInterface(&world.api_version, &world.api_flags, &world.kernel_id);
    world.user_base = L4_ThreadIdUserBase(world.kip);
    world.system_base = L4_ThreadIdSystemBase(world.kip);
    world.image_start = reinterpret_cast<L4_Word_t>(__image_start);
    world.image_end = reinterpret_cast<L4_Word_t>(__image_end);
    world.root_utcb_area = L4_MyLocalId().raw - 512;
    world.kip_area = reinterpret_cast<L4_Word_t>(world.kip);
    world.main = L4_Myself();
    world.sigma0 = L4_GlobalId(world.user_base, 1);
    world.sigma1 = L4_GlobalId(world.user_base + 1, 1);
}

int world_find(L4_Word_t raw, unsigned space)
{
    if (raw == 0)
        return -1;
    for (unsigned i = 0; i < world.thread_count; i++) {
        const Thread_rec& r = world.threads[i];
        if (r.in_use && (r.id.raw == raw || (r.space == space && r.local.raw == raw)))
            return static_cast<int>(i);
    }
    return -1;
}

Thread_rec* world_self()
{
    L4_Word_t me = L4_MyGlobalId().raw;
    for (unsigned i = 0; i < world.thread_count; i++)
        if (world.threads[i].in_use && world.threads[i].id.raw == me)
            return &world.threads[i];
    return nullptr;
}

void resume_workers(unsigned space)
{
    for (unsigned i = 0; i < world.thread_count; i++) {
        const Thread_rec& r = world.threads[i];
        if (!r.in_use || r.space != space)
            continue;
        if (r.role == Role::echo || r.role == Role::client || r.role == Role::server ||
            r.role == Role::toucher || r.role == Role::rescuer) {
            L4_Word_t dummy;
            L4_ThreadId_t p;
            (void)L4_ExchangeRegisters(r.local, 1u << 8, 0, 0, 0, 0, L4_nilthread, &dummy, &dummy,
                                       &dummy, &dummy, &dummy, &p);
        }
    }
}

// ---- Setup and teardown -------------------------------------------------------------------

bool world_setup(unsigned agents)
{
    world.agents = agents;
    world.thread_count = 0;
    stacks_used = 0;
    next_world_number = world.user_base + world_first;
    world.setup = true;
    world.go = false;
    world.quiet = false;
    for (Fuzzer_stats& f : world.fuzzers)
        f = Fuzzer_stats{};
    for (Worker_stats& w : world.workers)
        w = Worker_stats{};

    // The root task's main thread is world thread 0 (UTCB slot 0).
    Thread_rec& main = world.threads[world.thread_count++];
    main = Thread_rec{world.main, L4_MyLocalId(), Role::fuzzer, 0, 0, world.root_utcb_area, 0, true};
    world.fuzzers[0].thread = 0;

    if (!root_thread(Role::pager, 0, 1))
        return false;
    fuzz_park_partner = world.pager.raw;
    if (!root_thread(Role::rescuer, 0, 2) || !root_thread(Role::echo, 0, 3) ||
        !root_thread(Role::server, 0, 4) || !root_thread(Role::client, 0, 5) ||
        !root_thread(Role::toucher, 0, 6) || !root_thread(Role::victim, 0, 7) ||
        !root_thread(Role::victim, 0, 8))
        return false;
    for (unsigned i = 1; i <= agents; i++)
        if (!agent_space(i))
            return false;
    world.mortal_space = agents + 1;
    world.mortal_thread = world.thread_count;
    world.recycled = 0;
    world.recycle_failures = 0;
    Thread_rec* mortal = new_rec(Role::echo, world.mortal_space, world.mortal_space, agent_utcb_area, true);
    if (!mortal || !make_mortal(*mortal))
        return false;
    for (unsigned i = 0; i < world.thread_count; i++) {
        Thread_rec& r = world.threads[i];
        if (r.role == Role::fuzzer)
            world.fuzzers[r.space].thread = i;
        if (r.space != 0 && !pager_start(r))
            return false;
    }
    world.setup = false;
    return true;
}

bool world_recycle_mortal()
{
    Thread_rec& r = world.threads[world.mortal_thread];
    if (L4_ThreadControl(r.id, L4_nilthread, L4_nilthread, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
        printf("fuzz: deleting the mortal space (%lx) failed: error %lu\n", r.id.raw, L4_ErrorCode());
        world.recycle_failures = world.recycle_failures + 1;
        return false;
    }
    L4_Word_t v = L4_Version(r.id) % 62 + 1;   // 1..62: never a local id's zero low bits
    r.id = L4_GlobalId(L4_ThreadNo(r.id), v);
    world.setup = true;
    bool ok = make_mortal(r) && pager_start(r);
    world.setup = false;
    world.recycled = world.recycled + 1;
    if (!ok)
        world.recycle_failures = world.recycle_failures + 1;
    return ok;
}

bool world_pretouch(const L4_ThreadId_t* numbers, unsigned count)
{
    world.setup = true;
    bool ok = true;
    // Thread-table pages (one per 512 numbers): an inactive thread is enough.
    L4_Word_t done_pages[8];
    unsigned n_done = 0;
    for (unsigned i = 0; i < count; i++) {
        L4_Word_t tp = L4_ThreadNo(numbers[i]) / 512;
        bool seen = false;
        for (unsigned k = 0; k < n_done; k++)
            seen |= done_pages[k] == tp;
        if (seen || n_done == 8)
            continue;
        done_pages[n_done++] = tp;
        if (L4_ThreadControl(numbers[i], world.main, world.main, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1 ||
            L4_ThreadControl(numbers[i], L4_nilthread, L4_nilthread, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
            printf("fuzz: warm-up thread %lx failed: error %lu\n", numbers[i].raw, L4_ErrorCode());
            ok = false;
        }
    }
    // UTCB pages of the root space's usable slots: activate a thread in
    // each page (slot 4k; pages in use by world threads already exist).
    for (unsigned slot = 0; slot < root_utcb_slots; slot += 4) {
        void* utcb = reinterpret_cast<void*>(world.root_utcb_area + slot * 1024ul);
        L4_ThreadId_t t = numbers[0];
        if (L4_ThreadControl(t, world.main, world.main, world.pager, utcb) == 1) {
            if (L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
                printf("fuzz: warm-up: deleting %lx failed: error %lu\n", t.raw, L4_ErrorCode());
                ok = false;
            }
        } else if (L4_ErrorCode() != 6) {   // 6: UTCB in use by a world thread
            printf("fuzz: warm-up: UTCB slot %u: error %lu\n", slot, L4_ErrorCode());
            ok = false;
        }
    }
    // The window's page tables: the pager maps a page into it, then it goes.
    L4_Accept(L4_MapGrantItems(L4_FpageLog2(window_base, window_log2)));
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_give);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(world.pager, period_us(2000000), period_us(2000000));
    if (ipc_failed(t) || L4_TypedWords(t) != 2) {
        printf("fuzz: warm-up: no mapping into the window (tag %lx, error %lu)\n", t.raw, L4_ErrorCode());
        ok = false;
    }
    L4_Accept(L4_UntypedWordsAcceptor);
    flush_window();
    world.setup = false;
    return ok;
}

unsigned world_teardown()
{
    world.quiet = true;
    unsigned failed = 0;
    // Other spaces first (their pager must outlive them), the pager last.
    for (unsigned pass = 0; pass < 3; pass++) {
        for (unsigned i = world.thread_count; i-- > 1;) {
            Thread_rec& r = world.threads[i];
            if (!r.in_use)
                continue;
            bool now = pass == 0 ? r.space != 0 : pass == 1 ? r.role != Role::pager : true;
            if (!now)
                continue;
            if (L4_ThreadControl(r.id, L4_nilthread, L4_nilthread, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
                printf("fuzz: teardown: deleting world thread %lx failed: error %lu\n", r.id.raw,
                       L4_ErrorCode());
                failed++;
            }
            r.in_use = false;
        }
    }
    world.thread_count = 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    flush_window();
    return failed;
}

// ---- Thread entry ------------------------------------------------------------------------

extern "C" void fuzz_thread_entry()
{
    Thread_rec* r = world_self();
    if (r) {
        switch (r->role) {
        case Role::fuzzer: agent_main(r->arg); break;
        case Role::rescuer: rescuer_loop(r->space); break;
        case Role::pager: pager_loop(); break;
        case Role::echo: echo_loop(); break;
        case Role::client: client_loop(static_cast<unsigned>(r - world.threads)); break;
        case Role::server: server_loop(static_cast<unsigned>(r - world.threads)); break;
        case Role::toucher: toucher_loop(static_cast<unsigned>(r - world.threads)); break;
        case Role::victim: break;
        }
    }
    fuzz_park();
}

void pager_loop()
{
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        bool reply = false;
        if (!ipc_failed(tag)) {
            L4_Word_t label = L4_Label(tag);
            if (is_fault_label(label))
                reply = serve_fault(from, tag);
            else if (world.setup && from.raw == world.threads[0].local.raw && label == op_start)
                reply = serve_start();
            else if (world.setup && from.raw == world.threads[0].local.raw && label == op_give)
                reply = serve_give();
        }
        tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
    }
}

}  // namespace fuzz
