// SPDX-License-Identifier: BSD-2-Clause
// Schedule (x2-api 4.6): time slice, total quantum, processor, priority and
// preemption control of a thread, by its scheduler or a privileged thread.
// Every argument is checked before anything changes; the call is O(1).
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/ipc.hpp>
#include <kern/ipc_string.hpp>
#include <kern/kip.hpp>
#include <kern/port/cpu.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>
#include <kern/timeout.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

constexpr word_t unchanged = ~word_t{0};
constexpr uint16_t field_unchanged = 0xffff;   // one half of TimeControl left as it is
constexpr uint64_t tick_us = 1000000 / config::tick_hz;

word_t fail(Sys_error e) {
    Tcb::current().tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(e);
    return 0;
}

// X.2 thread states as Schedule reports them (x2-api 1.10). A message
// transfer never blocks half-way in Walnut, so Sending (5) and Receiving
// (7) are never seen.
word_t state_word(const Tcb& t) {
    // A thread locked in a string transfer is Sending (5) or Receiving (7).
    if (bool is_sender; xfer_role(t, &is_sender)) return is_sender ? 5 : 7;
    switch (t.state) {
    case Thread_state::dead: return 1;
    case Thread_state::inactive:
    case Thread_state::halted: return 2;
    case Thread_state::running: return t.awaiting_start ? 6 : 3;  // waits for its start message
    case Thread_state::waiting_send: return 4;
    case Thread_state::waiting_receive: return 6;
    }
    return 0;
}

// The period Time value (x2-api 1.4) closest below a number of
// microseconds: exact up to 1023 µs, then 10 significant bits. 0 is Zero.
word_t time_period(uint64_t us) {
    unsigned e = 0;
    while (us > 1023) {
        us >>= 1;
        ++e;
    }
    return us == 0 ? time_zero : (word_t{e} << 10) | us;
}

bool is_period(word_t t) { return !(t & 0x8000); }

uint64_t period_us(word_t t) { return static_cast<uint64_t>(t & 0x3ff) << ((t >> 10) & 0x1f); }

// Old TimeControl: remaining time slice and remaining total quantum, both
// as periods (Never = no limit). docs/scheduling.md.
word_t old_time_control(const Tcb& t) {
    word_t slice = t.timeslice_ticks >= (~word_t{0} >> 1) ? time_never
                                                           : time_period(t.remaining_ticks * tick_us);
    word_t quantum = t.quantum_limited ? time_period(t.quantum_left_us) : time_never;
    return (slice << 16) | quantum;
}

void set_time_slice(Tcb& t, uint16_t slice) {
    // Never = no time slicing; Zero or any period below a tick = one tick.
    word_t ticks = slice == time_never ? ~word_t{0} >> 1
                                       : max<word_t>(1, period_us(slice) / tick_us);
    t.timeslice_ticks = ticks;
    t.remaining_ticks = ticks;
}

void set_total_quantum(Tcb& t, uint16_t quantum) {
    t.quantum_limited = quantum != time_never;
    t.quantum_left_us = t.quantum_limited ? period_us(quantum) : 0;
}

// True if processor 'cpu' exists and runs the kernel (a thread may go there).
bool cpu_available(unsigned cpu) { return cpu < config::max_cpus && cpus[cpu].idle != nullptr; }

// Moves t to another (available) CPU's ready queue and timeout wheel.
void migrate(Tcb& t, unsigned cpu) {
    if (cpu == t.cpu) return;
    // Only CPU 0 runs today, so this path is not reached yet; it keeps the
    // per-CPU structures right for when SMP starts the others (which will
    // also need an IPI to make the target look at its queue).
    bool queued = t.queued;
    if (queued) cpus[t.cpu].ready.dequeue(t);
    bool armed = t.timer_armed;
    if (armed) timeout_cancel(t);
    t.cpu = cpu;
    if (armed) timeout_arm(t);
    if (queued) cpus[cpu].ready.enqueue(t);
}

// Changes t's priority, keeping its CPU's ready queue consistent.
void set_priority(Tcb& t, uint8_t priority) {
    if (priority == t.priority) return;
    Ready_queue& q = cpus[t.cpu].ready;
    bool queued = t.queued;
    if (queued) q.dequeue(t);
    t.priority = priority;
    if (queued) q.enqueue(t);
    if (t.cpu == port::cpu_local().index) request_reschedule();
}

}  // namespace

word_t sys_schedule(word_t dest_raw, word_t time_control, word_t processor_control,
                    word_t prio_control, word_t preemption_control, word_t* old_time_control_out) {
    Tcb& self = Tcb::current();
    *old_time_control_out = 0;
    if (dest_raw == 0) {
        self.tcr(WALNUT_TCR_ERROR_CODE) = 0;
        return 0;
    }
    Tcb* t = resolve_thread(self, Thread_id(dest_raw));
    if (!t) return fail(Sys_error::invalid_thread);
    bool privileged = self.space && self.space->privileged;
    if (!privileged && t->scheduler != self.global_id) return fail(Sys_error::no_privilege);

    word_t prio = prio_control & 0xff;
    word_t sensitive = (preemption_control >> 16) & 0xff;
    if (prio_control != unchanged && !privileged && prio > self.priority)
        return fail(Sys_error::no_privilege);
    if (preemption_control != unchanged && !privileged && sensitive > self.priority)
        return fail(Sys_error::no_privilege);
    word_t processor = processor_control & 0xffff;
    // Processors the KIP lists but the kernel has not started (SMP comes
    // later) cannot take threads yet.
    if (processor_control != unchanged && !cpu_available(static_cast<unsigned>(processor)))
        return fail(Sys_error::invalid_param);
    auto slice = static_cast<uint16_t>(time_control >> 16);
    auto quantum = static_cast<uint16_t>(time_control);
    if (time_control != unchanged) {
        if (time_control >> 32) return fail(Sys_error::invalid_param);
        if ((slice != field_unchanged && !is_period(slice)) ||
            (quantum != field_unchanged && !is_period(quantum)))
            return fail(Sys_error::invalid_param);
    }

    word_t result = state_word(*t);
    *old_time_control_out = old_time_control(*t);

    if (time_control != unchanged) {
        if (slice != field_unchanged) set_time_slice(*t, slice);
        if (quantum != field_unchanged) set_total_quantum(*t, quantum);
    }
    if (preemption_control != unchanged) {
        t->sensitive_prio = static_cast<uint8_t>(sensitive);
        t->max_delay_us = static_cast<uint16_t>(preemption_control);
    }
    if (processor_control != unchanged) migrate(*t, static_cast<unsigned>(processor));
    if (prio_control != unchanged) set_priority(*t, static_cast<uint8_t>(prio));
    request_reschedule();
    preempt_check();
    return result;
}

}  // namespace kern
