// SPDX-License-Identifier: BSD-2-Clause
// ExchangeRegisters (x2-api 4.2) on a thread of the caller's own space.
#include <kern/ipc.hpp>
#include <kern/ipc_string.hpp>
#include <kern/port/context.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

enum : word_t {
    ctl_H = 1u << 0, ctl_R = 1u << 1, ctl_S = 1u << 2, ctl_s = 1u << 3, ctl_i = 1u << 4,
    ctl_f = 1u << 5, ctl_u = 1u << 6, ctl_p = 1u << 7, ctl_h = 1u << 8,
};

void halt(Tcb& t) {
    if (t.state == Thread_state::running) {
        t.state = Thread_state::halted;
        make_unready(t);
    } else if (t.state == Thread_state::waiting_send || t.state == Thread_state::waiting_receive) {
        t.halt_requested = true;  // takes effect when the kernel operation ends
    }
}

void resume(Tcb& t) {
    t.halt_requested = false;
    if (t.state == Thread_state::halted) {
        t.state = Thread_state::running;
        make_ready(t);
    }
}

}  // namespace

word_t sys_exchange_registers(word_t dest_raw, Exregs* io) {
    Tcb& self = Tcb::current();
    Thread_id dest(dest_raw);
    Tcb* t = resolve_thread(self, dest);
    // X.2: the destination must be an active thread of the caller's space.
    if (!t || t->space != self.space || !t->utcb || t->state == Thread_state::dead) {
        self.tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(Sys_error::invalid_thread);
        return 0;
    }
    arch::User_frame& frame = t->user_frame();
    Exregs old{0, frame.sp(), frame.ip(), port::user_flags(frame), t->tcr(WALNUT_TCR_USER_DEFINED_HANDLE),
               t->tcr(WALNUT_TCR_PAGER)};
    if (t->state == Thread_state::halted || t->halt_requested) old.control |= ctl_H;
    // A thread activated but not yet run waits for its start message too.
    bool xfer_sender = false;
    bool transferring = xfer_role(*t, &xfer_sender);  // locked in a string transfer
    if (transferring) {
        old.control |= xfer_sender ? ctl_S : ctl_R;
    } else {
        if (t->state == Thread_state::waiting_receive || t->awaiting_start) old.control |= ctl_R;
        if (t->state == Thread_state::waiting_send) old.control |= ctl_S;
    }

    word_t c = io->control;
    if (c & ctl_s) frame.set_sp(io->sp);
    if (c & ctl_i) frame.set_ip(io->ip);
    if (c & ctl_f) port::set_user_flags(frame, io->flags);
    if (c & ctl_u) t->tcr(WALNUT_TCR_USER_DEFINED_HANDLE) = io->user_handle;
    if (c & ctl_p) t->tcr(WALNUT_TCR_PAGER) = io->pager;
    // A thread blocked in a kernel-generated IPC (page fault, exception)
    // gets error 3 there too: on_user_fault then puts it back to the
    // faulting instruction (x2-api 4.2 step 3).
    if (transferring) {
        if (c & (xfer_sender ? ctl_S : ctl_R)) ipc_cancel(*t, true, true);  // abort: error 7
    } else if ((c & ctl_S) && t->state == Thread_state::waiting_send) ipc_cancel(*t, true, false);
    else if ((c & ctl_R) && t->state == Thread_state::waiting_receive) ipc_cancel(*t, false, true);
    else if ((c & ctl_R) && t->awaiting_start) t->awaiting_start = false;
    if (c & ctl_h) {
        if (c & ctl_H) halt(*t);
        else resume(*t);
    }
    *io = old;
    // A thread that halted itself leaves the processor now, even if
    // nothing else is ready (preempt_check would keep it running).
    if (t == &self && t->state == Thread_state::halted) schedule();
    else preempt_check();
    // Global in, local out and vice versa (L4_LocalIdOf / L4_GlobalIdOf).
    return dest.is_global() ? t->local_id() : t->global_id.raw();
}

}  // namespace kern
