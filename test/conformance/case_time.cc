// SPDX-License-Identifier: BSD-2-Clause
// Time and scheduling beyond priorities (x2-api 1.4, 4.5, 4.6, 5.4, 7.3):
// timeouts that expire on time (checked with SystemClock against the KIP's
// SchedulePrecision), time points and the clock bit, time-slice donation,
// total quantum expiry and the preemption message, TimeControl read back,
// delayed preemption, and preemption by higher-priority wake-ups.
#include <l4/misc.h>
#include <l4/walnut/vregs.h>

#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t keep = ~L4_Word_t{0};
// Without -icount the guest clock is the host's, and a loaded host
// deschedules the virtual CPU now and then: a single wake-up may be this
// much later than the kernel's precision. The precision itself is checked
// on the majority of many samples (and exactly under -icount).
constexpr L4_Word_t noise_us = 250000;
constexpr L4_Word_t preemption_label = 0xFFFFFFFFFFD0ul;   // -3 << 4, 48-bit label field

volatile L4_Word_t counters[4];
volatile L4_Word_t results[4];
volatile L4_Word_t sequence;
volatile L4_Word_t stop;

L4_Word_t precision()
{
    L4_Word_t p = L4_SchedulePrecision(env::facts.kip);
    return p ? p : 1000;
}

// The length of a period Time value (L4_TimePeriod keeps 10 significant bits).
L4_Word_t length_of(L4_Time_t t)
{
    return static_cast<L4_Word_t>(t.period.m) << t.period.e;
}

// A Time point (x2-api 1.4) for the clock value 'target' with exponent e.
L4_Time_t point_for(L4_Word_t target, L4_Word_t e)
{
    L4_Time_t t;
    t.raw = static_cast<L4_Word16_t>(0x8000 | (e << 11) | (((target >> (e + 10)) & 1) << 10) |
                                     ((target >> e) & 0x3FF));
    return t;
}

// Receives from a thread that never sends; returns the time it took and
// checks that it was a receive timeout.
L4_Word_t timed_receive(L4_ThreadId_t from, L4_Time_t timeout, bool* timed_out)
{
    L4_Word_t start = env::now_us();
    L4_MsgTag_t tag = L4_Receive_Timeout(from, timeout);
    L4_Word_t took = env::now_us() - start;
    *timed_out = env::ipc_failed(tag) && L4_ErrorCode() == 0x3;
    return took;
}

L4_Word_t preempt_flags()
{
    return *static_cast<volatile L4_Word_t*>(__L4_Tcr(__L4_TCR_PREEMPT_FLAGS));
}

L4_Word_t state_of(L4_ThreadId_t t)
{
    L4_Word_t old;
    return L4_Schedule(t, keep, keep, keep, keep, &old);
}

// The state of t once it is 'want', polling up to ~2 s: a loaded host may
// give the guest's threads the processor later than the guest clock says.
L4_Word_t state_when(L4_ThreadId_t t, L4_Word_t want)
{
    L4_Word_t st = state_of(t);
    for (int i = 0; i < 200 && st != want; i++) {
        env::sleep_us(10000);
        st = state_of(t);
    }
    return st;
}

// Thread bodies ---------------------------------------------------------------------------

void idle(L4_Word_t)
{
    env::park();
}

void spin(L4_Word_t i)
{
    for (;;)
        counters[i] = counters[i] + 1;
}

void wait_for_main(L4_Word_t)
{
    for (;;)
        (void)L4_Receive(main_id);
}

// Keeps MR1/MR2 loaded while it spins: the preemption message must not
// change them. results[0] counts mismatches.
void spin_with_mrs(L4_Word_t i)
{
    L4_LoadMR(1, 0x1111);
    L4_LoadMR(2, 0x2222);
    for (;;) {
        counters[i] = counters[i] + 1;
        L4_Word_t a, b;
        L4_StoreMR(1, &a);
        L4_StoreMR(2, &b);
        if (a != 0x1111 || b != 0x2222)
            results[0] = results[0] + 1;
    }
}

// Sleeps until a deadline and reports how late it woke up.
void sleep_once(L4_Word_t period)
{
    L4_Time_t time = L4_TimePeriod(period);
    L4_Word_t deadline = env::now_us() + length_of(time);
    L4_Sleep(time);
    L4_Word_t woke = env::now_us();
    env::signal_main(woke, deadline, 0);
    env::park();
}

constexpr L4_Word_t delayer_yields = 1, delayer_sets_d = 2;

// Low-priority spinner that asks for delayed preemption (with
// delayer_sets_d). results[1] = when it first saw PreemptFlags I (0 =
// never); with delayer_yields it then runs 2 ms more and yields,
// results[2] = when it yielded.
void delayer(L4_Word_t how)
{
    L4_Word_t yield_after = how & delayer_yields;
    if (how & delayer_sets_d)
        (void)__L4_Set_PreemptFlag(__L4_PREEMPT_FLAG_D);
    while (!stop) {
        counters[0] = counters[0] + 1;
        if (!results[1] && (preempt_flags() & __L4_PREEMPT_FLAG_I)) {
            L4_Word_t seen = env::now_us();
            results[1] = seen;
            if (yield_after) {
                while (env::now_us() - seen < 2000)
                    counters[0] = counters[0] + 1;
                results[2] = env::now_us();
                (void)__L4_Clr_PreemptFlag(__L4_PREEMPT_FLAG_I);
                L4_ThreadSwitch(L4_nilthread);
            }
        }
    }
    env::park();
}

void receive_and_number(L4_Word_t i)
{
    L4_ThreadId_t from;
    (void)L4_Wait(&from);
    sequence = sequence + 1;
    results[i] = sequence;
    env::park();
}

// Sends to the thread in results[3] once it waits, and numbers itself
// right after.
void send_and_number(L4_Word_t i)
{
    L4_ThreadId_t to;
    to.raw = results[3];
    env::wait_for_state(to, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_Set_MsgTag(L4_Niltag);
    (void)L4_Send_Timeout(to, env::us(env::wait_us));
    sequence = sequence + 1;
    results[i] = sequence;
    env::signal_main(0, 0, 0);
    env::park();
}

// Cases ---------------------------------------------------------------------------------

void relative_receive_precision()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    L4_Word_t p = precision(), on_time = 0, worst = 0;
    bool early = false, failed = false;
    for (L4_Word_t i = 0; i < 20; i++) {
        L4_Time_t time = L4_TimePeriod(1500 + 173 * i);
        L4_Word_t period = length_of(time);
        bool to;
        L4_Word_t took = timed_receive(t, time, &to);
        failed = failed || !to;
        early = early || took < period;
        if (took <= period + p + 1000)
            on_time++;
        if (took - period > worst)
            worst = took - period;
    }
    expect(!failed, "20 receive timeouts expire with error 1 (timeout, receive phase)");
    expect(!early, "none before its deadline");
    if (!expect(on_time >= 12, "most within SchedulePrecision (+1 ms latency) after the deadline"))
        conf::note("%lu of 20 on time, precision %lu us", on_time, p);
    expect(worst <= p + noise_us, "none much later");
}

void relative_send_precision()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    L4_Word_t p = precision(), on_time = 0;
    bool ok = true;
    for (L4_Word_t i = 0; i < 8; i++) {
        L4_Time_t time = L4_TimePeriod(2000 + 311 * i);
        L4_Word_t period = length_of(time);
        L4_Set_MsgTag(L4_Niltag);
        L4_Word_t start = env::now_us();
        L4_MsgTag_t tag = L4_Send_Timeout(t, time);
        L4_Word_t took = env::now_us() - start;
        ok = ok && env::ipc_failed(tag) && L4_ErrorCode() == 0x2 && took >= period &&
             took <= period + p + noise_us;
        if (took <= period + p + 1000)
            on_time++;
    }
    expect(ok, "send timeouts fail with error 1 (send phase), never early, never much late");
    if (!expect(on_time >= 4, "most within SchedulePrecision (+1 ms latency) of the deadline"))
        conf::note("%lu of 8 on time, precision %lu us", on_time, p);
}

void absolute_points_precision()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    // e = 0: 1 us resolution, the clock bit c decides between this and the
    // next 1024 us half-window, so targets beyond 1024 us need it right.
    const L4_Word_t ahead[] = {400, 900, 1300, 1900};
    L4_Word_t p = precision();
    bool ok = true;
    for (L4_Word_t a : ahead) {
        L4_Word_t start = env::now_us();
        L4_Word_t target = start + a;
        L4_MsgTag_t tag = L4_Receive_Timeout(t, point_for(target, 0));
        L4_Word_t end = env::now_us();
        if (!env::ipc_failed(tag) || L4_ErrorCode() != 0x3 || end < target ||
            end > target + p + noise_us) {
            conf::note("point %lu us ahead: woke %ld us after it", a,
                       static_cast<long>(end - target));
            ok = false;
        }
    }
    expect(ok, "time points (e = 0) expire at their clock value, within the precision");
    // e = 6: 64 us granularity, an 128 ms window.
    L4_Word_t target = (env::now_us() + 10000) & ~L4_Word_t{63};
    L4_MsgTag_t tag = L4_Receive_Timeout(t, point_for(target, 6));
    L4_Word_t end = env::now_us();
    expect(env::ipc_failed(tag) && end >= target && end <= target + p + noise_us,
           "a point with e = 6, 10 ms ahead");
}

void absolute_point_past_wraps()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    // A point whose bits (and c) name a value 300 us in the past means the
    // same bits in the next 2^(e+11) us window: 2048 us later for e = 0.
    L4_Word_t start = env::now_us();
    L4_Word_t past = start - 300;
    bool to;
    L4_Word_t took = timed_receive(t, point_for(past, 0), &to);
    L4_Word_t want = past + 2048 - start;
    expect(to, "a receive with a past point times out");
    if (!expect(took >= want - 20 && took <= want + precision() + noise_us,
                "at the next wrap of the 2048 us window (~1748 us), not at once"))
        conf::note("took %lu us", took);
}

void zero_length_period()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    bool to;
    L4_Word_t took = timed_receive(t, L4_ZeroTime, &to);
    expect(to && took < 1000, "Zero fails at once");
    L4_Time_t zero_len;
    zero_len.raw = 0x0800;   // period m = 0, e = 2: length 0, not Zero
    took = timed_receive(t, zero_len, &to);
    expect(to, "a period of length 0 (e = 2, m = 0) times out");
    expect(took <= precision() + noise_us, "at the next timer event");
}

void long_timeout_wraps_wheel()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    // Longer than one turn of a 256-slot wheel at any tick rate up to 1 kHz.
    L4_Word_t period = 293 << 10;   // 300032 us, exactly representable
    bool to;
    L4_Word_t took = timed_receive(t, L4_TimePeriod(period), &to);
    expect(to, "a 300 ms receive timeout expires");
    if (!expect(took >= period && took <= period + precision() + noise_us,
                "after 300 ms, not a wheel turn early"))
        conf::note("took %lu us", took);
}

void many_sleepers_on_time()
{
    // Six deadlines about 1 ms apart on the wheel at once.
    L4_ThreadId_t s[6];
    for (L4_Word_t i = 0; i < 6; i++)
        s[i] = env::spawn(sleep_once, 20000 + 1000 * (5 - i), 200);
    L4_Word_t late_max = 0;
    bool ok = true;
    for (L4_Word_t i = 0; i < 6; i++) {
        L4_Word_t got[3];
        if (!env::wait_done(s[i], got)) {
            ok = false;
            continue;
        }
        if (got[0] < got[1])
            ok = false;
        if (got[0] - got[1] > late_max)
            late_max = got[0] - got[1];
    }
    expect(ok, "six sleepers with nearby deadlines all wake, none early");
    expect(late_max <= precision() + noise_us, "none late beyond the precision");
}

void donation_runs_named_thread()
{
    for (int i = 0; i < 3; i++)
        counters[i] = 0;
    L4_ThreadId_t a = env::spawn(spin, 0, 10);
    L4_ThreadId_t b = env::spawn(spin, 1, 10);
    L4_ThreadId_t c = env::spawn(spin, 2, 10);
    if (!expect(!L4_IsNilThread(a) && !L4_IsNilThread(b) && !L4_IsNilThread(c),
                "three ready spinners at priority 10"))
        return;
    // All have run and are ready.
    for (L4_Word_t t0 = env::now_us(); !(counters[0] && counters[1] && counters[2]) &&
                                       env::now_us() - t0 < env::wait_us;)
        env::sleep_us(200);
    expect(counters[0] && counters[1] && counters[2], "all three spinners have run");
    bool c_ran = false, others_ran = false;
    for (int i = 0; i < 3; i++) {
        L4_Word_t a0 = counters[0], b0 = counters[1], c0 = counters[2];
        L4_ThreadSwitch(c);
        c_ran = c_ran || counters[2] != c0;
        others_ran = others_ran || counters[0] != a0 || counters[1] != b0;
    }
    expect(c_ran, "ThreadSwitch(c) ran c although the caller has priority 255");
    expect(!others_ran, "and not its ready peers a and b: c runs on the caller's slice");
}

void thread_switch_blocked_is_yield()
{
    counters[3] = 0;
    // The thread blocks first: the peer spinning at 255 would keep it
    // from ever running (ThreadSwitch would then run it, not yield).
    L4_ThreadId_t w = env::spawn(wait_for_main, 0);
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "the thread waits for main");
    L4_ThreadId_t peer = env::spawn(spin, 3, 255);
    if (!expect(!L4_IsNilThread(peer) && !L4_IsNilThread(w), "a peer and a blocked thread"))
        return;
    L4_Word_t before = counters[3];
    L4_ThreadSwitch(w);
    L4_Word_t after_blocked = counters[3];
    L4_ThreadSwitch(env::fresh_id());
    L4_Word_t after_unknown = counters[3];
    expect(after_blocked > before, "ThreadSwitch(blocked thread) yields: the peer ran");
    expect(after_unknown > after_blocked, "ThreadSwitch(unknown thread) yields too");
    expect_eq(state_of(w), L4_SCHEDRESULT_WAITING, "the blocked thread stays blocked");
}

void total_quantum_message()
{
    counters[1] = 0;
    results[0] = 0;
    L4_ThreadId_t w = env::spawn(spin_with_mrs, 1);
    if (!expect(!L4_IsNilThread(w), "a spinner whose scheduler is main"))
        return;
    L4_Word_t start = env::now_us();
    if (!expect(L4_Set_Timeslice(w, L4_TimePeriod(10000), L4_TimePeriod(5000)) != 0,
                "total quantum 5 ms"))
        return;
    // Main does not receive yet: the spinner, out of quantum, blocks in
    // its call to its scheduler (send phase). Polled: a loaded host may
    // give the guest less than wall time.
    env::sleep_us(5000);
    expect_eq(state_when(w, L4_SCHEDRESULT_PENDING_SEND), L4_SCHEDRESULT_PENDING_SEND,
              "out of quantum: blocked sending (4)");
    L4_Word_t frozen = counters[1];
    env::sleep_us(5000);
    expect_eq(counters[1], frozen, "and it does not run");
    L4_MsgTag_t tag = L4_Receive_Timeout(w, env::us(env::wait_us));
    L4_Word_t now = env::now_us();
    if (!expect(!env::ipc_failed(tag), "main receives the preemption message"))
        return;
    L4_Word_t mr1 = 0, mr2 = 1;
    L4_StoreMR(1, &mr1);
    L4_StoreMR(2, &mr2);
    expect_eq(L4_Label(tag), preemption_label, "label -3 (0xFFFF_FFFF_FFD0)");
    expect_eq(L4_UntypedWords(tag), 2, "u = 2");
    expect_eq(L4_TypedWords(tag), 0, "t = 0");
    if (!expect(mr1 >= start + 5000 - precision() && mr1 <= now,
                "MR1 = the clock when the quantum ran out (5 ms of running, counted in ticks)"))
        conf::note("start %lu MR1 %lu now %lu", start, mr1, now);
    expect_eq(mr2, 0, "MR2 = 0 (64 bit)");
    expect_eq(state_of(w), L4_SCHEDRESULT_WAITING, "awaiting the reply: Waiting (6)");
    L4_Time_t ts, tq;
    (void)L4_Timeslice(w, &ts, &tq);
    expect_eq(tq.raw, L4_Never.raw, "its total quantum is Never after expiry");
    // A reply with words of its own: the thread's MRs must come back.
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, 0xBAD1);
    L4_MsgAppendWord(&msg, 0xBAD2);
    L4_MsgLoad(&msg);
    tag = L4_Reply(w);
    expect(!env::ipc_failed(tag), "main replies");
    L4_Word_t resumed = counters[1];
    for (L4_Word_t t0 = env::now_us(); counters[1] == resumed && env::now_us() - t0 < env::wait_us;)
        env::sleep_us(200);
    expect(counters[1] > resumed, "the thread continues after the reply");
    expect_eq(results[0], 0, "with its MR1 and MR2 as they were");
    expect_eq(state_of(w), L4_SCHEDRESULT_RUNNING, "Running");
}

void result_states_blocked()
{
    // Sleeping: a receive phase with a timeout.
    L4_ThreadId_t s = env::spawn(sleep_once, 5000000);
    // Sending to main (which does not receive) with a timeout.
    L4_ThreadId_t p = env::spawn(
        [](L4_Word_t) {
            L4_Set_MsgTag(L4_Niltag);
            (void)L4_Send_Timeout(main_id, L4_TimePeriod(5000000));
            env::park();
        },
        0);
    // Activated, its start message not sent.
    L4_ThreadId_t u = env::spawn(idle, 0, 0, false);
    env::sleep_us(3000);
    expect_eq(state_when(s, L4_SCHEDRESULT_WAITING), L4_SCHEDRESULT_WAITING,
              "sleeping (receive with timeout): Waiting");
    expect_eq(state_when(p, L4_SCHEDRESULT_PENDING_SEND), L4_SCHEDRESULT_PENDING_SEND,
              "sending with a timeout: PendingSend");
    expect_eq(state_when(u, L4_SCHEDRESULT_WAITING), L4_SCHEDRESULT_WAITING,
              "awaiting its start message: Waiting");
    L4_ThreadId_t gone = env::spawn(idle, 0);
    if (expect(env::kill(gone), "a deleted thread")) {
        expect_eq(state_of(gone), 0, "Schedule on it fails");
        expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "InvalidThread");
    }
    // The state is the one before the call's change.
    L4_Word_t old;
    expect_eq(L4_Schedule(s, keep, keep, 90, keep, &old), L4_SCHEDRESULT_WAITING,
              "a change reports the state too");
}

void time_control_old_values()
{
    L4_ThreadId_t w = env::spawn(wait_for_main, 0);
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "the thread waits for main");
    if (!expect(L4_Set_Timeslice(w, L4_TimePeriod(20000), L4_TimePeriod(100000)) != 0,
                "slice 20 ms, total quantum 100 ms"))
        return;
    L4_Word_t old = 0;
    L4_Word_t r = L4_Schedule(w, keep, keep, keep, keep, &old);
    expect_eq(r, L4_SCHEDRESULT_WAITING, "read back");
    L4_Time_t ts, tq;
    ts.raw = static_cast<L4_Word16_t>(old >> 16);
    tq.raw = static_cast<L4_Word16_t>(old);
    L4_Word_t ts_us = static_cast<L4_Word_t>(ts.period.m) << ts.period.e;
    L4_Word_t tq_us = static_cast<L4_Word_t>(tq.period.m) << tq.period.e;
    expect(!ts.period.a && ts_us <= 20000 && ts_us >= 19000, "remaining slice ~20 ms, a period");
    expect(!tq.period.a && tq_us <= 100000 && tq_us >= 99000,
           "remaining total quantum ~100 ms (a blocked thread uses none)");
    expect_eq(old >> 32, 0, "bits 63..32 are 0");
    // 0xFFFF in one half leaves that half alone.
    r = L4_Schedule(w, (L4_Word_t{0xFFFF} << 16) | L4_Never.raw, keep, keep, keep, &old);
    expect_eq(r, L4_SCHEDRESULT_WAITING, "only the quantum, to Never");
    (void)L4_Timeslice(w, &ts, &tq);
    ts_us = static_cast<L4_Word_t>(ts.period.m) << ts.period.e;
    expect(ts_us >= 19000 && ts_us <= 20000, "the slice is unchanged");
    expect_eq(tq.raw, L4_Never.raw, "the quantum is Never");
    expect(L4_Set_Timeslice(w, L4_Never, L4_Never) != 0, "slice Never (no time slicing)");
    (void)L4_Timeslice(w, &ts, &tq);
    expect_eq(ts.raw, L4_Never.raw, "reads back as Never");
}

void err_time_control()
{
    L4_ThreadId_t w = env::spawn(wait_for_main, 0);
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "the thread waits for main");
    expect(L4_Set_Timeslice(w, L4_TimePeriod(8000), L4_TimePeriod(50000)) != 0, "a known setting");
    L4_Time_t point;
    point.raw = 0x8000 | (2 << 11) | 7;
    expect_eq(L4_Set_Timeslice(w, L4_TimePeriod(4000), point), 0, "a point as total quantum");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "InvalidParam");
    L4_Word_t old;
    expect_eq(L4_Schedule(w, (L4_Word_t{1} << 40) | (L4_Word_t{L4_TimePeriod(4000).raw} << 16), keep,
                          keep, keep, &old),
              0, "bits above 31 of TimeControl set");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "InvalidParam");
    // A failed call changes nothing, not even the parts that were valid.
    expect_eq(L4_Schedule(w, keep, keep, 20, 1000, &old), L4_SCHEDRESULT_WAITING, "");
    expect_eq(L4_Schedule(w, (L4_Word_t{L4_TimePeriod(4000).raw} << 16) | point.raw, keep, 30, keep,
                          &old),
              0, "slice valid, quantum a point");
    L4_Time_t ts, tq;
    (void)L4_Timeslice(w, &ts, &tq);
    L4_Word_t ts_us = static_cast<L4_Word_t>(ts.period.m) << ts.period.e;
    L4_Word_t tq_us = static_cast<L4_Word_t>(tq.period.m) << tq.period.e;
    expect(ts_us >= 7000 && ts_us <= 8000 && tq_us >= 49000 && tq_us <= 50000,
           "slice and quantum are the old ones");
}

// Shared by the three preemption-control cases: a delaying spinner at 50,
// a sleeper at 150 with a deadline 3 ms ahead. Returns the sleeper's
// lateness (~0 on failure).
L4_Word_t run_delay_case(L4_Word_t sensitive, L4_Word_t max_delay, bool yields, bool d = true)
{
    stop = 0;
    results[1] = 0;
    results[2] = 0;
    L4_Word_t spun = counters[0];
    L4_ThreadId_t low =
        env::spawn(delayer, (yields ? delayer_yields : 0) | (d ? delayer_sets_d : 0), 50);
    if (!expect(!L4_IsNilThread(low), "a spinner at 50"))
        return ~0ul;
    if (!expect(L4_Set_PreemptionDelay(low, sensitive, max_delay) != 0, "its preemption control"))
        return ~0ul;
    // The spinner runs (with PreemptFlags d set) before the sleeper comes.
    for (L4_Word_t t0 = env::now_us(); counters[0] == spun && env::now_us() - t0 < env::wait_us;)
        env::sleep_us(200);
    expect(counters[0] != spun, "the spinner at 50 runs");
    L4_ThreadId_t high = env::spawn(sleep_once, 3000, 150);
    L4_Word_t got[3];
    bool done = env::wait_done(high, got);
    stop = 1;
    if (!expect(done, "the sleeper at 150 reports"))
        return ~0ul;
    results[3] = got[0];
    return got[0] - got[1];
}

void delayed_preemption_granted()
{
    L4_Word_t late = run_delay_case(200, 20000, true);
    if (late == ~0ul)
        return;
    expect(results[1] != 0, "the spinner saw PreemptFlags I");
    expect(results[2] != 0 && results[3] >= results[2],
           "it kept the processor until it yielded (2 ms after I)");
    expect(late <= 20000 + precision() + noise_us, "within the maximum delay");
}

void delayed_preemption_expires()
{
    L4_Word_t late = run_delay_case(200, 5000, false);
    if (late == ~0ul)
        return;
    expect(results[1] != 0, "the spinner saw PreemptFlags I");
    if (!expect(late >= 4000, "the woken thread waited for the delay (5 ms)"))
        conf::note("late %lu us", late);
    expect(late <= 5000 + precision() + noise_us, "and no longer: the kernel preempted");
}

void sensitive_priority_preempts()
{
    L4_Word_t late = run_delay_case(100, 20000, true);
    if (late == ~0ul)
        return;
    expect_eq(results[1], 0, "no delay for a thread above the sensitive priority (I clear)");
    expect(late <= precision() + noise_us, "it preempted at its deadline");
}

void delay_without_flag_d()
{
    // Preemption control alone, without PreemptFlags d: no delay.
    L4_Word_t late = run_delay_case(200, 60000, false, false);
    if (late == ~0ul)
        return;
    expect_eq(results[1], 0, "no delay without PreemptFlags d (I clear)");
    expect(late <= precision() + noise_us, "the sleeper preempted at its deadline");
}

void ipc_wakeup_preempts()
{
    // A sender at 100 wakes a receiver at 200: the receiver runs before the
    // sender's next instruction. With the receiver at 50 the sender goes on.
    for (int round = 0; round < 2; round++) {
        sequence = 0;
        results[0] = 0;
        results[1] = 0;
        L4_ThreadId_t r = env::spawn(receive_and_number, 0, round == 0 ? 200 : 50);
        results[3] = r.raw;
        L4_ThreadId_t s = env::spawn(send_and_number, 1, 100);
        if (!expect(env::wait_done(s), "the sender reports"))
            return;
        if (round == 0)
            expect(results[0] == 1 && results[1] == 2, "higher receiver ran first (preempted)");
        else
            expect(results[1] == 1 && results[0] == 0, "lower receiver waits, sender goes on");
    }
}

// Takes one message from main 2 ms late and replies 100 ms later.
void slow_server(L4_Word_t)
{
    env::sleep_us(2000);
    L4_ThreadId_t from;
    (void)L4_Wait(&from);
    results[2] = env::now_us();
    env::sleep_us(100000);
    L4_Set_MsgTag(L4_Niltag);
    L4_LoadMR(0, L4_Word_t{0x77} << 16);
    (void)L4_Reply(from);
    env::park();
}

void call_send_timeout_ends_with_send_phase()
{
    // A call with a 30 ms send timeout and a Never receive timeout: the
    // server takes the message after ~2 ms and replies 100 ms later; the
    // send deadline, passing meanwhile, must not end the receive phase.
    L4_ThreadId_t server = env::spawn(slow_server, 0, 200);
    L4_Set_MsgTag(L4_Niltag);
    L4_Word_t start = env::now_us();
    L4_MsgTag_t tag = L4_Call_Timeouts(server, L4_TimePeriod(30000), L4_Never);
    L4_Word_t took = env::now_us() - start;
    if (!expect(!env::ipc_failed(tag), "the call gets the reply"))
        conf::note("error 0x%lx after %lu us", L4_ErrorCode(), took);
    expect_eq(L4_Label(tag), 0x77, "the server's reply");
    expect(took >= 100000, "after the server's 100 ms");
    // And a receive timeout given with it still counts from the send's end.
    results[2] = 0;
    server = env::spawn(slow_server, 0, 200);
    start = env::now_us();
    tag = L4_Call_Timeouts(server, L4_TimePeriod(30000), L4_TimePeriod(8000));
    L4_Word_t end = env::now_us();
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x3, "an 8 ms receive timeout expires");
    expect(results[2] != 0 && end + 1000 >= results[2] + 8000 &&
               end <= results[2] + 8000 + precision() + noise_us,
           "8 ms after the send phase ended (when the server took the message)");
}

void processor_control_current_values()
{
    // Nothing can change, so asking for the values the KIP reports (no
    // change) succeeds and anything else is refused.
    L4_ProcDesc_t* pd = L4_ProcDesc(env::facts.kip, 0);
    if (!expect(pd != nullptr, "processor 0 has a descriptor"))
        return;
    L4_Word_t internal = L4_ProcDescInternalFreq(pd), external = L4_ProcDescExternalFreq(pd);
    conf::note("processor 0: internal %lu kHz, external %lu kHz", internal, external);
    if (internal) {
        expect_eq(L4_ProcessorControl(0, internal, keep, keep), 1, "its current internal frequency");
        expect_eq(L4_ProcessorControl(0, internal + 1, keep, keep), 0, "1 kHz more is refused");
        expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "InvalidParam");
    }
    if (external)
        expect_eq(L4_ProcessorControl(0, keep, external, keep), 1, "its current external frequency");
    expect_eq(L4_ProcessorControl(0, internal ? internal + 7 : 7, keep, keep), 0,
              "another internal frequency is refused");
    L4_Word_t n = L4_NumProcessors(env::facts.kip);
    L4_Word_t old;
    L4_ThreadId_t w = env::spawn(wait_for_main, 0);
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "the thread waits for main");
    for (L4_Word_t cpu = 1; cpu < n; cpu++) {
        // Listed in the KIP but not started by the kernel yet (no SMP):
        // a thread cannot go there.
        expect_eq(L4_Schedule(w, keep, cpu, keep, keep, &old), 0, "a processor not running");
        expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "InvalidParam");
    }
    expect_eq(L4_Schedule(w, keep, 0, keep, keep, &old), L4_SCHEDRESULT_WAITING,
              "processor 0 (where it is) is fine");
}

constexpr conf::Case cases[] = {
    {"relative_receive_precision", relative_receive_precision},
    {"relative_send_precision", relative_send_precision},
    {"absolute_points_precision", absolute_points_precision},
    {"absolute_point_past_wraps", absolute_point_past_wraps},
    {"zero_length_period", zero_length_period},
    {"long_timeout_wraps_wheel", long_timeout_wraps_wheel},
    {"many_sleepers_on_time", many_sleepers_on_time},
    {"donation_runs_named_thread", donation_runs_named_thread},
    {"thread_switch_blocked_is_yield", thread_switch_blocked_is_yield},
    {"total_quantum_message", total_quantum_message},
    {"result_states_blocked", result_states_blocked},
    {"time_control_old_values", time_control_old_values},
    {"err_time_control", err_time_control},
    {"delayed_preemption_granted", delayed_preemption_granted},
    {"delayed_preemption_expires", delayed_preemption_expires},
    {"sensitive_priority_preempts", sensitive_priority_preempts},
    {"delay_without_flag_d", delay_without_flag_d},
    {"ipc_wakeup_preempts", ipc_wakeup_preempts},
    {"processor_control_current_values", processor_control_current_values},
    {"call_send_timeout_ends_with_send_phase", call_send_timeout_ends_with_send_phase},
};

}  // namespace

const conf::Group time_group = {"time", cases, sizeof cases / sizeof cases[0]};
