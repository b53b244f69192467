// SPDX-License-Identifier: BSD-2-Clause
// Schedule (x2-api 4.6): priority, time slice and processor of a thread, by
// its scheduler or a privileged thread.
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/ipc.hpp>
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

word_t fail(Sys_error e) {
    Tcb::current().tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(e);
    return 0;
}

// X.2 thread states as Schedule reports them (x2-api 1.10).
word_t state_word(const Tcb& t) {
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

// A period Time value (x2-api 1.4) for a number of microseconds.
word_t time_period(uint64_t us) {
    unsigned e = 0;
    while (us > 1023) {
        us >>= 1;
        ++e;
    }
    return us == 0 ? time_zero : (word_t{e} << 10) | us;
}

bool is_period(word_t t) { return !(t & 0x8000); }

uint64_t period_us(word_t t) {
    if (t == time_never) return 0;
    return static_cast<uint64_t>(t & 0x3ff) << ((t >> 10) & 0x1f);
}

}  // namespace

word_t sys_schedule(word_t dest_raw, word_t time_control, word_t processor_control,
                    word_t prio_control, word_t preemption_control, word_t* old_time_control) {
    Tcb& self = Tcb::current();
    *old_time_control = 0;
    if (dest_raw == 0) {
        self.tcr(WALNUT_TCR_ERROR_CODE) = 0;
        return 0;
    }
    Tcb* t = resolve_thread(self, Thread_id(dest_raw));
    if (!t) return fail(Sys_error::invalid_thread);
    bool privileged = self.space && self.space->privileged;
    if (!privileged && t->scheduler != self.global_id) return fail(Sys_error::no_privilege);

    word_t prio = prio_control & 0xff;
    if (prio_control != unchanged && !privileged && prio > self.priority)
        return fail(Sys_error::no_privilege);
    if (preemption_control != unchanged && !privileged && ((preemption_control >> 16) & 0xff) > self.priority)
        return fail(Sys_error::no_privilege);
    if (processor_control != unchanged && (processor_control & 0xffff) >= kip_processors())
        return fail(Sys_error::invalid_param);
    word_t slice = (time_control >> 16) & 0xffff, quantum = time_control & 0xffff;
    if (time_control != unchanged && (!is_period(slice) || !is_period(quantum)))
        return fail(Sys_error::invalid_param);

    word_t result = state_word(*t);
    uint64_t tick_us = 1000000 / config::tick_hz;
    *old_time_control = (time_period(t->remaining_ticks * tick_us) << 16) | time_never;

    if (prio_control != unchanged && prio != t->priority) {
        bool queued = t->queued;
        if (queued) port::cpu_local().ready.dequeue(*t);
        t->priority = static_cast<uint8_t>(prio);
        if (queued) port::cpu_local().ready.enqueue(*t);
    }
    if (time_control != unchanged && slice != 0xffff) {
        uint64_t us = period_us(slice);
        // Never = no time slicing at all; otherwise at least one tick.
        word_t ticks = us == 0 ? ~word_t{0} >> 1 : max<word_t>(1, us / tick_us);
        t->timeslice_ticks = ticks;
        t->remaining_ticks = ticks;
    }
    request_reschedule();
    // Processor migration and total quanta come with SMP and the full
    // scheduler (issue 4); one CPU runs now, so processor 0 is all there is.
    preempt_check();
    return result;
}

}  // namespace kern
