// SPDX-License-Identifier: BSD-2-Clause
// Redirection (x2-api 4.10) and propagation (5.11): which thread a send
// reaches and whom the receiver sees it come from. The rules, including
// the points X.2 leaves unclear, are in docs/ipc.md and docs/decisions.md.
#include <kern/ipc.hpp>
#include <kern/ipc_routing.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

constexpr word_t tag_propagated = word_t{1} << 12;  // p
constexpr word_t tag_redirected = word_t{1} << 13;  // r

// Whether a FromSpecifier of 'waiter' names t itself (not a wildcard).
bool names(Thread_id spec, const Tcb& t, const Tcb& waiter) {
    if (spec == t.global_id) return true;
    return spec.is_local() && !spec.is_nil() && !spec.is_any_local() && t.space == waiter.space &&
           t.utcb_uva && spec.raw() == t.local_id();
}

bool redirected_by(const Space* s, const Tcb& t) {
    return s && s->redirector == t.global_id.raw();
}

bool gone(const Tcb& t) {
    return t.state == Thread_state::inactive || t.state == Thread_state::dead;
}

}  // namespace

Tcb* ipc_redirect_slow(Tcb& self, Tcb* dest) {
    const Space* sp = self.space;
    // Only the thread's own Ipc is redirected: page faults and other
    // kernel-made IPC go to the handler the thread names (decisions.md).
    if (!dest || gone(*dest) || !self.user_ipc || dest->space == sp) return dest;
    Thread_id redirector(sp->redirector);
    // The redirector's own IPC and IPC addressed to it go direct.
    if (self.global_id == redirector || dest->global_id == redirector) return dest;
    Tcb* r = threads.by_global(redirector);
    // A deleted redirector leaves the space unable to reach other spaces
    // (no partner) rather than open: redirection is a security boundary.
    if (!r || !r->space || gone(*r)) return nullptr;
    self.intended_receiver = dest->global_id;
    return r;
}

Tcb* ipc_virtual_sender(Tcb& s, const Tcb& r) {
    if (!propagating(s)) return nullptr;
    Thread_id vid(s.tcr(WALNUT_TCR_VIRTUAL_SENDER));
    if (!vid.is_global() || vid.is_any()) return nullptr;  // exact global ids only
    Tcb* v = threads.by_global(vid);
    if (!v || !v->space || v == &s) return nullptr;
    // Pistachio's rule (the virtual sender lives in the sender's space, or
    // sender and receiver share one), and Walnut's addition: a redirector
    // may speak for the threads of the spaces it redirects and to them.
    bool allowed = v->space == s.space || s.space == r.space || redirected_by(v->space, s) ||
                   redirected_by(r.space, s);
    return allowed ? v : nullptr;
}

Thread_id ipc_route_slow(Tcb& s, Tcb& r) {
    Thread_id from = id_as_seen_by(s, r);
    if (!s.intended_receiver.is_nil()) {
        r.mr(0) |= tag_redirected;
        r.tcr(WALNUT_TCR_INTENDED_RECEIVER) = s.intended_receiver.raw();
    }
    if (Tcb* v = ipc_virtual_sender(s, r)) {
        r.mr(0) |= tag_propagated;
        r.tcr(WALNUT_TCR_VIRTUAL_SENDER) = s.global_id.raw();  // ActualSender
        from = id_as_seen_by(*v, r);
        // The virtual sender waits for the reply of the thread that now
        // forwarded its request: the reply will come from r instead.
        if (v != &r && v->state == Thread_state::waiting_receive && names(v->recv_spec, s, *v))
            v->recv_spec = r.global_id;
    }
    return from;
}

}  // namespace kern
