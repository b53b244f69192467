// SPDX-License-Identifier: BSD-2-Clause
// Priority round-robin scheduling on each CPU. The ready queue holds the
// threads that could run but do not: the running thread is never in it, so
// an IPC that switches to its partner touches no queue at all
// (docs/scheduling.md). Time slices, total quanta and preemption delays are
// counted at timer ticks.
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

void Ready_queue::enqueue(Tcb& t) {
    if (t.queued) return;
    Tcb*& head = _head[t.priority];
    if (!head) {
        t.ready_next = t.ready_prev = &t;
        head = &t;
        _bitmap[t.priority / 64] |= uint64_t{1} << (t.priority % 64);
        if (t.priority > _top) _top = t.priority;
    } else {
        t.ready_next = head;
        t.ready_prev = head->ready_prev;
        head->ready_prev->ready_next = &t;
        head->ready_prev = &t;
    }
    t.queued = true;
}

void Ready_queue::dequeue(Tcb& t) {
    if (!t.queued) return;
    Tcb*& head = _head[t.priority];
    if (t.ready_next == &t) {
        head = nullptr;
        _bitmap[t.priority / 64] &= ~(uint64_t{1} << (t.priority % 64));
        if (t.priority == _top) _top = top_from_bitmap();
    } else {
        t.ready_prev->ready_next = t.ready_next;
        t.ready_next->ready_prev = t.ready_prev;
        if (head == &t) head = t.ready_next;
    }
    t.ready_next = t.ready_prev = nullptr;
    t.queued = false;
}

void Ready_queue::enqueue_front(Tcb& t) {
    enqueue(t);
    _head[t.priority] = &t;
}

int32_t Ready_queue::top_from_bitmap() const {
    for (unsigned w = words; w-- > 0;)
        if (_bitmap[w]) return static_cast<int32_t>(w * 64 + msb(_bitmap[w]));
    return -1;
}


unsigned Ready_queue::check(size_t* queued) const {
    unsigned bad = 0;
    *queued = 0;
    if (_top != top_from_bitmap()) {
        printf("check: highest ready priority %d, but the bitmap says %d\n", _top,
               top_from_bitmap());
        ++bad;
    }
    for (unsigned prio = 0; prio < priorities; ++prio) {
        bool bit = _bitmap[prio / 64] & (uint64_t{1} << (prio % 64));
        if (bit != (_head[prio] != nullptr)) {
            printf("check: ready bitmap bit %u disagrees with its ring\n", prio);
            ++bad;
        }
        const Tcb* t = _head[prio];
        if (!t) continue;
        size_t n = 0;
        do {
            if (!t->queued || t->priority != prio || t->ready_next->ready_prev != t ||
                t->state != Thread_state::running) {
                printf("check: thread %lx in ready ring %u is inconsistent\n",
                       t->global_id.raw(), prio);
                ++bad;
                break;
            }
            t = t->ready_next;
            if (++n > (size_t{1} << 20)) {
                printf("check: ready ring %u does not close\n", prio);
                ++bad;
                break;
            }
        } while (t != _head[prio]);
        *queued += n;
    }
    return bad;
}


namespace {

constexpr word_t preempt_flag_d = word_t{1} << 6;  // PreemptFlags d: thread wants delays
constexpr word_t preempt_flag_i = word_t{1} << 7;  // PreemptFlags I: a preemption is delayed


void switch_to(Cpu_local& cpu, Tcb& prev, Tcb& next) {
    // Whatever the reason, the delayed thread gave up the processor.
    if (cpu.delay.thread == &prev) cpu.delay.thread = nullptr;
    if (next.space && next.space != prev.space) next.space->activate();
    if (next.utcb) port::set_utcb_pointer(next.utcb_uva, next.user_frame());
    cpu.current = &next;
    port::switch_context(prev.context, next.context, next.kstack_top());
}

}  // namespace

void schedule() {
    Cpu_local& cpu = port::cpu_local();
    Tcb* next = cpu.ready.highest();
    if (next) cpu.ready.dequeue(*next);
    else next = cpu.idle;
    Tcb* prev = cpu.current;
    if (next == prev) return;
    switch_to(cpu, *prev, *next);
}

void switch_to_woken(Tcb& next) {
    if (next.remaining_ticks == 0) next.remaining_ticks = next.timeslice_ticks;
    Cpu_local& cpu = port::cpu_local();
    // What make_ready_front + schedule would do, without the queue: next
    // would be the head of the highest non-empty ring unless a ring above
    // its priority has a thread.
    if (cpu.ready.any_above(next.priority)) {
        cpu.ready.enqueue_front(next);
        schedule();
        return;
    }
    switch_to(cpu, *cpu.current, next);
}

namespace {

void note_ready(Cpu_local& cpu, const Tcb& t) {
    if (cpu.current == cpu.idle || t.priority > cpu.current->priority) cpu.resched = true;
}

}  // namespace

void make_ready(Tcb& t) {
    if (t.remaining_ticks == 0) t.remaining_ticks = t.timeslice_ticks;
    Cpu_local& cpu = port::cpu_local();
    if (&t == cpu.current) return;  // running already: not queued
    cpu.ready.enqueue(t);
    note_ready(cpu, t);
}

void make_ready_front(Tcb& t) {
    if (t.remaining_ticks == 0) t.remaining_ticks = t.timeslice_ticks;
    Cpu_local& cpu = port::cpu_local();
    if (&t == cpu.current) return;
    cpu.ready.enqueue_front(t);
    note_ready(cpu, t);
}

void request_reschedule() { port::cpu_local().resched = true; }

namespace {

// X.2 4.6 delayed preemption: a thread that set PreemptFlags d and has a
// maximum delay runs on for up to that delay; the kernel sets I to ask it
// to yield. The delay is granted once per preemption and ends at the tick
// after it expired (scheduler_tick) or when the thread leaves the processor.
bool delay_preemption(Cpu_local& cpu, Tcb& cur) {
    if (!cur.utcb || cur.max_delay_us == 0) return false;
    word_t& flags = cur.tcr(WALNUT_TCR_PREEMPT_COP_FLAGS);
    if (!(flags & preempt_flag_d)) return false;
    Cpu_local::Delay& d = cpu.delay;
    uint64_t now = port::clock_us();
    if (d.thread == &cur) return now < d.until_us;
    d.thread = &cur;
    d.until_us = now + cur.max_delay_us;
    flags |= preempt_flag_i;
    return true;
}

}  // namespace

namespace {

// The current thread can go on running (idle can always be replaced).
bool runnable(const Cpu_local& cpu, const Tcb& cur) {
    return &cur != cpu.idle && cur.state == Thread_state::running;
}

}  // namespace

void preempt_check() {
    Cpu_local& cpu = port::cpu_local();
    Tcb* cur = cpu.current;
    // Only a thread made ready since the last look can preempt: a blocked
    // current thread switches away in block() itself.
    if (!cpu.resched && runnable(cpu, *cur)) return;
    cpu.resched = false;
    if (!runnable(cpu, *cur)) {
        schedule();
        return;
    }
    Tcb* h = cpu.ready.highest();
    if (!h || h->priority <= cur->priority) return;
    // Threads above the sensitive priority preempt at once.
    if (h->priority <= cur->sensitive_prio && delay_preemption(cpu, *cur)) return;
    // Preempted, the thread keeps its place: first among its peers.
    cpu.ready.enqueue_front(*cur);
    schedule();
}

void make_unready(Tcb& t) { port::cpu_local().ready.dequeue(t); }

void yield() {
    Cpu_local& cpu = port::cpu_local();
    Tcb& cur = *cpu.current;
    cur.remaining_ticks = cur.timeslice_ticks;
    if (runnable(cpu, cur)) cpu.ready.enqueue(cur);  // behind its peers
    schedule();
}

void scheduler_tick() {
    Cpu_local& cpu = port::cpu_local();
    Tcb& cur = *cpu.current;
    Cpu_local::Delay& d = cpu.delay;
    // The IPC fast path switches threads without switch_to(): a delayed
    // thread that left that way loses its delay here.
    if (d.thread && d.thread != &cur) d.thread = nullptr;
    if (!runnable(cpu, cur)) return;
    if (d.thread == &cur) {
        // Running on a delay: no slice accounting; at its end the thread
        // is preempted as it would have been (behind its peers).
        if (port::clock_us() < d.until_us) return;
        d.thread = nullptr;
        yield();
        return;
    }
    if (cur.remaining_ticks > 1) {
        --cur.remaining_ticks;
        return;
    }
    // End of the slice: delayable only if someone else would take over.
    Tcb* h = cpu.ready.highest();
    bool others = h && h->priority >= cur.priority;
    if (others && delay_preemption(cpu, cur)) {
        cur.remaining_ticks = cur.timeslice_ticks;
        return;
    }
    yield();
}

void donate(Tcb& dest) {
    Cpu_local& cpu = port::cpu_local();
    Tcb& cur = *cpu.current;
    // dest uses up what is left of the caller's slice; the caller's turn
    // ends as with yield(), so it later starts a fresh slice.
    dest.remaining_ticks = max<word_t>(cur.remaining_ticks, 1);
    cur.remaining_ticks = cur.timeslice_ticks;
    cpu.ready.enqueue(cur);
    cpu.ready.dequeue(dest);
    cpu.resched = false;
    switch_to(cpu, cur, dest);
}

}  // namespace kern
