// SPDX-License-Identifier: BSD-2-Clause
// String items (x2-api 1.7, 1.8, 5.7-5.10): the copy engine that moves string
// data between two address spaces through the physmap, and the transfer
// state that locks sender and receiver together while it runs (page faults
// during the copy, transfer timeouts, aborts). See docs/ipc.md.
#pragma once

#include <kern/ipc.hpp>
#include <kern/tcb.hpp>
#include <kern/types.hpp>

namespace kern {

/// One message transfer with string items. It lives on the kernel stack of
/// the thread that copies (the "copier": whichever partner found the other
/// blocked); both partners point to it (Tcb::xfer) while they are locked.
struct Xfer {
    Tcb* sender = nullptr;       // nullptr once that thread was deleted
    Tcb* receiver = nullptr;
    Tcb* copier = nullptr;       // runs the copy; its stack holds this object
    word_t offset = 0;           // string bytes copied so far
    unsigned next_buffer = 1;    // BR index of the next receive buffer; 0 = none left
    bool locked = false;         // partners point here
    Ipc_error error = Ipc_error::none;  // aborted / transfer timeout, set from outside
    // Page fault to be resolved by the partner on its own stack.
    Tcb* request = nullptr;      // thread asked to send a fault IPC
    Tcb* nested = nullptr;       // thread now in a fault IPC for this transfer
    word_t fault_addr = 0;
    word_t fault_ip = 0;
    Rights fault_access = Rights::none;
    bool fault_ok = false;
    // Transfer timeout (armed at the first fault).
    bool armed = false;
    uint64_t deadline = 0;       // 0 = none
    bool sender_expired = false;     // whose own transfer timeout ran out (error 5)
    bool receiver_expired = false;
};

/// Copies the string item(s) of one (compound) send string starting at the
/// sender's MR *i (the last typed word is MR 'last') into the receiver's
/// next receive buffer, and the item words to the receiver's MRs. Advances
/// *i past the string. Returns the error (overflow, aborted, transfer
/// timeout); x.offset counts the bytes copied.
Ipc_error xfer_string(Xfer& x, unsigned* i, unsigned last);

/// Ends the transfer: unlocks the partners (call once, after the last item).
void xfer_unlock(Xfer& x);
inline void xfer_end(Xfer& x) {
    if (x.locked) xfer_unlock(x);
}

/// The ErrorCode word for thread t of a transfer that ended with error e
/// (phase bit from t's role, offset for errors 4..7, 5 or 6 by whose
/// transfer timeout ran out).
word_t xfer_error_word(const Xfer& x, const Tcb& t, Ipc_error e);

/// A thread sleeping in its IPC was woken: serve fault requests of the
/// transfer it is locked in until the transfer is over (or it has no
/// request). Called after every wake-up of a blocked IPC.
void xfer_serve_pending(Tcb& self);
inline void xfer_serve_requests(Tcb& self) {
    if (self.xfer) xfer_serve_pending(self);  // rare: only inside a string transfer
}

/// True if t is locked in a transfer and not inside its own fault IPC:
/// nobody but the transfer may end its wait.
inline bool xfer_locked(const Tcb& t) { return t.xfer && t.xfer->nested != &t; }

/// ExchangeRegisters abort (or another stop) of t's transfer: both IPCs
/// fail with e (aborted: error 7) and the offset.
void xfer_stop(Xfer& x, Ipc_error e);

/// t's transfer deadline passed while it slept locked.
void xfer_timed_out(Tcb& t);

/// t is being deleted while locked in a transfer: its partner's IPC fails
/// with error 7; afterwards nothing refers to t.
void xfer_detach(Tcb& t);

/// True if t takes part in a transfer; *is_sender says in which role.
bool xfer_role(const Tcb& t, bool* is_sender);

}  // namespace kern
