// SPDX-License-Identifier: BSD-2-Clause
// Synchronous IPC, the generic path (x2-api section 5).
//
// A thread that blocks sleeps inside its own system call on its own kernel
// stack. Whoever completes its IPC (the partner, a timeout, a cancel) does
// the work for it, records the result in its TCB (ipc_done, ipc_error,
// ipc_from) and makes it ready; the sleeper then returns that result. A
// caller's switch from its send to its receive phase is made by the
// receiver that takes its message, so a reply can never miss it.
#include <arch/pt_format.hpp>
#include <kern/interrupt.hpp>
#include <kern/ipc.hpp>
#include <kern/ipc_string.hpp>
#include <kern/ipc_routing.hpp>
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/kip.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/cpu.hpp>
#include <kern/ring.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>
#include <kern/timeout.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

constexpr word_t tag_error = word_t{1} << 15;
constexpr word_t tag_kernel_bits = (word_t{1} << 15) | (word_t{1} << 14) | (word_t{1} << 13) |
                                   (word_t{1} << 12);  // E X r p: never passed through as sent

constexpr word_t error_word(Ipc_error e, bool receive_phase) {
    return (static_cast<word_t>(e) << 1) | (receive_phase ? 1u : 0u);
}

// ---- send queues -------------------------------------------------------------

using Send_queue = Ring<Tcb, &Tcb::sendq_next, &Tcb::sendq_prev>;

void sendq_add(Tcb& dest, Tcb& s) { Send_queue::push_back(dest.sendq_head, s); }
void sendq_remove(Tcb& dest, Tcb& s) { Send_queue::remove(dest.sendq_head, s); }

// A FromSpecifier names the sender by exact global id, or by its local id
// within the receiver's space: plain comparisons, no lookup.
bool names_sender(const Tcb& receiver, const Tcb& sender) {
    Thread_id spec = receiver.recv_spec;
    if (spec.is_any() || spec == sender.global_id) return true;
    bool same_space = sender.space == receiver.space;
    if (spec.is_any_local()) return same_space;
    return spec.is_local() && same_space && sender.utcb_uva && spec.raw() == sender.local_id();
}

// ... or, for a propagated message, the virtual sender (x2-api 5.2).
[[gnu::noinline]] bool accepts_slow(const Tcb& receiver, Tcb& sender) {
    if (names_sender(receiver, sender)) return true;
    const Tcb* v = ipc_virtual_sender(sender, receiver);
    return v && names_sender(receiver, *v);
}
// The common cases first, inline: an open wait, or a wait for exactly the sender.
inline bool accepts(const Tcb& receiver, Tcb& sender) {
    Thread_id spec = receiver.recv_spec;
    return spec.is_any() || spec == sender.global_id || accepts_slow(receiver, sender);
}

// The first queued sender the receiver accepts (FIFO order).
Tcb* sendq_find(const Tcb& receiver) {
    Tcb* head = receiver.sendq_head;
    if (!head) return nullptr;
    Tcb* s = head;
    do {
        if (accepts(receiver, *s)) return s;
        s = s->sendq_next;
    } while (s != head);
    return nullptr;
}

// ---- waking and blocking -------------------------------------------------------

// A thread waiting in the receive phase of its own Ipc system call, with no
// deadline and its own acceptor, needs nothing from its kernel stack when
// its message comes: a fast path may complete it by writing its user frame
// and returning it to user mode directly (docs/fastpath.md).
// Only the fast paths read the flag: without them it is never set.
[[maybe_unused]] bool fast_resumable_wait(const Tcb& t) {
    return t.state == Thread_state::waiting_receive && t.user_ipc &&
           t.wakeup_us == 0 && t.acceptor == Tcb::Acceptor::utcb && !t.halt_requested;
}

// Ends the wait of a thread whose IPC is over. Returns true if it can run
// now, false if a halt request stopped it instead.
bool end_wait(Tcb& t) {
    if (t.wakeup_us) {  // only threads with a deadline are on the wheel
        timeout_cancel(t);
        t.wakeup_us = 0;  // a running thread has none (the fast paths rely on it)
    }
    if constexpr (config::fastpath) t.fast_resumable = false;  // (else never set)
    if (t.halt_requested) {
        t.state = Thread_state::halted;
        return false;
    }
    t.state = Thread_state::running;
    return true;
}

// Makes a thread whose IPC ended runnable again (or halted, if asked for).
// It goes to the front of its priority, so a partner runs next.
void wake(Tcb& t) {
    if (end_wait(t)) make_ready_front(t);
}

// Sleeps until someone ends this thread's wait. Interrupts stay disabled:
// the switch happens inside the scheduler. 'woken' is a thread this one
// has just woken (its IPC partner, not queued): it runs next, directly,
// unless a higher-priority thread is ready. The running thread is never
// in the ready queue, so there is nothing to take out.
[[gnu::always_inline]] inline void block(Tcb& self, Thread_state state, uint16_t timeout,
                                         Tcb* woken = nullptr) {
    self.state = state;
    self.wakeup_us = timeout == time_never ? 0 : deadline_of(timeout, port::clock_us());
    if (self.wakeup_us) timeout_arm(self);
    if constexpr (config::fastpath) self.fast_resumable = fast_resumable_wait(self);
    if (woken) switch_to_woken(*woken);
    else schedule();
    xfer_serve_requests(self);  // locked in a string transfer: page faults for the copier
}

// ---- message transfer ------------------------------------------------------------

// X.2 5.6: where a map or grant item lands in the receiver.
Ipc_error map_item(Tcb& s, Tcb& r, word_t base_word, word_t fpage, bool grant) {
    constexpr unsigned whole = 64;  // log2 size of the complete address space
    word_t acceptor = r.acceptor == Tcb::Acceptor::everything ? 0x10
                      : r.acceptor == Tcb::Acceptor::nothing  ? 0
                                                              : r.br(0) & ~word_t{0xf};
    unsigned w_size = (acceptor >> 4) & 0x3f;
    if (w_size == 0) return Ipc_error::overflow;  // receiver takes no mappings
    if (w_size == 1) w_size = whole;
    if (w_size < page_shift) return Ipc_error::none;  // a window smaller than a page takes nothing
    word_t w_base = w_size == whole ? 0 : acceptor & ~((word_t{1} << w_size) - 1) & ~word_t{0x3ff};

    unsigned f_size = (fpage >> 4) & 0x3f;
    if (f_size == 1 && (fpage >> 10) == 0) f_size = whole;
    if (f_size < page_shift) return Ipc_error::none;  // nil or sub-page fpage: maps nothing
    word_t f_base = f_size == whole ? 0 : fpage & ~((word_t{1} << f_size) - 1);
    auto rights = static_cast<Rights>(fpage & 7);
    word_t b = base_word & ~word_t{0x3ff};

    auto mod = [](word_t v, unsigned bits) { return bits >= 64 ? v : v & ((word_t{1} << bits) - 1); };
    word_t snd, rcv;
    unsigned size;
    if (f_size <= w_size) {
        size = f_size;
        snd = f_base;
        rcv = w_base + (mod(b, w_size) & ~mod(~word_t{0}, f_size));
    } else {
        size = w_size;
        snd = f_base + (mod(b, f_size) & ~mod(~word_t{0}, w_size));
        rcv = w_base;
    }
    if (!s.space || !r.space) return Ipc_error::none;
    if (mapdb::transfer(*s.space, snd, *r.space, rcv, size, rights, grant) != mapdb::Result::ok)
        return Ipc_error::overflow;  // out of kernel memory: the receiver could not take it all
    return Ipc_error::none;
}

// Copies the message of s into r (MRs, then typed items in order). String
// items may block the copier (ipc_string.cc); x records their state.
Ipc_error transfer_items(Tcb& s, Tcb& r, Xfer& x) {
    word_t tag = s.mr(0);
    unsigned u = tag & 0x3f, t = (tag >> 6) & 0x3f;
    r.mr(0) = (tag & ~tag_kernel_bits) | tag_error;  // E stays until the copy succeeded
    if (u + t >= WALNUT_UTCB_MR_COUNT) return Ipc_error::overflow;
    for (unsigned i = 1; i <= u; ++i) r.mr(i) = s.mr(i);
    for (unsigned i = u + 1; i <= u + t;) {
        word_t w0 = s.mr(i);
        unsigned type = (w0 >> 1) & 7;
        if ((type == 4 || type == 5) && i + 1 <= u + t) {
            r.mr(i) = w0;
            r.mr(i + 1) = s.mr(i + 1);
            Ipc_error e = map_item(s, r, w0, s.mr(i + 1), type == 5);
            if (e != Ipc_error::none) return e;
            i += 2;
            continue;
        }
        if (type <= 3) {
            Ipc_error e = xfer_string(x, &i, u + t);
            if (e != Ipc_error::none) return e;
            continue;
        }
        // Unknown types and cut-off items are overflows (x2-api 5.8).
        return Ipc_error::overflow;
    }
    r.mr(0) &= ~tag_error;
    return Ipc_error::none;
}

Ipc_error transfer(Tcb& s, Tcb& r, Xfer& x) {
    Ipc_error e = transfer_items(s, r, x);
    xfer_end(x);
    return e;
}

// The common case: a message of untyped words only cannot fail. Copies it
// and returns true; false (nothing done) if it has typed items.
bool transfer_untyped(Tcb& s, Tcb& r) {
    word_t tag = s.mr(0);
    if (tag & (word_t{0x3f} << 6)) return false;
    unsigned u = tag & 0x3f;
    r.mr(0) = tag & ~tag_kernel_bits;
    for (unsigned i = 1; i <= u; ++i) r.mr(i) = s.mr(i);
    return true;
}

// deliver() of a message with typed items.
[[gnu::noinline]] void deliver_typed(Tcb& s, Tcb& r) {
    Xfer x{.sender = &s, .receiver = &r, .copier = &s};
    Ipc_error e = transfer(s, r, x);
    if (e != Ipc_error::none) s.ipc_error = xfer_error_word(x, s, e);
    if (!x.receiver) return;  // deleted during a string transfer
    r.ipc_from = ipc_route_delivered(s, r);
    r.ipc_error = xfer_error_word(x, r, e);
    r.ipc_done = true;
    wake(r);
}

// Sender s hands its message to the blocked receiver r and ends r's wait.
// With 'hand_off', s blocks right afterwards: r is not queued but returned,
// for block() to switch to directly (an untyped message on s's CPU;
// anything else is queued as usual, and the result is nullptr).
[[gnu::always_inline]] inline Tcb* deliver(Tcb& s, Tcb& r, bool hand_off) {
    if (!transfer_untyped(s, r)) {
        deliver_typed(s, r);
        return nullptr;
    }
    r.ipc_from = ipc_route_delivered(s, r);
    r.ipc_error = 0;
    r.ipc_done = true;
    if (!end_wait(r)) return nullptr;
    if (hand_off && r.cpu == s.cpu) return &r;
    make_ready_front(r);
    return nullptr;
}

// take() of a message with typed items. Returns true if the transfer
// succeeded; otherwise both results are recorded and s is woken (unless
// it was deleted during the transfer).
[[gnu::noinline]] bool take_typed(Tcb& r, Tcb& s) {
    Xfer x{.sender = &s, .receiver = &r, .copier = &r};
    Ipc_error e = transfer(s, r, x);
    if (!x.sender) {  // deleted during a string transfer
        r.ipc_error = xfer_error_word(x, r, e);
        return false;
    }
    if (e == Ipc_error::none) return true;
    r.ipc_from = ipc_route_delivered(s, r);
    r.ipc_error = xfer_error_word(x, r, e);
    s.ipc_error = xfer_error_word(x, s, e);
    s.send_to = nullptr;
    s.ipc_done = true;
    wake(s);
    return false;
}

// Receiver r takes the message of the blocked sender s, then moves s on:
// into its receive phase (call), or back to running.
void take(Tcb& r, Tcb& s) {
    sendq_remove(r, s);
    timeout_cancel(s);
    if (!transfer_untyped(s, r) && !take_typed(r, s)) return;
    r.ipc_from = ipc_route_delivered(s, r);
    s.send_to = nullptr;
    if (!s.recv_after_send) {
        s.ipc_done = true;
        wake(s);
    } else if (sendq_find(s) || interrupt_waiting_for(s)) {
        wake(s);  // a sender or an interrupt waits for s: s runs its receive phase itself
    } else if (s.recv_timeout == time_zero) {
        s.ipc_error = error_word(Ipc_error::timeout, true);
        s.ipc_done = true;
        wake(s);
    } else {
        // Atomic switch to the receive phase: s keeps sleeping, now as a receiver.
        s.state = Thread_state::waiting_receive;
        s.wakeup_us =
            s.recv_timeout == time_never ? 0 : deadline_of(s.recv_timeout, port::clock_us());
        if (s.wakeup_us) timeout_arm(s);
        if constexpr (config::fastpath) s.fast_resumable = fast_resumable_wait(s);
    }
}

// ---- the two phases --------------------------------------------------------------

// What a send phase did: whether it succeeded and, with hand_off (the
// receive phase blocks at once), the receiver to switch to (see deliver()).
struct Sent {
    bool ok;
    Tcb* woken;
};

[[gnu::always_inline]] inline Sent send_phase(Tcb& self, Thread_id to, Thread_id from_spec,
                                              uint16_t snd_time, uint16_t rcv_time, bool hand_off) {
    Tcb* target = resolve_thread(self, to);
    // Interrupt threads have no TCB, so only a failed lookup asks whether
    // the handler acknowledges its interrupt (x2-api 7.4).
    if (!target && is_interrupt_thread(to)) {
        if (interrupt_acknowledge(self, to)) return {true, nullptr};
        self.ipc_error = error_word(Ipc_error::no_partner, false);
        return {false, nullptr};
    }
    Tcb* dest = ipc_redirect(self, target);
    if (!dest) {
        self.ipc_error = error_word(Ipc_error::no_partner, false);
        return {false, nullptr};
    }
    if (dest->state == Thread_state::waiting_receive && !xfer_locked(*dest) && accepts(*dest, self)) {
        Tcb* woken = deliver(self, *dest, hand_off);
        return {self.ipc_error == 0, woken};
    }
    if (dest->state == Thread_state::inactive || dest->state == Thread_state::dead) {
        self.ipc_error = error_word(Ipc_error::no_partner, false);
        return {false, nullptr};
    }
    if (snd_time == time_zero) {
        self.ipc_error = error_word(Ipc_error::timeout, false);
        return {false, nullptr};
    }
    self.send_to = dest;
    self.recv_after_send = !from_spec.is_nil();
    self.recv_spec = from_spec;
    self.recv_timeout = rcv_time;
    sendq_add(*dest, self);
    block(self, Thread_state::waiting_send, snd_time);
    return {self.ipc_error == 0, nullptr};
}

void receive_phase(Tcb& self, Thread_id from_spec, uint16_t rcv_time, bool partner_known) {
    self.recv_spec = from_spec;
    Irq_receive irq = interrupt_receive(self, from_spec);
    if (irq == Irq_receive::delivered) return;
    if (irq == Irq_receive::refused) {
        self.ipc_error = error_word(Ipc_error::no_partner, true);
        return;
    }
    // A call receives from the thread its send phase just reached: no need
    // to look it up again.
    if (!partner_known && irq == Irq_receive::none && !from_spec.is_any() &&
        !from_spec.is_any_local()) {
        Tcb* want = resolve_thread(self, from_spec);
        if (!want || want->state == Thread_state::inactive || want->state == Thread_state::dead) {
            self.ipc_error = error_word(Ipc_error::no_partner, true);
            return;
        }
    }
    if (Tcb* s = sendq_find(self)) {
        take(self, *s);
        return;
    }
    if (rcv_time == time_zero) {
        self.ipc_error = error_word(Ipc_error::timeout, true);
        return;
    }
    block(self, Thread_state::waiting_receive, rcv_time);
}

// The end of every IPC system call: preempt_check() only when something
// could preempt the caller (it runs again, so only a wake-up that asked for
// a reschedule can), which spares the common case a call.
void end_of_ipc(const Tcb& self) {
    if (port::cpu_local().resched || self.state != Thread_state::running) preempt_check();
}

Thread_id finish(Tcb& self) {
    if (self.ipc_error) {
        Ipc_error e = static_cast<Ipc_error>((self.ipc_error >> 1) & 7);
        // A failure before any transfer leaves only E in MR0 (x2-api 5.12).
        if (e == Ipc_error::timeout || e == Ipc_error::no_partner || e == Ipc_error::canceled)
            self.mr(0) = tag_error;
        else
            self.mr(0) |= tag_error;
        self.tcr(WALNUT_TCR_ERROR_CODE) = self.ipc_error;
    }
    return self.ipc_from;
}

}  // namespace

namespace {

// A local id is MyLocalId of a thread in self's space: its UTCB holds the
// global id, which must lead back to the same UTCB.
[[gnu::noinline]] Tcb* resolve_local(const Tcb& self, Thread_id id) {
    word_t global = 0;
    if (!self.space ||
        !self.space->read_user(id.raw() - sizeof(word_t) * -WALNUT_TCR_MY_GLOBAL_ID, &global,
                               sizeof global))
        return nullptr;
    Tcb* t = threads.by_global(Thread_id(global));
    return t && t->space == self.space && t->local_id() == id.raw() ? t : nullptr;
}

}  // namespace

Tcb* resolve_thread(const Tcb& self, Thread_id id) {
    Tcb* t;
    if (id.is_global()) t = threads.by_global(id);  // anythread: no such thread number
    else if (id.is_nil() || id.is_any_local()) return nullptr;
    else t = resolve_local(self, id);
    // Kernel threads (idle) are not partners.
    return t && t->space ? t : nullptr;
}

Thread_id id_as_seen_by(const Tcb& sender, const Tcb& receiver) {
    // Another space first: the common case decides on one comparison.
    // (Kernel threads have neither a space nor a UTCB.)
    if (sender.space != receiver.space || !sender.utcb_uva) return sender.global_id;
    // local_id() without its no-UTCB test, just made (the compiler keeps it).
    return Thread_id(sender.utcb_uva + WALNUT_UTCB_MR0_OFFSET);
}

namespace {

// (The parameters start in sys_ipc's order: no register moves between them.)
Thread_id do_ipc(Thread_id to, Thread_id from_spec, word_t timeouts, Tcb& self, bool user) {
    self.user_ipc = user;
    self.ipc_done = false;
    self.ipc_error = 0;
    self.ipc_from = Thread_id::nil();
    auto snd_time = static_cast<uint16_t>(timeouts >> 16);
    auto rcv_time = static_cast<uint16_t>(timeouts);
    if (!to.is_nil()) {
        // A call or a reply-and-wait whose receive phase will block at
        // once (nothing can be waiting for self, no lookup can fail, the
        // timeout is not zero): a receiver that takes the message runs
        // next, without passing through the ready queue.
        bool blocks_next = (from_spec == to || from_spec.is_any() || from_spec.is_any_local()) &&
                           rcv_time != time_zero && !self.sendq_head && !self.irq_pending;
        Sent sent = send_phase(self, to, from_spec, snd_time, rcv_time, blocks_next);
        if (!sent.ok || self.ipc_done) {
            Thread_id from = finish(self);
            end_of_ipc(self);
            return from;
        }
        if (sent.woken) {
            // receive_phase() would find nothing and block: do just that.
            self.recv_spec = from_spec;
            block(self, Thread_state::waiting_receive, rcv_time, sent.woken);
            Thread_id from = finish(self);
            end_of_ipc(self);
            return from;
        }
    }
    if (!from_spec.is_nil()) receive_phase(self, from_spec, rcv_time, from_spec == to);
    Thread_id from = finish(self);
    end_of_ipc(self);
    return from;
}

}  // namespace

Thread_id sys_ipc(Thread_id to, Thread_id from_spec, word_t timeouts) {
    return do_ipc(to, from_spec, timeouts, Tcb::current(), true);
}

Thread_id kernel_ipc(Thread_id to, Thread_id from_spec, word_t timeouts) {
    return do_ipc(to, from_spec, timeouts, Tcb::current(), false);
}

Thread_id ipc_complete_blocked() {
    Tcb& self = Tcb::current();
    xfer_serve_requests(self);
    Thread_id from = finish(self);
    end_of_ipc(self);
    return from;
}

bool kernel_call(Thread_id to) {
    Tcb& self = Tcb::current();
    self.acceptor = Tcb::Acceptor::everything;
    kernel_ipc(to, to, 0);
    self.acceptor = Tcb::Acceptor::utcb;
    return !(self.mr(0) & tag_error);
}

void ipc_fail(Tcb& t, Ipc_error e, bool receive_phase) {
    if (xfer_locked(t)) return;  // only its transfer may end it (aborts: ipc_cancel)
    if (t.state == Thread_state::waiting_send && t.send_to) sendq_remove(*t.send_to, t);
    t.send_to = nullptr;
    t.ipc_error = error_word(e, receive_phase);
    t.ipc_done = true;
    wake(t);
}

void ipc_complete_receive(Tcb& r, Thread_id from, word_t tag) {
    r.mr(0) = tag;
    r.ipc_from = from;
    r.ipc_error = 0;
    r.ipc_done = true;
    wake(r);
}

void ipc_timed_out(Tcb& t) {
    if (xfer_locked(t)) {
        xfer_timed_out(t);
        return;
    }
    bool sending = t.state == Thread_state::waiting_send;
    if (!sending && t.state != Thread_state::waiting_receive) return;
    ipc_fail(t, Ipc_error::timeout, !sending);
}

void ipc_cancel(Tcb& t, bool send_phase_too, bool receive_phase_too) {
    if (t.xfer) {  // transferring: both IPCs fail with error 7 (x2-api 5.10)
        xfer_stop(*t.xfer, Ipc_error::aborted);
        return;
    }
    bool sending = t.state == Thread_state::waiting_send;
    bool receiving = t.state == Thread_state::waiting_receive;
    if (!(sending && send_phase_too) && !(receiving && receive_phase_too)) return;
    ipc_fail(t, Ipc_error::canceled, receiving);
}

void ipc_detach(Tcb& t) {
    if (t.xfer) xfer_detach(t);  // the partner's IPC fails with error 7
    interrupt_detach(t);
    while (Tcb* s = t.sendq_head) {
        sendq_remove(t, *s);
        s->send_to = nullptr;
        s->ipc_error = error_word(Ipc_error::no_partner, false);
        s->ipc_done = true;
        wake(*s);
    }
    ipc_cancel(t, true, true);
    // Receivers waiting for t specifically: their closed wait can never be
    // satisfied; X.2 leaves them to their timeouts, as Pistachio does.
}

}  // namespace kern
