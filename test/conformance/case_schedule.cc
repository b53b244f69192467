// SPDX-License-Identifier: BSD-2-Clause
// Schedule and ThreadSwitch (x2-api 4.5, 4.6): priorities decide who runs,
// the thread states Schedule reports, the scheduler / privilege rules,
// time control, and yielding.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t keep = ~L4_Word_t{0};

volatile L4_Word_t counters[4];
volatile L4_Word_t order[4];
volatile L4_Word_t sequence;

L4_ThreadId_t id_of(L4_Word_t raw)
{
    L4_ThreadId_t t;
    t.raw = raw;
    return t;
}

L4_Word_t state_of(L4_ThreadId_t t)
{
    L4_Word_t old;
    return L4_Schedule(t, keep, keep, keep, keep, &old);
}

// Thread bodies ---------------------------------------------------------------------

void spin(L4_Word_t i)
{
    for (;;)
        counters[i] = counters[i] + 1;
}

void spin_and_yield(L4_Word_t i)
{
    for (;;) {
        counters[i] = counters[i] + 1;
        L4_ThreadSwitch(L4_nilthread);
    }
}

// Each message from main: note when this thread got the processor.
void take_a_number(L4_Word_t i)
{
    for (;;) {
        (void)L4_Receive(main_id);
        sequence = sequence + 1;
        order[i] = sequence;
    }
}

void wait_for_main(L4_Word_t)
{
    for (;;)
        (void)L4_Receive(main_id);
}

void send_to_main(L4_Word_t)
{
    L4_Set_MsgTag(L4_Niltag);
    (void)L4_Send(main_id);
    env::park();
}

// Sleeps a few times and reports: only possible if waking up preempts
// the lower-priority spinner.
void sleeper(L4_Word_t)
{
    for (int i = 0; i < 3; i++)
        env::sleep_us(2000);
    env::signal_main(counters[0], 0, 0);
    env::park();
}

// Run in a client: Schedule(in[0], prio in[1]) or, with in[2] != 0,
// PreemptionControl (sensitive priority in[2]).
unsigned run_schedule(const L4_Word_t* in, L4_Word_t* out)
{
    if (in[2])
        out[0] = L4_Set_PreemptionDelay(id_of(in[0]), in[2], 1000);
    else
        out[0] = L4_Set_Priority(id_of(in[0]), in[1]);
    out[1] = L4_ErrorCode();
    return 2;
}

bool client_schedule(L4_ThreadId_t c, L4_ThreadId_t t, L4_Word_t prio, L4_Word_t sensitive,
                     L4_Word_t* result, L4_Word_t* error)
{
    L4_Word_t in[3] = {t.raw, prio, sensitive};
    L4_Word_t out[2] = {~0ul, ~0ul};
    bool ok = env::client_run(c, run_schedule, 3, in, out, 2);
    *result = out[0];
    *error = out[1];
    return ok;
}

// A thread (waiting for its start) whose scheduler is the client c.
L4_ThreadId_t scheduled_by(L4_ThreadId_t c)
{
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t utcb = env::root_utcb_slot();
    if (!expect_eq(L4_ThreadControl(t, main_id, c, env::sigma0_id, reinterpret_cast<void*>(utcb)), 1,
                   "a thread with the client as its scheduler"))
        return L4_nilthread;
    env::adopt(t, utcb);
    env::sleep_us(1000);
    return t;
}

// A worker blocked in a receive phase (state Waiting).
L4_ThreadId_t waiting_worker()
{
    L4_ThreadId_t w = env::spawn(wait_for_main, 0);
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "the worker waits for main");
    return w;
}

// Waits (up to wait_us) until both workers hold a number of this round
// (the last one given is n).
bool numbered(L4_Word_t n)
{
    L4_Word_t start = env::now_us();
    while ((order[0] < n - 1 || order[1] < n - 1) && env::now_us() - start < env::wait_us)
        env::sleep_us(200);
    return expect(order[0] >= n - 1 && order[1] >= n - 1, "the woken workers have run");
}

// Cases ---------------------------------------------------------------------------------

void priorities_decide()
{
    sequence = 0;
    L4_ThreadId_t a = env::spawn(take_a_number, 0, 120);
    L4_ThreadId_t b = env::spawn(take_a_number, 1, 110);
    if (!expect(!L4_IsNilThread(a) && !L4_IsNilThread(b), "two workers"))
        return;
    env::wait_for_state(a, L4_SCHEDRESULT_WAITING, "the worker at 120 waits");
    env::wait_for_state(b, L4_SCHEDRESULT_WAITING, "the worker at 110 waits");
    // Wake the lower one first; the higher one must still run first.
    L4_Set_MsgTag(L4_Niltag);
    (void)L4_Send_Timeout(b, env::us(env::wait_us));
    (void)L4_Send_Timeout(a, env::us(env::wait_us));
    numbered(2);
    expect(order[0] == 1 && order[1] == 2, "priority 120 ran before priority 110");
    expect(L4_Set_Priority(a, 100) != 0 && L4_Set_Priority(b, 130) != 0, "swap the priorities");
    L4_Set_MsgTag(L4_Niltag);
    (void)L4_Send_Timeout(a, env::us(env::wait_us));
    (void)L4_Send_Timeout(b, env::us(env::wait_us));
    numbered(4);
    expect(order[1] == 3 && order[0] == 4, "now the other one runs first");
}

void result_states()
{
    counters[0] = 0;
    L4_ThreadId_t waiting = env::spawn(wait_for_main, 0);
    L4_ThreadId_t sending = env::spawn(send_to_main, 0);
    env::wait_for_state(waiting, L4_SCHEDRESULT_WAITING, "the receiver waits");
    env::wait_for_state(sending, L4_SCHEDRESULT_PENDING_SEND, "the sender blocks");
    L4_ThreadId_t running = env::spawn(spin, 0);
    env::sleep_us(3000);
    expect_eq(state_of(running), L4_SCHEDRESULT_RUNNING, "a ready thread: Running");
    expect_eq(state_of(waiting), L4_SCHEDRESULT_WAITING, "a thread in a receive phase: Waiting");
    expect_eq(state_of(sending), L4_SCHEDRESULT_PENDING_SEND, "a blocked sender: PendingSend");
    (void)L4_Stop(running);
    expect_eq(state_of(running), L4_SCHEDRESULT_INACTIVE, "a halted thread: Inactive");
    L4_ThreadId_t inactive = env::fresh_id();
    if (expect_eq(L4_ThreadControl(inactive, main_id, main_id, L4_nilthread, reinterpret_cast<void*>(keep)),
                  1, "an inactive thread")) {
        env::adopt(inactive, keep);
        expect_eq(state_of(inactive), L4_SCHEDRESULT_INACTIVE, "a thread never activated: Inactive");
    }
    expect_eq(state_of(main_id), L4_SCHEDRESULT_RUNNING, "the caller itself: Running");
}

void nil_destination()
{
    (void)state_of(env::fresh_id());   // leaves an error code behind
    L4_Word_t old;
    expect_eq(L4_Schedule(L4_nilthread, keep, keep, keep, keep, &old), 0, "Schedule(nilthread) = 0");
    expect_eq(L4_ErrorCode(), 0, "with ErrorCode 0 (no operation)");
}

void err_invalid_thread()
{
    expect_eq(state_of(env::fresh_id()), 0, "an unused thread number");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode InvalidThread");
    expect_eq(state_of(env::with_version(main_id, 3)), 0, "a wrong version");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode InvalidThread");
    expect_eq(state_of(L4_GlobalId(L4_Word_t{1} << env::facts.thread_bits, 1)), 0,
              "a thread number beyond ThreadInfo.t");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode InvalidThread");
    expect_eq(state_of(L4_GlobalId(env::facts.system_base, 1)), 0, "a kernel thread");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode InvalidThread");
}

void err_not_scheduler()
{
    L4_ThreadId_t c = env::new_client();
    L4_ThreadId_t w = env::spawn(wait_for_main, 0);
    if (!expect(!L4_IsNilThread(c) && !L4_IsNilThread(w), "a client and a worker"))
        return;
    L4_Word_t result, error;
    if (client_schedule(c, w, 50, 0, &result, &error)) {
        expect_eq(result, 0, "Schedule by a thread that is not the scheduler fails");
        expect_eq(error, L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    if (client_schedule(c, main_id, 50, 0, &result, &error)) {
        expect_eq(result, 0, "the root task cannot be rescheduled by it either");
        expect_eq(error, L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    expect_eq(state_of(main_id), L4_SCHEDRESULT_RUNNING, "nothing changed");
}

void scheduler_may_schedule()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client"))
        return;
    L4_ThreadId_t t = scheduled_by(c);
    if (L4_IsNilThread(t))
        return;
    L4_Word_t result, error;
    if (client_schedule(c, t, 80, 0, &result, &error))
        expect_eq(result, L4_SCHEDRESULT_WAITING, "its scheduler sets its priority (state Waiting)");
    if (client_schedule(c, t, 100, 0, &result, &error))
        expect_eq(result, L4_SCHEDRESULT_WAITING, "up to the scheduler's own priority (100)");
}

void err_above_own_priority()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client"))
        return;
    L4_ThreadId_t t = scheduled_by(c);
    if (L4_IsNilThread(t))
        return;
    L4_Word_t result, error;
    if (client_schedule(c, t, 101, 0, &result, &error)) {
        expect_eq(result, 0, "a priority above the scheduler's own (100) is refused");
        expect_eq(error, L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    if (client_schedule(c, t, 0, 150, &result, &error)) {
        expect_eq(result, 0, "a sensitive priority above its own is refused");
        expect_eq(error, L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
}

void time_control()
{
    L4_ThreadId_t w = waiting_worker();
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    L4_Word_t r = L4_Set_Timeslice(w, L4_TimePeriod(5000), L4_Never);
    expect_eq(r, L4_SCHEDRESULT_WAITING, "set a 5 ms time slice");
    L4_Time_t ts = L4_Never, tq = L4_ZeroTime;
    r = L4_Timeslice(w, &ts, &tq);
    expect_eq(r, L4_SCHEDRESULT_WAITING, "read it back");
    L4_Word_t us = static_cast<L4_Word_t>(ts.period.m) << ts.period.e;
    expect(ts.period.a == 0 && us > 0 && us <= 5000, "the time slice is a period of at most 5 ms");
    expect_eq(tq.raw, L4_Never.raw, "the total quantum is Never");
}

void err_time_point()
{
    L4_ThreadId_t w = waiting_worker();
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    L4_Time_t point;
    point.raw = 0x8000 | (3 << 11) | 100;
    expect_eq(L4_Set_Timeslice(w, point, L4_Never), 0, "a time point as time slice is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
}

void err_processor()
{
    L4_ThreadId_t w = waiting_worker();
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    expect_eq(L4_Set_ProcessorNo(w, 1000), 0, "processor 1000 does not exist");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
    L4_Word_t n = L4_NumProcessors(env::facts.kip);
    expect_eq(L4_Set_ProcessorNo(w, n), 0, "the processor after the last one (KIP) does not exist");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
    expect_eq(L4_Set_ProcessorNo(w, 0), L4_SCHEDRESULT_WAITING, "processor 0 is fine");
}

void thread_switch_nil()
{
    counters[1] = 0;
    L4_ThreadId_t y = env::spawn(spin_and_yield, 1, 255);
    if (!expect(!L4_IsNilThread(y), "a worker at the root task's priority"))
        return;
    L4_Word_t before = counters[1];
    L4_ThreadSwitch(L4_nilthread);
    L4_Word_t after = counters[1];
    (void)env::kill(y);
    expect(after > before, "ThreadSwitch(nilthread) let the other thread of the priority run");
}

void thread_switch_to_thread()
{
    counters[2] = 0;
    L4_ThreadId_t y = env::spawn(spin_and_yield, 2, 255);
    if (!expect(!L4_IsNilThread(y), "a worker at the root task's priority"))
        return;
    L4_Word_t before = counters[2];
    L4_ThreadSwitch(y);
    L4_Word_t after = counters[2];
    (void)env::kill(y);
    expect(after > before, "ThreadSwitch(thread) ran that thread");
}

void thread_switch_self()
{
    L4_Word_t start = env::now_us();
    L4_ThreadSwitch(L4_Myself());
    L4_ThreadSwitch(L4_MyLocalId());
    expect(env::now_us() - start < 300000, "ThreadSwitch to oneself returns at once");
}

void round_robin()
{
    counters[0] = 0;
    counters[1] = 0;
    L4_ThreadId_t a = env::spawn(spin, 0);
    L4_ThreadId_t b = env::spawn(spin, 1);
    if (!expect(!L4_IsNilThread(a) && !L4_IsNilThread(b), "two spinning workers of one priority"))
        return;
    // Polled: on a loaded host QEMU may deliver fewer ticks than wall time.
    for (int i = 0; i < 40 && !(counters[0] > 0 && counters[1] > 0); i++)
        env::sleep_us(50000);
    expect(counters[0] > 0 && counters[1] > 0, "time slices let both run");
}

void wakeup_preempts()
{
    counters[0] = 0;
    L4_ThreadId_t low = env::spawn(spin, 0, 50);
    L4_ThreadId_t high = env::spawn(sleeper, 0, 200);
    if (!expect(!L4_IsNilThread(low) && !L4_IsNilThread(high), "a spinner and a sleeper"))
        return;
    L4_Word_t got[3];
    if (expect(env::wait_done(high, got), "the sleeper woke up three times while the spinner ran"))
        expect(got[0] > 0, "the spinner had run");
}

constexpr conf::Case cases[] = {
    {"priorities_decide", priorities_decide},
    {"result_states", result_states},
    {"nil_destination", nil_destination},
    {"err_invalid_thread", err_invalid_thread},
    {"err_not_scheduler", err_not_scheduler},
    {"scheduler_may_schedule", scheduler_may_schedule},
    {"err_above_own_priority", err_above_own_priority},
    {"time_control", time_control},
    {"err_time_point", err_time_point},
    {"err_processor", err_processor},
    {"thread_switch_nil", thread_switch_nil},
    {"thread_switch_to_thread", thread_switch_to_thread},
    {"thread_switch_self", thread_switch_self},
    {"round_robin", round_robin},
    {"wakeup_preempts", wakeup_preempts},
};

}  // namespace

const conf::Group schedule_group = {"schedule", cases, sizeof cases / sizeof cases[0]};
