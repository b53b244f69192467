// SPDX-License-Identifier: BSD-2-Clause
// Time values and IPC timeouts (see kern/timeout.hpp).
#include <kern/console.hpp>
#include <kern/ipc.hpp>
#include <kern/tcb.hpp>
#include <kern/timeout.hpp>

namespace kern {

namespace {
// One list for now (one CPU runs); SMP gives each CPU its own.
Tcb* timeout_head = nullptr;
}  // namespace

uint64_t deadline_of(uint16_t time, uint64_t now) {
    if (time == time_never) return 0;
    uint64_t m = time & 0x3ff;
    if (!(time & 0x8000)) {
        unsigned e = (time >> 10) & 0x1f;
        uint64_t period = m << e;
        return now + (period ? period : 1);
    }
    // Point: the first future clock value whose bits [e+9 .. e] are m and
    // whose bit e+10 is c (X.2's intent; Pistachio never implemented it).
    unsigned e = (time >> 11) & 0xf;
    uint64_t c = (time >> 10) & 1;
    uint64_t span = uint64_t{1} << (e + 11);
    uint64_t t = (now & ~(span - 1)) | (c << (e + 10)) | (m << e);
    if (t <= now) t += span;
    return t;
}

void timeout_arm(Tcb& t) {
    timeout_cancel(t);
    Tcb** link = &timeout_head;
    Tcb* prev = nullptr;
    while (*link && (*link)->wakeup_us <= t.wakeup_us) {
        prev = *link;
        link = &(*link)->timer_next;
    }
    t.timer_next = *link;
    t.timer_prev = prev;
    if (t.timer_next) t.timer_next->timer_prev = &t;
    *link = &t;
}

void timeout_cancel(Tcb& t) {
    if (t.timer_prev) t.timer_prev->timer_next = t.timer_next;
    else if (timeout_head == &t) timeout_head = t.timer_next;
    else return;  // not on the list
    if (t.timer_next) t.timer_next->timer_prev = t.timer_prev;
    t.timer_next = t.timer_prev = nullptr;
}

unsigned timeout_check(size_t* count) {
    unsigned bad = 0;
    *count = 0;
    const Tcb* prev = nullptr;
    for (const Tcb* t = timeout_head; t; prev = t, t = t->timer_next) {
        if (t->timer_prev != prev || t->wakeup_us == 0 || (prev && prev->wakeup_us > t->wakeup_us)) {
            printf("check: timeout list broken at thread %lx\n", t->global_id.raw());
            return bad + 1;
        }
        ++*count;
    }
    return bad;
}

const Tcb* timeout_first() { return timeout_head; }

void timeout_expire(uint64_t now) {
    while (timeout_head && timeout_head->wakeup_us <= now) {
        Tcb& t = *timeout_head;
        timeout_cancel(t);
        ipc_timed_out(t);
    }
}

}  // namespace kern
