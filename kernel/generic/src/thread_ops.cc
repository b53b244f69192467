// SPDX-License-Identifier: BSD-2-Clause
// Thread life cycle (see kern/thread_ops.hpp).
#include <kern/ipc.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_ops.hpp>
#include <kern/thread_table.hpp>
#include <kern/timeout.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

// First code of an activated thread, on its own kernel stack: wait for the
// pager's start message (u = 2: IP, SP), accepting no mappings, then enter
// user mode. ExchangeRegisters may cancel the wait after setting IP/SP.
[[noreturn]] void thread_start() {
    Tcb& self = Tcb::current();
    // ExchangeRegisters may have started the thread before it ever ran.
    if (self.awaiting_start) {
        Thread_id pager(self.tcr(WALNUT_TCR_PAGER));
        self.acceptor = Tcb::Acceptor::nothing;
        kernel_ipc(Thread_id::nil(), pager, 0);
        self.acceptor = Tcb::Acceptor::utcb;
        self.awaiting_start = false;
        word_t tag = self.mr(0);
        if (!(tag & (word_t{1} << 15)) && (tag & 0x3f) == 2) {
            self.user_frame().set_ip(self.mr(1));
            self.user_frame().set_sp(self.mr(2));
        }
    }
    port::return_to_user(self.user_frame());
}

}  // namespace

void space_attach(Space& s, Tcb& t) {
    t.space = &s;
    t.space_next = s.first_thread;
    s.first_thread = &t;
    ++s.threads;
}

void space_detach(Tcb& t) {
    Space* s = t.space;
    if (!s) return;
    for (Tcb** link = &s->first_thread; *link; link = &(*link)->space_next)
        if (*link == &t) {
            *link = t.space_next;
            break;
        }
    t.space = nullptr;
    t.space_next = nullptr;
    if (--s->threads == 0) {
        mapdb::flush_space(*s);
        s->destroy();
    }
}

bool utcb_location_valid(const Space& s, word_t location, const Tcb* except) {
    if (!s.utcb_area_log2 || !is_aligned(location, WALNUT_UTCB_SIZE)) return false;
    word_t area_end = s.utcb_area + (word_t{1} << s.utcb_area_log2);
    if (location < s.utcb_area || location > area_end - WALNUT_UTCB_SIZE) return false;
    for (const Tcb* t = s.first_thread; t; t = t->space_next)
        if (t != except && (t->utcb_uva == location || t->pending_utcb == location)) return false;
    return true;
}

bool thread_activate(Tcb& t, Thread_id pager) {
    if (!t.attach_utcb(t.pending_utcb)) return false;
    t.pending_utcb = ~word_t{0};
    t.tcr(WALNUT_TCR_PAGER) = pager.raw();
    t.tcr(WALNUT_TCR_EXCEPTION_HANDLER) = 0;
    arch::User_frame& frame = t.user_frame();
    port::context_init_user(t.context, frame, 0, 0);
    // The thread starts in the kernel, below its user frame.
    port::context_init_kernel(t.context, reinterpret_cast<word_t>(&frame), thread_start);
    t.awaiting_start = true;
    t.state = Thread_state::running;
    make_ready(t);
    return true;
}

void thread_delete(Tcb& t) {
    ipc_detach(t);
    // Closed receives waiting for t can never be satisfied: fail them now.
    threads.for_each([&](Tcb& r) {
        if (r.state == Thread_state::waiting_receive && !r.recv_spec.is_any() &&
            !r.recv_spec.is_any_local() && resolve_thread(r, r.recv_spec) == &t)
            ipc_fail(r, Ipc_error::no_partner, true);
    });
    if (t.state == Thread_state::waiting_send && t.send_to) ipc_cancel(t, true, true);
    timeout_cancel(t);
    make_unready(t);
    t.state = Thread_state::dead;
    (void)threads.set(t.global_id.number(), nullptr);
    space_detach(t);
    t.destroy();
}

// X.2 4.5: nilthread yields; the caller itself returns at once; a ready
// thread of this CPU gets the caller's remaining slice; anything else
// (unknown, blocked, halted, inactive) is a plain yield.
void sys_thread_switch(word_t dest_raw) {
    Tcb& self = Tcb::current();
    Thread_id dest(dest_raw);
    if (dest.is_nil()) {
        yield();
        return;
    }
    Tcb* t = resolve_thread(self, dest);
    if (t == &self) return;
    if (t && t->state == Thread_state::running && t->queued && t->cpu == self.cpu) {
        donate(*t);
        return;
    }
    yield();
}

}  // namespace kern
