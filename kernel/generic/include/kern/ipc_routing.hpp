// SPDX-License-Identifier: BSD-2-Clause
// Where a message goes and whom it comes from: SpaceControl redirection
// (x2-api 4.10) and propagation (5.11), kept apart from the message
// transfer in ipc.cc. docs/ipc.md ("Redirection and propagation") and
// docs/decisions.md give the rules.
#pragma once

#include <kern/ipc.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

// The parts called only when a space has a redirector or a message is
// propagated (ipc_routing.cc); the inline tests below keep every other
// IPC from calling into that file at all.
Tcb* ipc_redirect_slow(Tcb& self, Tcb* dest);
Thread_id ipc_route_slow(Tcb& s, Tcb& r);

/// The message of s asks for propagation (MR0 p bit).
inline bool propagating(Tcb& s) {
    return s.utcb && (s.mr(0) & (word_t{1} << 12));
}

/// The thread a send of self addressed to dest reaches: dest, or the
/// redirector of self's space (nullptr if that was deleted). Records the
/// intended receiver for the redirected message.
inline Tcb* ipc_redirect(Tcb& self, Tcb* dest) {
    self.intended_receiver = Thread_id::nil();
    // Most spaces have no redirector: tested first, as every send asks.
    if (!self.space || self.space->redirector == 0) return dest;
    return ipc_redirect_slow(self, dest);
}

/// For a propagated message (p set, and allowed), the virtual sender, else nullptr.
Tcb* ipc_virtual_sender(Tcb& s, const Tcb& r);

/// Whom r sees the message of s come from (its FROM result); marks a
/// redirected or propagated message in r's MR0 and TCRs.
[[gnu::always_inline]] inline Thread_id ipc_route_delivered(Tcb& s, Tcb& r) {
    if (s.intended_receiver.is_nil() && !propagating(s)) return id_as_seen_by(s, r);
    return ipc_route_slow(s, r);
}

}  // namespace kern
