// SPDX-License-Identifier: BSD-2-Clause
// Where a message goes and whom it comes from: SpaceControl redirection
// (x2-api 4.10) and propagation (5.11), kept apart from the message
// transfer in ipc.cc. docs/ipc.md ("Redirection and propagation") and
// docs/decisions.md give the rules.
#pragma once

#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

/// Send phase: the thread a send from self to dest really goes to. If
/// self's space has a redirector and the send leaves the space, that is
/// the redirector and self.intended_receiver records dest; otherwise dest.
/// nullptr: the space's redirector no longer exists (no partner).
Tcb* ipc_redirect(Tcb& self, Tcb* dest);

/// The thread a message from s to r comes from in r's eyes when s asks
/// for propagation and is allowed to; nullptr for an ordinary message.
Tcb* ipc_virtual_sender(Tcb& s, const Tcb& r);

/// After s's message was copied to r: the tag's r and p bits, r's
/// IntendedReceiver and ActualSender TCRs, and a virtual sender's wait for
/// s handed over to r. Returns r's 'from'.
Thread_id ipc_route_delivered(Tcb& s, Tcb& r);

}  // namespace kern
