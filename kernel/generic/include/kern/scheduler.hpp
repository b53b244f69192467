// SPDX-License-Identifier: BSD-2-Clause
// Per-CPU ready queue: 256 priorities (255 runs first), round robin inside a
// priority. Finding the highest ready priority is a bitmap scan, so every
// operation is O(1) and bounded. The queue holds the threads that are ready
// but not running: the running thread of a CPU is never in it.
#pragma once

#include <kern/types.hpp>

namespace kern {

struct Tcb;

class Ready_queue {
public:
    static constexpr unsigned priorities = 256;

    /// Appends t at the tail of its priority's ring (no-op if queued).
    void enqueue(Tcb& t);
    /// Queues t (if needed) and makes it the head of its priority's ring,
    /// so it runs next among its peers (IPC partners).
    void enqueue_front(Tcb& t);
    /// Removes t if it is queued; harmless otherwise.
    void dequeue(Tcb& t);
    /// The thread to run next (head of the highest non-empty ring), or nullptr.
    Tcb* highest() const { return _top < 0 ? nullptr : _head[_top]; }
    /// True if a thread of a priority above 'priority' is queued.
    bool any_above(unsigned priority) const { return _top > static_cast<int32_t>(priority); }
    bool empty() const { return _top < 0; }
    /// The head of one priority's ring, or nullptr (the debugger's view).
    const Tcb* head(unsigned priority) const { return _head[priority]; }

    /// Checks rings against the bitmap and the threads' own fields; counts
    /// the queued threads. Returns the number of violations (printed).
    unsigned check(size_t* queued) const;

    // For the generated assembly offsets (kern_asm_offsets.h).
    static constexpr size_t top_offset() { return __builtin_offsetof(Ready_queue, _top); }

private:
    int32_t top_from_bitmap() const;

    static constexpr unsigned words = priorities / 64;
    // The highest priority with a queued thread, -1 if none: kept on every
    // enqueue and dequeue (a bitmap scan only when that ring empties), so
    // choosing the next thread and the preemption tests read one word
    // (the fast paths compare it as a signed 32-bit word).
    int32_t _top = -1;
    uint64_t _bitmap[words] = {};
    Tcb* _head[priorities] = {};
};

/// Takes the next thread for this CPU out of the ready queue and switches
/// to it (the current thread must have been queued if it is to run again,
/// or be blocked). Interrupts disabled.
void schedule();

/// The current thread has blocked and has just woken 'next' (its IPC
/// partner, not queued): switches to next directly, as make_ready_front +
/// schedule would, unless a higher-priority thread is ready (then next is
/// queued first among its peers and that thread runs). Interrupts disabled.
void switch_to_woken(Tcb& next);

/// Makes t runnable on its CPU. Never switches by itself: callers finish
/// their operation and then call preempt_check() (or block).
void make_ready(Tcb& t);
/// Like make_ready, but t runs before its peers of the same priority.
void make_ready_front(Tcb& t);

/// Switches away if a thread of higher priority than the current one is
/// ready (or the current one is no longer runnable). Cheap when nothing
/// that could preempt became ready since the last check.
void preempt_check();

/// Something other than make_ready changed who should run (a priority
/// changed): the next preempt_check looks at the ready queue.
void request_reschedule();

/// Removes t from its ready queue (it blocks or halts).
void make_unready(Tcb& t);

/// Current thread gives up the rest of its time slice.
void yield();

/// Called on every timer tick: accounts the time slice (its end is a yield), ends an
/// expired delayed preemption.
void scheduler_tick();

/// ThreadSwitch to a ready thread of this CPU (x2-api 4.5): dest runs now,
/// whatever its priority, on the caller's remaining time slice; the caller
/// goes behind its priority's peers as in yield().
void donate(Tcb& dest);

/// Total quantum (x2-api 4.6; kern/quantum.cc), called at every timer tick with the clock:
/// charges the time since the previous tick to the current thread t.
/// Returns true when its quantum has just run out; its quantum is Never
/// from then on unless its scheduler sets a new one.
bool quantum_tick(Tcb& t, uint64_t now);
/// Sends the preemption message (x2-api 7.3: label -3, u = 2, MR1 = clock,
/// MR2 = 0) to t's scheduler as a call on t's behalf (t is current) and
/// returns after the reply; t's MRs and ErrorCode are preserved.
void preemption_ipc(Tcb& t, uint64_t clock);

}  // namespace kern
