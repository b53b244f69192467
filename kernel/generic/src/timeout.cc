// SPDX-License-Identifier: BSD-2-Clause
// Time values and IPC timeouts (see kern/timeout.hpp): a hashed timing
// wheel per CPU. A deadline d belongs to granule g = d / tick_us and sits in
// slot g % timeout_slots. Each tick scans the slots from the first granule
// not yet finished up to the current one; an entry whose deadline is still
// ahead (a later round of the wheel, or later in the current granule) stays.
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/ipc.hpp>
#include <kern/lib.hpp>
#include <kern/port/cpu.hpp>
#include <kern/tcb.hpp>
#include <kern/timeout.hpp>

namespace kern {

namespace {

constexpr uint64_t granule_us = 1000000 / config::tick_hz;

struct Wheel {
    Tcb* slot[timeout_slots] = {};
    uint64_t next_granule = 0;   // first granule whose slot may still hold due entries
};

// Indexed by CPU number; each CPU only ever touches its own.
Wheel wheels[config::max_cpus];

constexpr unsigned slot_of(uint64_t granule) { return static_cast<unsigned>(granule % timeout_slots); }

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
    Wheel& w = wheels[t.cpu];
    // A deadline in a granule already passed goes where the next tick looks.
    uint64_t g = max(t.wakeup_us / granule_us, w.next_granule);
    unsigned s = slot_of(g);
    t.timer_prev = nullptr;
    t.timer_next = w.slot[s];
    if (t.timer_next) t.timer_next->timer_prev = &t;
    w.slot[s] = &t;
    t.timer_slot = static_cast<uint16_t>(s);
    t.timer_armed = true;
}

void timeout_cancel(Tcb& t) {
    if (!t.timer_armed) return;
    if (t.timer_prev) t.timer_prev->timer_next = t.timer_next;
    else wheels[t.cpu].slot[t.timer_slot] = t.timer_next;
    if (t.timer_next) t.timer_next->timer_prev = t.timer_prev;
    t.timer_next = t.timer_prev = nullptr;
    t.timer_armed = false;
}

unsigned timeout_check(size_t* count) {
    unsigned bad = 0;
    *count = 0;
    for (unsigned cpu = 0; cpu < config::max_cpus; ++cpu) {
        const Wheel& w = wheels[cpu];
        for (unsigned s = 0; s < timeout_slots; ++s) {
            const Tcb* prev = nullptr;
            size_t n = 0;
            for (const Tcb* t = w.slot[s]; t; prev = t, t = t->timer_next) {
                // The slot is the deadline's own, or (for a deadline that
                // had passed when armed) one at or after it.
                if (t->timer_prev != prev || !t->timer_armed || t->wakeup_us == 0 ||
                    t->timer_slot != s || t->cpu != cpu) {
                    printf("check: timeout wheel broken at thread %lx (cpu %u slot %u)\n",
                           t->global_id.raw(), cpu, s);
                    return bad + 1;
                }
                if (++n > (size_t{1} << 20)) {
                    printf("check: timeout slot %u does not end\n", s);
                    return bad + 1;
                }
            }
            *count += n;
        }
    }
    return bad;
}

void timeout_expire(uint64_t now) {
    Wheel& w = wheels[port::cpu_local().index];
    uint64_t now_g = now / granule_us;
    if (now_g < w.next_granule) return;
    // After a long stall one round covers every slot: never more than the
    // whole wheel per tick.
    uint64_t first = now_g - w.next_granule >= timeout_slots ? now_g - (timeout_slots - 1)
                                                            : w.next_granule;
    for (uint64_t g = first; g <= now_g; ++g) {
        Tcb* t = w.slot[slot_of(g)];
        while (t) {
            Tcb* next = t->timer_next;
            if (t->wakeup_us <= now) {
                timeout_cancel(*t);
                ipc_timed_out(*t);
            }
            t = next;
        }
    }
    // The current granule is scanned again next time: deadlines later in
    // it are still ahead.
    w.next_granule = now_g;
}

}  // namespace kern
