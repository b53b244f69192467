// SPDX-License-Identifier: BSD-2-Clause
// ExchangeRegisters (x2-api 4.2) and the <l4/thread.h> operations built on
// it: reading and writing SP, IP, FLAGS, the user-defined handle and the
// pager, halting and resuming, canceling IPC (error 3 seen by the victim),
// local/global id conversion and the InvalidThread cases.
#include <l4/exception.h>

#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::facts;
using env::main_id;

constexpr L4_Word_t ctl_H = 1u << 0, ctl_R = 1u << 1, ctl_S = 1u << 2, ctl_s = 1u << 3,
                    ctl_i = 1u << 4, ctl_f = 1u << 5, ctl_u = 1u << 6, ctl_p = 1u << 7,
                    ctl_h = 1u << 8, ctl_d = 1u << 9;
constexpr unsigned stack_bytes = 16384;

volatile L4_Word_t counter;

struct Exregs {
    L4_ThreadId_t result;
    L4_Word_t control, sp, ip, flags, handle;
    L4_ThreadId_t pager;
    L4_Word_t error;
};

Exregs exregs(L4_ThreadId_t dest, L4_Word_t control, L4_Word_t sp = 0, L4_Word_t ip = 0,
              L4_Word_t flags = 0)
{
    Exregs e;
    e.result = L4_ExchangeRegisters(dest, control, sp, ip, flags, 0, L4_nilthread, &e.control, &e.sp,
                                    &e.ip, &e.flags, &e.handle, &e.pager);
    e.error = L4_ErrorCode();
    return e;
}

// Thread bodies ---------------------------------------------------------------------

void spin(L4_Word_t)
{
    for (;;)
        counter = counter + 1;
}

// Reports its TCRs each time main sends it a message.
void report_tcrs(L4_Word_t)
{
    for (;;) {
        (void)L4_Receive(main_id);
        env::signal_main(L4_UserDefinedHandle(), L4_Pager().raw, L4_MyLocalId().raw);
    }
}

void receive_and_report(L4_Word_t)
{
    L4_MsgTag_t t = L4_Receive(main_id);
    env::signal_main(t.raw, env::ipc_failed(t) ? L4_ErrorCode() : 0, 0);
}

void send_and_report(L4_Word_t)
{
    L4_Set_MsgTag(L4_MsgTagAddLabel(L4_Niltag, 0x55));
    L4_MsgTag_t t = L4_Send(main_id);
    env::signal_main(t.raw, env::ipc_failed(t) ? L4_ErrorCode() : 0, 0);
}

void report_ids(L4_Word_t)
{
    env::signal_main(L4_MyGlobalId().raw, L4_MyLocalId().raw, 0);
}

void report_stack(L4_Word_t)
{
    volatile L4_Word_t here = 0;
    env::signal_main(reinterpret_cast<L4_Word_t>(&here), 0, 0);
}

// Where a halted thread is sent with a new SP and IP.
alignas(16) char landing_stack[stack_bytes];
extern "C" void landing()
{
    volatile L4_Word_t here = 0;
    env::signal_main(0x1A4D, reinterpret_cast<L4_Word_t>(&here), 0);
    env::park();
}

bool in_stack(L4_Word_t addr, L4_ThreadId_t t)
{
    L4_Word_t top = env::stack_top_of(t);
    return addr < top && addr >= top - stack_bytes;
}

// Waits (up to wait_us) until the spinning worker has counted past c.
bool counts_past(L4_Word_t c)
{
    L4_Word_t start = env::now_us();
    while (counter <= c && env::now_us() - start < env::wait_us)
        env::sleep_us(200);
    return counter > c;
}

// A worker that spins in user mode, once it has started spinning (polled,
// up to wait_us: a loaded host may start it late).
L4_ThreadId_t spinner()
{
    counter = 0;
    L4_ThreadId_t t = env::spawn(spin, 0);
    L4_Word_t start = env::now_us();
    while (counter == 0 && env::now_us() - start < env::wait_us)
        env::sleep_us(200);
    return t;
}

// Cases ---------------------------------------------------------------------------------

void read_sp_ip_flags()
{
    L4_ThreadId_t t = spinner();
    if (!expect(!L4_IsNilThread(t) && counter > 0, "a spinning worker"))
        return;
    L4_Word_t sp = 0, ip = 0, flags = 0;
    L4_ThreadState_t st = L4_Stop_SpIpFlags(t, &sp, &ip, &flags);
    expect(!L4_ThreadWasHalted(st) && !L4_ThreadWasIpcing(st), "it was running, not in IPC");
    expect(in_stack(sp, t), "its SP lies in its stack");
    expect(ip >= facts.image_start && ip < facts.image_end, "its IP lies in the image");
    // Writing back what was read changes nothing.
    Exregs e = exregs(t, ctl_f | ctl_d, 0, 0, flags);
    expect(!L4_IsNilThread(e.result), "ExchangeRegisters(f) accepted");
    expect_eq(e.flags, flags, "the flags read back");
    expect_eq(e.sp, sp, "SP unchanged while halted");
    expect_eq(e.ip, ip, "IP unchanged while halted");
}

void write_sp_ip()
{
    L4_ThreadId_t t = spinner();
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    (void)L4_Stop(t);
    L4_Word_t top = reinterpret_cast<L4_Word_t>(landing_stack + stack_bytes);
    L4_Start_SpIp(t, env::entry_sp_for(top), reinterpret_cast<L4_Word_t>(landing));
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the thread continues at the new IP")) {
        expect_eq(got[0], 0x1A4D, "it runs landing()");
        expect(got[1] < top && got[1] >= top - stack_bytes, "on the new stack");
    }
}

void user_defined_handle()
{
    L4_ThreadId_t t = env::spawn(report_tcrs, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    L4_Set_UserDefinedHandleOf(t, 0x1234ABCD5678ul);
    expect_eq(L4_UserDefinedHandleOf(t), 0x1234ABCD5678ul, "UserDefinedHandleOf reads it back");
    L4_Set_MsgTag(L4_Niltag);
    (void)L4_Send_Timeout(t, env::us(env::wait_us));
    L4_Word_t got[3];
    if (env::wait_done(t, got))
        expect_eq(got[0], 0x1234ABCD5678ul, "the thread's own UserDefinedHandle TCR");
}

void pager_tcr()
{
    L4_ThreadId_t t = env::spawn(report_tcrs, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    L4_ThreadId_t other = env::pager_id;
    L4_Set_PagerOf(t, other);
    expect(L4_IsThreadEqual(L4_PagerOf(t), other), "PagerOf reads it back");
    L4_Set_MsgTag(L4_Niltag);
    (void)L4_Send_Timeout(t, env::us(env::wait_us));
    L4_Word_t got[3];
    if (env::wait_done(t, got))
        expect_eq(got[1], other.raw, "the thread's own Pager TCR");
}

void halt_resume()
{
    L4_ThreadId_t t = spinner();
    if (!expect(!L4_IsNilThread(t) && counter > 0, "a spinning worker"))
        return;
    L4_ThreadState_t st = L4_Stop(t);
    expect(!L4_ThreadWasHalted(st), "Stop: it was not halted");
    env::sleep_us(2000);
    L4_Word_t c1 = counter;
    env::sleep_us(5000);
    expect_eq(counter, c1, "a halted thread does not run");
    st = L4_Stop(t);
    expect(L4_ThreadWasHalted(st), "Stop again: it was halted");
    L4_Start(t);
    expect(counts_past(c1), "after Start it runs again");
}

void abort_receive()
{
    L4_ThreadId_t t = env::spawn(receive_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING);
    Exregs e = exregs(t, ctl_R | ctl_d);
    expect(!L4_IsNilThread(e.result), "ExchangeRegisters(R) accepted");
    expect_eq(e.control & 7, 2, "its state: receiving");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the victim continues")) {
        L4_MsgTag_t tag = {got[0]};
        expect(env::ipc_failed(tag), "its receive failed");
        expect_eq(got[1], 0x7, "with error 3 (canceled), receive phase");
    }
}

void abort_send()
{
    L4_ThreadId_t t = env::spawn(send_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    env::wait_for_state(t, L4_SCHEDRESULT_PENDING_SEND);
    Exregs e = exregs(t, ctl_S | ctl_d);
    expect(!L4_IsNilThread(e.result), "ExchangeRegisters(S) accepted");
    expect_eq(e.control & 7, 4, "its state: sending");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the victim continues")) {
        L4_MsgTag_t tag = {got[0]};
        expect(env::ipc_failed(tag), "its send failed");
        expect_eq(got[1], 0x6, "with error 3 (canceled), send phase");
    }
}

void abort_ipc_and_stop()
{
    L4_ThreadId_t t = env::spawn(receive_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING);
    L4_ThreadState_t st = L4_AbortIpc_and_stop(t);
    expect(L4_ThreadWasReceiving(st) && !L4_ThreadWasHalted(st), "it was receiving, not halted");
    L4_MsgTag_t early = L4_Receive_Timeout(t, env::us(5000));
    expect(env::ipc_failed(early) && L4_ErrorCode() == 0x3, "halted: it does not report yet");
    L4_Start(t);
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "after Start it continues"))
        expect_eq(got[1], 0x7, "its receive was canceled");
}

void halt_blocked_thread()
{
    L4_ThreadId_t t = env::spawn(receive_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING);
    L4_ThreadState_t st = L4_Stop(t);
    expect(L4_ThreadWasReceiving(st), "Stop on a receiving thread: state R");
    // The halt takes effect when the IPC ends (x2-api 4.2 step 4): the
    // message is delivered, the thread stays halted until resumed.
    L4_Set_MsgTag(L4_MsgTagAddLabel(L4_Niltag, 0x66));
    L4_MsgTag_t sent = L4_Send_Timeout(t, env::us(env::wait_us));
    expect(!env::ipc_failed(sent), "the message is delivered");
    L4_MsgTag_t early = L4_Receive_Timeout(t, env::us(5000));
    expect(env::ipc_failed(early), "the thread stays halted");
    st = L4_Stop(t);
    expect(L4_ThreadWasHalted(st) && !L4_ThreadWasIpcing(st), "now halted, out of IPC");
    L4_Start(t);
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "after Start it continues")) {
        L4_MsgTag_t tag = {got[0]};
        expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x66, "with the message received");
    }
}

void local_global_ids()
{
    L4_ThreadId_t t = env::spawn(report_ids, 0);
    L4_Word_t got[3];
    if (!expect(!L4_IsNilThread(t) && env::wait_done(t, got), "a worker reports its ids"))
        return;
    L4_ThreadId_t local = {got[1]};
    expect(L4_IsThreadEqual(L4_LocalIdOf(t), local), "LocalIdOf(global) = its MyLocalId");
    expect(L4_IsThreadEqual(L4_GlobalIdOf(local), t), "GlobalIdOf(local) = its global id");
    expect(L4_IsThreadEqual(L4_LocalIdOf(local), local), "LocalIdOf(local) = itself");
    expect(L4_IsThreadEqual(L4_GlobalIdOf(t), t), "GlobalIdOf(global) = itself");
    expect(L4_SameThreads(local, t), "SameThreads(local, global)");
    expect(L4_IsThreadEqual(L4_LocalIdOf(L4_Myself()), L4_MyLocalId()), "own local id");
    Exregs e = exregs(L4_MyLocalId(), 0);
    expect(L4_IsThreadEqual(e.result, L4_Myself()), "ExchangeRegisters(own local id) = own global id");
}

void start_sp_ip()
{
    L4_ThreadId_t t = env::spawn(report_stack, 0, 0, false);
    if (!expect(!L4_IsNilThread(t), "a new thread"))
        return;
    expect(env::start_thread(t), "L4_Start_SpIp");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "it runs"))
        expect(in_stack(got[0], t), "on the stack it was given");
}

void err_foreign_thread()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    Exregs e = exregs(c, ctl_d);
    expect(L4_IsNilThread(e.result), "ExchangeRegisters on a thread of another space fails");
    expect_eq(e.error, L4_ErrInvalidThread, "ErrorCode InvalidThread");
    e = exregs(c, (1u << 8) | 1u | ctl_d);   // h + H: try to halt it
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "halting it fails too");
    L4_Word_t v = 0;
    expect(env::client_read(c, env::test_page(0), &v), "the client still runs");
    L4_ThreadId_t local = L4_LocalIdOf(c);
    expect(L4_IsNilThread(local), "LocalIdOf(thread in another space) = nilthread");
}

void err_dead_thread()
{
    L4_ThreadId_t t = env::spawn(report_ids, 0);
    if (!expect(!L4_IsNilThread(t) && env::wait_done(t), "a worker"))
        return;
    expect(env::kill(t), "deleted");
    Exregs e = exregs(t, ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "deleted thread: InvalidThread");
    e = exregs(env::fresh_id(), ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "unused number: InvalidThread");
    e = exregs(L4_nilthread, ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "nilthread: InvalidThread");
    e = exregs(L4_anythread, ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "anythread: InvalidThread");
    e = exregs(env::with_version(main_id, 9), ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread,
           "the root task's number with another version: InvalidThread");
}


// ---- Page faults canceled by ExchangeRegisters, halting in kernel IPC ------------------

// A pager thread for the cases below: logs page faults; ignores the first
// one when hold_first is set, maps pf_source for all others. It starts
// receiving only once pager_go is set.
alignas(4096) volatile L4_Word_t pf_source[512];
constexpr L4_Word_t pf_magic = 0x5AFE0000C0DEul;
constexpr L4_Word_t pf_base = 0x2000000000ul;   // nothing of the root task lives there
constexpr L4_Word_t pf_label = 0xFFFFFFFFFFE0ul;

struct Pager_log {
    volatile unsigned count;
    L4_Word_t addr, ip, first_ip;
    volatile bool hold_first;
    volatile bool go;
};
Pager_log pager_logs[2];
L4_ThreadId_t pf_pager;                   // the pager a faulting worker starts with

void hold_pager(L4_Word_t which)
{
    Pager_log& lg = pager_logs[which];
    while (!lg.go)
        env::sleep_us(200);
    for (;;) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait(&from);
        if (env::ipc_failed(tag) || (L4_Label(tag) & ~L4_Word_t{0xF}) != pf_label)
            continue;
        L4_StoreMR(1, &lg.addr);
        L4_StoreMR(2, &lg.ip);
        if (lg.count == 0)
            lg.first_ip = lg.ip;
        lg.count = lg.count + 1;
        if (lg.hold_first && lg.count == 1)
            continue;
        L4_Fpage_t f = L4_FpageLog2(reinterpret_cast<L4_Word_t>(pf_source), 12);
        L4_Set_Rights(&f, L4_FullyAccessible);
        L4_Msg_t msg;
        L4_MsgClear(&msg);
        L4_MsgAppendMapItem(&msg, L4_MapItem(f, lg.addr & ~L4_Word_t{0xFFF}));
        L4_MsgLoad(&msg);
        (void)L4_Reply(from);
    }
}

L4_Word_t pf_target;
void read_unmapped(L4_Word_t)
{
    L4_Set_Pager(pf_pager);
    L4_Word_t v = *reinterpret_cast<volatile L4_Word_t*>(pf_target);
    env::signal_main(0xFA17, v, 0);
}

bool wait_faults(const Pager_log& lg, unsigned n)
{
    L4_Word_t start = env::now_us();
    while (lg.count < n) {
        if (env::now_us() - start > env::wait_us)
            return false;
        env::sleep_us(200);
    }
    return true;
}

// Spawns the pagers (go and hold_first as given) and the faulting worker.
L4_ThreadId_t pagefault_setup(L4_Word_t page, bool hold_first, bool go, L4_ThreadId_t* pagers)
{
    pf_source[0] = pf_magic;
    pf_target = pf_base + page * 0x1000;
    for (unsigned i = 0; i < 2; i++) {
        pager_logs[i] = Pager_log{};
        pager_logs[i].hold_first = hold_first && i == 0;
        pager_logs[i].go = go;
        pagers[i] = env::spawn(hold_pager, i);
    }
    pf_pager = pagers[0];
    if (!expect(!L4_IsNilThread(pagers[0]) && !L4_IsNilThread(pagers[1]), "two pager threads"))
        return L4_nilthread;
    L4_ThreadId_t t = env::spawn(read_unmapped, 0);
    expect(!L4_IsNilThread(t), "a worker");
    return t;
}

void pagefault_cleanup()
{
    L4_Fpage_t f = L4_FpageLog2(reinterpret_cast<L4_Word_t>(pf_source), 12);
    L4_Set_Rights(&f, L4_FullyAccessible);
    (void)L4_Flush(f);
}

void cancel_pagefault_restarts()
{
    L4_ThreadId_t pagers[2];
    L4_ThreadId_t t = pagefault_setup(0, true, true, pagers);
    if (L4_IsNilThread(t) || !expect(wait_faults(pager_logs[0], 1), "the page fault reaches the pager"))
        return;
    expect_eq(pager_logs[0].addr, pf_target, "at the address read");
    // The pager holds the fault: the worker waits for its reply.
    Exregs e = exregs(t, ctl_R | ctl_S | ctl_d);
    expect(!L4_IsNilThread(e.result), "ExchangeRegisters(R S) accepted");
    expect_eq(e.control & 7, 2, "it was in the receive phase of its page-fault IPC");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the worker completes its read")) {
        expect_eq(got[1], pf_magic, "from the page the second fault mapped");
        expect_eq(pager_logs[0].count, 2, "the canceled fault was raised again");
        expect_eq(pager_logs[0].ip, pager_logs[0].first_ip, "by the same instruction");
    }
    pagefault_cleanup();
}

void cancel_pagefault_new_pager()
{
    L4_ThreadId_t pagers[2];
    L4_ThreadId_t t = pagefault_setup(1, true, true, pagers);
    if (L4_IsNilThread(t) || !expect(wait_faults(pager_logs[0], 1), "the page fault reaches the pager"))
        return;
    L4_Word_t control, sp, ip, flags, handle;
    L4_ThreadId_t old_pager;
    L4_ThreadId_t r = L4_ExchangeRegisters(t, ctl_R | ctl_p | ctl_d, 0, 0, 0, 0, pagers[1], &control,
                                           &sp, &ip, &flags, &handle, &old_pager);
    expect(!L4_IsNilThread(r), "ExchangeRegisters(R p) accepted");
    expect(L4_IsThreadEqual(old_pager, pagers[0]) ||
               L4_IsThreadEqual(L4_GlobalIdOf(old_pager), pagers[0]), "the previous pager returned");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the worker completes its read")) {
        expect_eq(got[1], pf_magic, "with the new pager's mapping");
        expect_eq(pager_logs[0].count, 1, "the old pager saw one fault");
        expect_eq(pager_logs[1].count, 1, "the restarted fault went to the new pager");
    }
    pagefault_cleanup();
}

void halt_in_pagefault()
{
    L4_ThreadId_t pagers[2];
    L4_ThreadId_t t = pagefault_setup(2, false, false, pagers);
    if (L4_IsNilThread(t) || !env::wait_for_state(t, L4_SCHEDRESULT_PENDING_SEND))
        return;
    // The pager is not receiving yet: the worker is in the send phase.
    L4_ThreadState_t st = L4_Stop(t);
    expect(L4_ThreadWasSending(st) && !L4_ThreadWasHalted(st), "Stop: it was sending, not halted");
    st = L4_Stop(t);
    expect(L4_ThreadWasHalted(st) && L4_ThreadWasSending(st), "Stop again: halt pending, still sending");
    pager_logs[0].go = true;
    if (!expect(wait_faults(pager_logs[0], 1), "the pager gets the fault"))
        return;
    expect(env::wait_for_state(t, L4_SCHEDRESULT_INACTIVE), "after the pager's reply the worker is halted");
    st = L4_Stop(t);
    expect(L4_ThreadWasHalted(st) && !L4_ThreadWasIpcing(st), "halted, out of IPC");
    L4_Start(t);
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "after Start it completes its read"))
        expect_eq(got[1], pf_magic, "through the mapping it got while halting");
    expect_eq(pager_logs[0].count, 1, "one fault");
    pagefault_cleanup();
}

// ---- Flags, d bit, halting in other states ----------------------------------------------

void flags_masking()
{
    L4_ThreadId_t t = spinner();
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    (void)L4_Stop(t);
    Exregs before = exregs(t, ctl_d);
    (void)exregs(t, ctl_f | ctl_d, 0, 0, ~L4_Word_t{0});
    Exregs set = exregs(t, ctl_d);
    expect_eq(set.flags & L4_EXC_USER_FLAGS, L4_EXC_USER_FLAGS, "all user flags set");
    expect_eq(set.flags & ~L4_EXC_USER_FLAGS, before.flags & ~L4_EXC_USER_FLAGS,
              "no privileged flag taken");
    (void)exregs(t, ctl_f | ctl_d, 0, 0, 0);
    Exregs cleared = exregs(t, ctl_d);
    expect_eq(cleared.flags & L4_EXC_USER_FLAGS, 0, "all user flags cleared");
    expect_eq(cleared.flags & ~L4_EXC_USER_FLAGS, before.flags & ~L4_EXC_USER_FLAGS,
              "no privileged flag cleared");
    L4_Word_t c1 = counter;
    L4_Start(t);
    expect(counts_past(c1), "the thread runs on with its new flags");
}

void d_bit_previous_values()
{
    L4_ThreadId_t t = spinner();
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    (void)L4_Stop(t);
    Exregs orig = exregs(t, ctl_d);
    Exregs first = exregs(t, ctl_s | ctl_i | ctl_u | ctl_d, 0x1000, 0x2000);
    expect_eq(first.sp, orig.sp, "outputs: the previous SP");
    expect_eq(first.ip, orig.ip, "outputs: the previous IP");
    expect_eq(first.control & 7, 1, "outputs: H only");
    Exregs second = exregs(t, ctl_s | ctl_i | ctl_d, orig.sp, orig.ip);
    expect_eq(second.sp, 0x1000, "then the SP written");
    expect_eq(second.ip, 0x2000, "then the IP written");
    expect_eq(second.handle, 0, "and the handle written (0)");
    L4_Word_t c1 = counter;
    L4_Start(t);
    expect(counts_past(c1), "restored, it runs again");
}

void halt_self_body(L4_Word_t)
{
    L4_ThreadState_t st = L4_Stop(L4_Myself());
    env::signal_main(st.raw, 0x5E1F, 0);
}

void halt_self()
{
    L4_ThreadId_t t = env::spawn(halt_self_body, 0);
    if (!expect(!L4_IsNilThread(t), "a worker") || !env::wait_for_state(t, L4_SCHEDRESULT_INACTIVE))
        return;
    L4_ThreadState_t st = L4_Stop(t);
    expect(L4_ThreadWasHalted(st), "it halted itself");
    L4_Start(t);
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "after Start its Stop returns")) {
        expect_eq(got[1], 0x5E1F, "and it goes on");
        expect_eq(got[0] & 7, 0, "its own Stop saw itself running");
    }
}

void halt_while_sending()
{
    L4_ThreadId_t t = env::spawn(send_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker") || !env::wait_for_state(t, L4_SCHEDRESULT_PENDING_SEND))
        return;
    L4_ThreadState_t st = L4_Stop(t);
    expect(L4_ThreadWasSending(st), "Stop: it was sending");
    L4_MsgTag_t tag = L4_Receive_Timeout(t, env::us(env::wait_us));
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x55, "its message is delivered");
    expect(env::wait_for_state(t, L4_SCHEDRESULT_INACTIVE), "then it is halted");
    L4_Start(t);
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "after Start it continues")) {
        L4_MsgTag_t sent = {got[0]};
        expect(!env::ipc_failed(sent), "with its send successful");
    }
}

void resume_before_ipc_ends()
{
    L4_ThreadId_t t = env::spawn(receive_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker") || !env::wait_for_state(t, L4_SCHEDRESULT_WAITING))
        return;
    L4_ThreadState_t st = L4_Stop(t);
    expect(!L4_ThreadWasHalted(st) && L4_ThreadWasReceiving(st), "Stop: receiving, not halted");
    Exregs e = exregs(t, ctl_h | ctl_d);    // resume (H = 0)
    expect_eq(e.control & 7, 3, "resume: halt pending (H) while receiving (R)");
    expect_eq(L4_Schedule(t, ~0ul, ~0ul, ~0ul, ~0ul, &e.flags), L4_SCHEDRESULT_WAITING,
              "still receiving");
    L4_Set_MsgTag(L4_MsgTagAddLabel(L4_Niltag, 0x77));
    L4_MsgTag_t sent = L4_Send_Timeout(t, env::us(env::wait_us));
    expect(!env::ipc_failed(sent), "the message is delivered");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "resumed before its IPC ended, it just goes on")) {
        L4_MsgTag_t tag = {got[0]};
        expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x77, "with the message");
    }
}

void err_invalid_ids()
{
    // A local id that names no thread: unused UTCB slot, garbage, misaligned.
    L4_ThreadId_t unused = {env::root_utcb_slot() + 512};
    Exregs e = exregs(unused, ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "unused local id: InvalidThread");
    L4_ThreadId_t garbage = {0x7654321ul << 6};
    e = exregs(garbage, ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "garbage local id: InvalidThread");
    L4_ThreadId_t odd = {L4_MyLocalId().raw + 64};
    e = exregs(odd, ctl_d);
    expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "misplaced local id: InvalidThread");
    // A thread that exists but is not active (no UTCB).
    L4_ThreadId_t inactive = env::fresh_id();
    if (expect_eq(L4_ThreadControl(inactive, main_id, main_id, L4_nilthread, reinterpret_cast<void*>(~0ul)),
                  1, "an inactive thread")) {
        env::adopt(inactive, ~0ul);
        e = exregs(inactive, ctl_H | ctl_h | ctl_d);
        expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread, "inactive thread: InvalidThread");
    }
    // The local id of a thread that was deleted (its UTCB slot remains).
    L4_ThreadId_t w = env::spawn(report_ids, 0);
    L4_Word_t got[3];
    if (expect(!L4_IsNilThread(w) && env::wait_done(w, got), "a worker reports its local id")) {
        L4_ThreadId_t local = {got[1]};
        expect(env::kill(w), "deleted");
        e = exregs(local, ctl_d);
        expect(L4_IsNilThread(e.result) && e.error == L4_ErrInvalidThread,
               "local id of a deleted thread: InvalidThread");
    }
    // The error does not stick: a valid call afterwards succeeds.
    e = exregs(L4_Myself(), ctl_d);
    expect(!L4_IsNilThread(e.result), "a valid call after them works");
}

constexpr conf::Case cases[] = {
    {"read_sp_ip_flags", read_sp_ip_flags},
    {"write_sp_ip", write_sp_ip},
    {"user_defined_handle", user_defined_handle},
    {"pager_tcr", pager_tcr},
    {"halt_resume", halt_resume},
    {"abort_receive", abort_receive},
    {"abort_send", abort_send},
    {"abort_ipc_and_stop", abort_ipc_and_stop},
    {"halt_blocked_thread", halt_blocked_thread},
    {"local_global_ids", local_global_ids},
    {"start_sp_ip", start_sp_ip},
    {"err_foreign_thread", err_foreign_thread},
    {"err_dead_thread", err_dead_thread},
    {"cancel_pagefault_restarts", cancel_pagefault_restarts},
    {"cancel_pagefault_new_pager", cancel_pagefault_new_pager},
    {"halt_in_pagefault", halt_in_pagefault},
    {"flags_masking", flags_masking},
    {"d_bit_previous_values", d_bit_previous_values},
    {"halt_self", halt_self},
    {"halt_while_sending", halt_while_sending},
    {"resume_before_ipc_ends", resume_before_ipc_ends},
    {"err_invalid_ids", err_invalid_ids},
};

}  // namespace

const conf::Group exchange_registers_group = {"exchange_registers", cases,
                                              sizeof cases / sizeof cases[0]};
