// SPDX-License-Identifier: BSD-2-Clause
// Priority round-robin scheduling on each CPU. The running thread stays in
// its ready ring; rotating the ring ends its turn. Time slices are counted in
// timer ticks.
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>

namespace kern {

void Ready_queue::enqueue(Tcb& t) {
    if (t.queued) return;
    Tcb*& head = _head[t.priority];
    if (!head) {
        t.ready_next = t.ready_prev = &t;
        head = &t;
        _bitmap[t.priority / 64] |= uint64_t{1} << (t.priority % 64);
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

Tcb* Ready_queue::highest() const {
    for (unsigned w = words; w-- > 0;)
        if (_bitmap[w]) return _head[w * 64 + msb(_bitmap[w])];
    return nullptr;
}

void Ready_queue::rotate(Tcb& t) {
    if (t.queued && _head[t.priority] == &t) _head[t.priority] = t.ready_next;
}

unsigned Ready_queue::check(size_t* queued) const {
    unsigned bad = 0;
    *queued = 0;
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

bool Ready_queue::empty() const {
    for (uint64_t w : _bitmap)
        if (w) return false;
    return true;
}

namespace {

void switch_to(Cpu_local& cpu, Tcb& prev, Tcb& next) {
    if (next.space && next.space != prev.space) next.space->activate();
    if (next.utcb) port::set_utcb_pointer(next.local_id(), next.user_frame());
    cpu.current = &next;
    port::switch_context(prev.context, next.context, next.kstack_top());
}

}  // namespace

void schedule() {
    Cpu_local& cpu = port::cpu_local();
    Tcb* next = cpu.ready.highest();
    if (!next) next = cpu.idle;
    Tcb* prev = cpu.current;
    if (next == prev) return;
    switch_to(cpu, *prev, *next);
}

namespace {

void note_ready(Cpu_local& cpu, const Tcb& t) {
    if (cpu.current == cpu.idle || t.priority > cpu.current->priority) cpu.resched = true;
}

}  // namespace

void make_ready(Tcb& t) {
    if (t.remaining_ticks == 0) t.remaining_ticks = t.timeslice_ticks;
    Cpu_local& cpu = port::cpu_local();
    cpu.ready.enqueue(t);
    note_ready(cpu, t);
}

void make_ready_front(Tcb& t) {
    if (t.remaining_ticks == 0) t.remaining_ticks = t.timeslice_ticks;
    Cpu_local& cpu = port::cpu_local();
    cpu.ready.enqueue_front(t);
    note_ready(cpu, t);
}

void request_reschedule() { port::cpu_local().resched = true; }

void preempt_check() {
    Cpu_local& cpu = port::cpu_local();
    // Only a thread made ready since the last look can preempt: a blocked
    // current thread switches away in block() itself.
    if (!cpu.resched && cpu.current->queued) return;
    cpu.resched = false;
    Tcb* h = cpu.ready.highest();
    Tcb* cur = cpu.current;
    if (h && h != cur && (cur == cpu.idle || !cur->queued || h->priority > cur->priority)) schedule();
}

void make_unready(Tcb& t) { port::cpu_local().ready.dequeue(t); }

void yield() {
    Cpu_local& cpu = port::cpu_local();
    Tcb& cur = *cpu.current;
    cpu.ready.rotate(cur);
    cur.remaining_ticks = cur.timeslice_ticks;
    schedule();
}

void scheduler_tick() {
    Cpu_local& cpu = port::cpu_local();
    Tcb& cur = *cpu.current;
    if (&cur == cpu.idle || !cur.queued) return;
    if (cur.remaining_ticks > 1) {
        --cur.remaining_ticks;
        return;
    }
    yield();
}

}  // namespace kern
