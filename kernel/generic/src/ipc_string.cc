// SPDX-License-Identifier: BSD-2-Clause
// String items: the copy engine and the locked transfer state (see
// kern/ipc_string.hpp and docs/ipc.md "String items").
//
// The copier translates both user addresses through the page tables and
// copies through the physmap, one piece of at most a page at a time. A
// missing page is resolved by a page-fault IPC of the thread that owns the
// space: the copier does its own fault IPC itself; a fault in the partner's
// space is handed to the partner, which sleeps inside its own system call
// and is woken with a request. Meanwhile the other party sleeps "locked".
#include <arch/pt_format.hpp>
#include <kern/cpu_local.hpp>
#include <kern/ipc.hpp>
#include <kern/ipc_string.hpp>
#include <kern/lib.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/saved_mrs.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/timeout.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

constexpr unsigned last_br = 32;
constexpr word_t user_top = arch::Pt_format::user_top;
// Bytes copied between two preemption points (interrupt window + check).
constexpr word_t window_bytes = 4 * KiB;

constexpr bool is_string_header(word_t w) { return ((w >> 3) & 1) == 0; }
constexpr unsigned substrings(word_t w) { return static_cast<unsigned>((w >> 4) & 0x1f) + 1; }
constexpr bool continues(word_t w) { return (w >> 9) & 1; }

// A walk over the substrings of one (compound) string: a send string in the
// sender's MRs or a receive buffer in the receiver's BRs. The words live in
// a UTCB that other threads of the space can change at any time, so every
// header is checked again when it is loaded.
class Cursor {
public:
    Cursor(Tcb& t, bool brs, unsigned last) : _t(&t), _brs(brs), _last(last) {}

    word_t word(unsigned i) const { return _brs ? _t->br(i) : _t->mr(i); }

    /// Checks the items from 'first' and returns the index after the
    /// string's last word in *end; false if an item is not a string item or
    /// does not fit.
    bool parse(unsigned first, unsigned* end) const {
        unsigned i = first;
        for (;;) {
            if (i < 1 || i > _last) return false;
            word_t w = word(i);
            if (!is_string_header(w) || i + substrings(w) > _last) return false;
            i += substrings(w) + 1;
            if (!continues(w)) break;
        }
        *end = i;
        return true;
    }

    bool load(unsigned hdr) {
        if (hdr < 1 || hdr > _last) return false;
        word_t w = word(hdr);
        if (!is_string_header(w) || hdr + substrings(w) > _last) return false;
        _hdr = hdr;
        _len = w >> 10;
        _subs = substrings(w);
        _cont = continues(w);
        _k = 0;
        _pos = 0;
        return true;
    }

    /// Moves to the next byte of the string; false at its end (*bad if an
    /// item on the way is malformed).
    bool settle(bool* bad) {
        for (;;) {
            if (_k < _subs && _pos < _len) return true;
            if (_k < _subs) {
                ++_k;  // substring done (or empty)
                _pos = 0;
                continue;
            }
            if (!_cont) return false;
            if (!load(_hdr + _subs + 1)) {
                *bad = true;
                return false;
            }
        }
    }

    /// The user address of the current byte; false if it is outside the user part.
    bool address(word_t* va) const {
        word_t base = word(_hdr + 1 + _k);
        if (base >= user_top || _pos >= user_top - base) return false;
        *va = base + _pos;
        return true;
    }
    word_t left() const { return _len - _pos; }
    void advance(word_t n) { _pos += n; }

private:
    Tcb* _t;
    bool _brs;
    unsigned _last;
    unsigned _hdr = 0, _subs = 0, _k = 0;
    word_t _len = 0, _pos = 0;
    bool _cont = false;
};

Tcb* partner_of(const Xfer& x) { return x.copier == x.sender ? x.receiver : x.sender; }

// Wakes a locked thread to continue the transfer (no halt, no IPC end).
void xfer_wake(Tcb& t) {
    timeout_cancel(t);
    t.wakeup_us = 0;
    t.state = Thread_state::running;
    make_ready_front(t);
}

// Sleeps locked in the transfer, with its deadline if one is armed.
void xfer_sleep(Tcb& t, const Xfer& x) {
    t.state = Thread_state::waiting_receive;
    t.fast_resumable = false;
    if (x.deadline) {
        t.wakeup_us = x.deadline;
        timeout_arm(t);
    }
    make_unready(t);
    schedule();
}

void lock(Xfer& x) {
    x.locked = true;
    x.sender->xfer = x.receiver->xfer = &x;
    Tcb& p = *partner_of(x);
    timeout_cancel(p);  // send/receive timeouts stop counting (x2-api 5.4)
    p.wakeup_us = 0;
    p.fast_resumable = false;
    p.state = Thread_state::waiting_receive;  // a sender is off its queue now
}

// X.2 7.1 on behalf of t: its MRs, ErrorCode and the state of the IPC it
// is in stay as they were.
bool fault_ipc(Tcb& t, word_t addr, Rights access, word_t ip) {
    Thread_id pager(t.tcr(WALNUT_TCR_PAGER));
    if (pager.is_nil() || !t.utcb) return false;
    Saved_mrs<3> saved_mrs(t);
    // ... and the state of the IPC t is locked in.
    struct {
        word_t ipc_error;
        Thread_id from, recv_spec;
        Tcb* send_to;
        uint16_t recv_timeout;
        bool user_ipc, ipc_done, recv_after_send;
        Tcb::Acceptor acceptor;
    } saved{t.ipc_error, t.ipc_from, t.recv_spec, t.send_to, t.recv_timeout, t.user_ipc,
            t.ipc_done, t.recv_after_send, t.acceptor};
    load_page_fault_message(t, addr, access, ip);
    t.send_to = nullptr;
    bool ok = kernel_call(pager);
    t.ipc_from = saved.from;
    t.recv_spec = saved.recv_spec;
    t.recv_timeout = saved.recv_timeout;
    t.user_ipc = saved.user_ipc;
    t.recv_after_send = saved.recv_after_send;
    t.acceptor = saved.acceptor;
    // If the copier was deleted meanwhile (t.xfer cleared), it has already
    // written the result of t's own IPC: keep that.
    if (t.xfer) {
        t.ipc_error = saved.ipc_error;
        t.ipc_done = saved.ipc_done;
        t.send_to = saved.send_to;
    }
    return ok;
}

// The transfer timeout starts with the first fault (x2-api 5.9): the earlier
// of the sender's send and the receiver's receive transfer timeout.
bool arm_timeout(Xfer& x) {
    if (x.armed) return true;
    x.armed = true;
    auto snd = static_cast<uint16_t>(x.sender->tcr(WALNUT_TCR_XFER_TIMEOUT) >> 16);
    auto rcv = static_cast<uint16_t>(x.receiver->tcr(WALNUT_TCR_XFER_TIMEOUT));
    if (snd == time_zero || rcv == time_zero) {
        x.sender_expired = snd == time_zero;
        x.receiver_expired = rcv == time_zero;
        xfer_stop(x, Ipc_error::xfer_timeout_self);
        return false;
    }
    uint64_t now = port::clock_us();
    uint64_t ds = deadline_of(snd, now), dr = deadline_of(rcv, now);
    if (!ds && !dr) return true;
    x.deadline = !ds ? dr : !dr ? ds : min(ds, dr);
    x.sender_expired = ds == x.deadline;
    x.receiver_expired = dr == x.deadline;
    // The partner sleeps now: it carries the deadline.
    Tcb& p = *partner_of(x);
    p.wakeup_us = x.deadline;
    timeout_arm(p);
    return true;
}

// Makes va accessible in owner's space; false if the transfer must stop.
bool resolve(Xfer& x, Tcb& owner, word_t va, Rights access) {
    Space& sp = *owner.space;
    if (sp.is_sigma0) return mapdb::sigma0_identity(sp, va, page_shift);
    if (!arm_timeout(x)) return false;
    // X.2 7.1: a fault in the receiver's space reports IP = -1.
    word_t ip = &owner == x.receiver ? ~word_t{0} : owner.user_frame().ip();
    if (&owner == x.copier) {
        x.nested = &owner;
        x.fault_ok = fault_ipc(owner, va, access, ip);
        x.nested = nullptr;
    } else {
        x.request = &owner;
        x.fault_addr = va;
        x.fault_access = access;
        x.fault_ip = ip;
        x.fault_ok = false;
        xfer_wake(owner);
        xfer_sleep(*x.copier, x);
    }
    return x.error == Ipc_error::none && x.fault_ok;
}

// Copies one piece (at most a page) between physmap addresses: by words
// when both sides allow it (the pieces rarely overlap: only within one
// space, where memmove keeps the byte-stream meaning).
void copy_piece(void* to, const void* from, word_t n) {
    auto d = reinterpret_cast<word_t>(to), s = reinterpret_cast<word_t>(from);
    bool overlap = d < s + n && s < d + n;
    if (overlap || ((d | s | n) & (sizeof(word_t) - 1))) {
        memmove(to, from, n);
        return;
    }
    auto* dw = static_cast<word_t*>(to);
    const auto* sw = static_cast<const word_t*>(from);
    word_t words = n / sizeof(word_t), i = 0;
    for (; i + 4 <= words; i += 4) {
        word_t w0 = sw[i], w1 = sw[i + 1], w2 = sw[i + 2], w3 = sw[i + 3];
        dw[i] = w0;
        dw[i + 1] = w1;
        dw[i + 2] = w2;
        dw[i + 3] = w3;
    }
    for (; i < words; ++i) dw[i] = sw[i];
}

// Lets pending interrupts (timer ticks) in and a higher-priority thread run;
// the transfer stays locked meanwhile.
void preemption_point() {
    // The thread's own flag, not the CPU's: a tick in the window may switch
    // to other threads, which must not look as if they were inside it.
    Tcb& self = Tcb::current();
    self.in_kernel_window = true;  // a tick now interrupts the kernel, not user code
    port::irq_enable();
    (void)port::clock_us();  // a few instructions with interrupts open
    port::irq_disable();
    self.in_kernel_window = false;
    preempt_check();
}

Ipc_error copy(Xfer& x, Cursor& snd, Cursor& rcv) {
    word_t since_window = 0;
    for (;;) {
        if (x.error != Ipc_error::none) return x.error;
        bool bad = false;
        if (!snd.settle(&bad)) return bad ? Ipc_error::overflow : Ipc_error::none;
        if (!rcv.settle(&bad)) return Ipc_error::overflow;  // longer than the buffer
        Tcb& s = *x.sender;
        Tcb& r = *x.receiver;
        word_t sa, ra;
        if (!snd.address(&sa) || !rcv.address(&ra)) return Ipc_error::overflow;
        word_t n = min(min(snd.left(), rcv.left()),
                       min(page_size - (sa & (page_size - 1)), page_size - (ra & (page_size - 1))));
        if (r.space->in_kernel_areas(ra, n)) return Ipc_error::overflow;
        paddr_t spa, rpa;
        Rights rights;
        if (!s.space->translate(sa, &spa, &rights) || !has(rights, Rights::r)) {
            if (!resolve(x, s, sa, Rights::r)) break;
            continue;
        }
        if (!r.space->translate(ra, &rpa, &rights) || !has(rights, Rights::w)) {
            if (!resolve(x, r, ra, Rights::w)) break;
            continue;
        }
        copy_piece(port::phys_to_virt(rpa), port::phys_to_virt(spa), n);
        snd.advance(n);
        rcv.advance(n);
        x.offset += n;
        since_window += n;
        if (since_window >= window_bytes) {
            since_window = 0;
            preemption_point();
        }
    }
    // A fault could not be resolved (no pager, failed fault IPC), or the
    // transfer was stopped meanwhile.
    return x.error != Ipc_error::none ? x.error : Ipc_error::overflow;
}

// One fault request of the copier, on the partner's own stack.
void serve_one(Tcb& self) {
    Xfer& x = *self.xfer;
    x.request = nullptr;
    bool ok = false;
    if (x.error == Ipc_error::none) {
        x.nested = &self;
        ok = fault_ipc(self, x.fault_addr, x.fault_access, x.fault_ip);
        // The copier was deleted meanwhile: the transfer (on its stack) is
        // gone and our IPC has been ended for us.
        if (!self.xfer) return;
        x.nested = nullptr;
    }
    x.fault_ok = ok;
    xfer_wake(*x.copier);
    xfer_sleep(self, x);
}

}  // namespace

Ipc_error xfer_string(Xfer& x, unsigned* i, unsigned last) {
    Tcb& s = *x.sender;
    Tcb& r = *x.receiver;
    if (r.acceptor != Tcb::Acceptor::utcb || !(r.br(0) & 1)) return Ipc_error::overflow;
    unsigned first = *i, end;
    Cursor snd(s, false, last);
    if (!snd.parse(first, &end)) return Ipc_error::overflow;
    for (unsigned k = first; k < end; ++k) r.mr(k) = s.mr(k);
    *i = end;
    unsigned buffer = x.next_buffer, buffer_end;
    Cursor rcv(r, true, last_br);
    if (buffer == 0 || !rcv.parse(buffer, &buffer_end)) return Ipc_error::overflow;
    // C of the buffer's first header: another buffer follows it.
    x.next_buffer = (r.br(buffer) & 1) ? buffer_end : 0;
    if (!snd.load(first) || !rcv.load(buffer)) return Ipc_error::overflow;
    if (!x.locked) lock(x);
    return copy(x, snd, rcv);
}

void xfer_unlock(Xfer& x) {
    x.locked = false;
    if (x.sender) x.sender->xfer = nullptr;
    if (x.receiver) x.receiver->xfer = nullptr;
    if (Tcb* p = partner_of(x)) {
        timeout_cancel(*p);
        p->wakeup_us = 0;
    }
}

word_t xfer_error_word(const Xfer& x, const Tcb& t, Ipc_error e) {
    if (e == Ipc_error::none) return 0;
    bool receiving = &t == x.receiver;
    if (e == Ipc_error::xfer_timeout_self || e == Ipc_error::xfer_timeout_partner)
        e = (receiving ? x.receiver_expired : x.sender_expired) ? Ipc_error::xfer_timeout_self
                                                                : Ipc_error::xfer_timeout_partner;
    word_t w = (static_cast<word_t>(e) << 1) | (receiving ? 1u : 0u);
    if (e >= Ipc_error::overflow) w |= x.offset << 4;
    return w;
}

void xfer_serve_pending(Tcb& self) {
    while (self.xfer && self.xfer->request == &self) serve_one(self);
}

void xfer_stop(Xfer& x, Ipc_error e) {
    if (x.error != Ipc_error::none) return;
    x.error = e;
    // A fault IPC in progress for this transfer is canceled; its thread
    // then sees the error and hands back.
    Tcb* n = x.nested;
    if (n && (n->state == Thread_state::waiting_send || n->state == Thread_state::waiting_receive))
        ipc_fail(*n, Ipc_error::canceled, n->state == Thread_state::waiting_receive);
}

void xfer_timed_out(Tcb& t) { xfer_stop(*t.xfer, Ipc_error::xfer_timeout_self); }

void xfer_detach(Tcb& t) {
    Xfer& x = *t.xfer;
    t.xfer = nullptr;
    if (&t == x.copier) {
        // The transfer lives on t's stack: end the partner's IPC now.
        Tcb* p = partner_of(x);
        if (!p) return;
        p->xfer = nullptr;
        word_t error = xfer_error_word(x, *p, x.error != Ipc_error::none ? x.error : Ipc_error::aborted);
        bool waiting = p->state == Thread_state::waiting_send || p->state == Thread_state::waiting_receive;
        if (x.nested == p && waiting) {
            // Its fault IPC for this transfer is pointless now: cancel it.
            ipc_fail(*p, Ipc_error::canceled, p->state == Thread_state::waiting_receive);
        } else if (x.nested != p && x.request != p && waiting) {
            ipc_fail(*p, Ipc_error::aborted, p == x.receiver);  // asleep, locked
        }
        p->ipc_done = true;
        p->send_to = nullptr;
        p->ipc_error = error;
        return;
    }
    // t is the partner: the copier stops at its next step.
    bool was_nested = x.nested == &t;
    if (&t == x.sender) x.sender = nullptr;
    else x.receiver = nullptr;
    if (x.request == &t) x.request = nullptr;
    if (was_nested) x.nested = nullptr;  // the caller cancels t's own fault IPC
    xfer_stop(x, Ipc_error::aborted);
    Tcb& c = *x.copier;
    if (c.state == Thread_state::waiting_receive && x.nested != &c) xfer_wake(c);
}

bool xfer_role(const Tcb& t, bool* is_sender) {
    if (!t.xfer) return false;
    *is_sender = t.xfer->sender == &t;
    return true;
}

}  // namespace kern
