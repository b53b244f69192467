// SPDX-License-Identifier: BSD-2-Clause
// ExchangeRegisters (x2-api 4.2) and the <l4/thread.h> operations built on
// it: reading and writing SP, IP, FLAGS, the user-defined handle and the
// pager, halting and resuming, canceling IPC (error 3 seen by the victim),
// local/global id conversion and the InvalidThread cases.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::facts;
using env::main_id;

constexpr L4_Word_t ctl_R = 1u << 1, ctl_S = 1u << 2, ctl_f = 1u << 5, ctl_d = 1u << 9;
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

L4_ThreadId_t spinner()
{
    counter = 0;
    L4_ThreadId_t t = env::spawn(spin, 0);
    env::sleep_us(3000);
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
    env::sleep_us(5000);
    expect(counter > c1, "after Start it runs again");
}

void abort_receive()
{
    L4_ThreadId_t t = env::spawn(receive_and_report, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    env::sleep_us(1000);
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
    env::sleep_us(1000);
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
    env::sleep_us(1000);
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
    env::sleep_us(1000);
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
};

}  // namespace

const conf::Group exchange_registers_group = {"exchange_registers", cases,
                                              sizeof cases / sizeof cases[0]};
