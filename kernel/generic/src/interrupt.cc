// SPDX-License-Identifier: BSD-2-Clause
// Interrupt threads (x2-api 7.4): association by ThreadControl, delivery of
// a fired line to its handler as an IPC, acknowledgement by an IPC back.
// O(1) per interrupt and no allocation: one static record per line.
#include <kern/console.hpp>
#include <kern/interrupt.hpp>
#include <kern/ipc.hpp>
#include <kern/ipc_string.hpp>
#include <kern/kip.hpp>
#include <kern/port/platform.hpp>
#include <kern/ring.hpp>
#include <kern/scheduler.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>

namespace kern {

namespace {

// GIC INTIDs end at 1019 and PLIC sources at 1023: every board fits.
constexpr word_t max_lines = 1024;
constinit Interrupt table[max_lines]{};

constexpr word_t irq_version = 1;

Thread_id id_of(word_t line) { return Thread_id::global(line, irq_version); }
word_t line_of(const Interrupt& irq) { return static_cast<word_t>(&irq - table); }

// The line an interrupt-thread id names, if user level may use it.
Interrupt* lookup(Thread_id id) {
    if (!is_interrupt_thread(id) || id.version() != irq_version) return nullptr;
    word_t line = id.number();
    if (line >= max_lines || !port::irq_assignable(static_cast<unsigned>(line))) return nullptr;
    return &table[line];
}

// ---- the handler's ring of pending lines ----------------------------------------------

using Pending_ring = Ring<Interrupt, &Interrupt::next, &Interrupt::prev>;

void pending_add(Tcb& h, Interrupt& irq) { Pending_ring::push_back(h.irq_pending, irq); }
void pending_remove(Tcb& h, Interrupt& irq) { Pending_ring::remove(h.irq_pending, irq); }

// The line goes back to "not associated": masked, nothing remembered.
void forget(Interrupt& irq) {
    port::irq_mask(static_cast<unsigned>(line_of(irq)));
    if (irq.handler) pending_remove(*irq.handler, irq);
    irq.handler = nullptr;
    irq.state = Interrupt::State::idle;
    irq.again = false;
}

bool accepts(const Tcb& h, Thread_id irq_id) {
    return h.recv_spec.is_any() || h.recv_spec == irq_id;
}

}  // namespace

bool is_interrupt_thread(Thread_id id) {
    // Ordinary thread numbers fail the first test: one comparison on the
    // IPC path. Nil (number 0) fails is_global, anythread its number.
    return id.number() < kip_system_base() && id.is_global();
}

Sys_error interrupt_control(Tcb& caller, Thread_id irq_id, Thread_id pager) {
    Interrupt* irq = lookup(irq_id);
    if (!irq) return Sys_error::invalid_thread;
    Tcb* h = nullptr;
    if (pager != irq_id) {
        // The handler: an existing user thread (global or the caller's local id).
        h = resolve_thread(caller, pager);
        if (!h || !h->space) return Sys_error::invalid_thread;
        if (irq->handler == h) return Sys_error::ok;  // already: keep the line's state
    }
    // The old handler loses the line. If it waits for exactly this
    // interrupt thread it would wait for nothing: its receive fails as for
    // a deleted partner.
    Tcb* old = irq->handler;
    forget(*irq);
    if (old && old->state == Thread_state::waiting_receive && old->recv_spec == irq_id)
        ipc_fail(*old, Ipc_error::no_partner, true);
    if (!h) return Sys_error::ok;  // dissociated
    irq->handler = h;
    port::irq_unmask(static_cast<unsigned>(line_of(*irq)));
    return Sys_error::ok;
}

bool interrupt_acknowledge(Tcb& self, Thread_id irq_id) {
    Interrupt* irq = lookup(irq_id);
    if (!irq || irq->handler != &self) return false;
    // Only a delivered interrupt is acknowledged: one still pending keeps
    // its line masked until the handler has received it.
    if (irq->state != Interrupt::State::in_service) return true;
    if (irq->again) {
        // An edge line (left unmasked by the platform) fired meanwhile:
        // that interrupt is the next message (x2-api 7.4).
        irq->again = false;
        irq->state = Interrupt::State::pending;
        pending_add(self, *irq);
        return true;
    }
    irq->state = Interrupt::State::idle;
    port::irq_unmask(static_cast<unsigned>(line_of(*irq)));
    return true;
}

Irq_receive interrupt_receive(Tcb& self, Thread_id from_spec) {
    if (is_interrupt_thread(from_spec)) {
        Interrupt* irq = lookup(from_spec);
        if (!irq || irq->handler != &self) return Irq_receive::refused;
        if (irq->state != Interrupt::State::pending) return Irq_receive::wait;
        pending_remove(self, *irq);
        irq->state = Interrupt::State::in_service;
        self.mr(0) = interrupt_tag;
        self.ipc_from = from_spec;
        return Irq_receive::delivered;
    }
    if (!from_spec.is_any() || !self.irq_pending) return Irq_receive::none;
    Interrupt& irq = *self.irq_pending;  // the oldest pending line
    pending_remove(self, irq);
    irq.state = Interrupt::State::in_service;
    self.mr(0) = interrupt_tag;
    self.ipc_from = id_of(line_of(irq));
    return Irq_receive::delivered;
}

bool interrupt_waiting_for(const Tcb& t) {
    if (!t.irq_pending) return false;
    if (t.recv_spec.is_any()) return true;
    const Interrupt* irq = is_interrupt_thread(t.recv_spec) ? lookup(t.recv_spec) : nullptr;
    return irq && irq->handler == &t && irq->state == Interrupt::State::pending;
}

void interrupt_detach(Tcb& t) {
    word_t lines = kip_system_base() < max_lines ? kip_system_base() : max_lines;
    for (word_t line = 0; line < lines; ++line)
        if (table[line].handler == &t) forget(table[line]);
}

void on_irq(unsigned line) {
    // The platform has masked the line and acknowledged it at the controller.
    Interrupt* irq = line < max_lines ? &table[line] : nullptr;
    if (!irq || !irq->handler) {
        // Dissociated meanwhile, or never associated: stays masked.
        printf("irq %u: no handler, masked\n", line);
        port::irq_mask(line);
        return;
    }
    if (irq->state != Interrupt::State::idle) {
        // Level lines are masked until acknowledged and cannot come here;
        // an edge line's repeated interrupt waits for the acknowledgement.
        irq->again = true;
        return;
    }
    Tcb& h = *irq->handler;
    Thread_id id = id_of(line);
    if (h.state == Thread_state::waiting_receive && !xfer_locked(h) && accepts(h, id) && h.utcb) {
        irq->state = Interrupt::State::in_service;
        ipc_complete_receive(h, id, interrupt_tag);
        preempt_check();
        return;
    }
    irq->state = Interrupt::State::pending;
    pending_add(h, *irq);
}

}  // namespace kern
