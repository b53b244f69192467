// SPDX-License-Identifier: BSD-2-Clause
// Synchronous IPC, the generic slow path (x2-api section 5). Message
// registers are read from and written to the UTCBs; the glue moves the MRs
// its ABI passes in CPU registers to and from the UTCB around the call.
#pragma once

#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

/// X.2 IPC error codes (x2-api 1.9), without phase bit and offset.
enum class Ipc_error : word_t {
    none = 0, timeout = 1, no_partner = 2, canceled = 3, overflow = 4,
    xfer_timeout_self = 5, xfer_timeout_partner = 6, aborted = 7,
};

/// The Ipc / Lipc system call for the current thread. Returns 'from'; MR0
/// (and on failure the ErrorCode TCR) carry the rest of the result.
Thread_id sys_ipc(Thread_id to, Thread_id from_spec, word_t timeouts);

/// The same for IPC the kernel makes in a thread's name (its start message,
/// page faults): such a wait is never completed by a fast path.
Thread_id kernel_ipc(Thread_id to, Thread_id from_spec, word_t timeouts);

/// For the glue: the current thread was blocked by an IPC fast path and
/// has been woken by the slow path (message, error or cancel). Returns
/// 'from' and leaves MR0 and ErrorCode in the UTCB, as sys_ipc does; the
/// glue then loads the register MRs from the UTCB and returns to user mode.
Thread_id ipc_complete_blocked();

/// Kernel-generated IPC on behalf of the current thread (page faults):
/// sends MR0.. as prepared in the UTCB to 'to' and waits for its reply with
/// never timeouts, accepting mappings anywhere in the thread's space.
/// Returns false if the IPC failed.
bool kernel_call(Thread_id to);

/// Completes the blocked receive phase of r with a kernel-made message of
/// MR0 = tag only, from 'from' (interrupt messages).
void ipc_complete_receive(Tcb& r, Thread_id from, word_t tag);

/// A thread's deadline passed while it was blocked: fail its IPC with a
/// timeout in the phase it is in.
void ipc_timed_out(Tcb& t);

/// Ends the blocked IPC of t with error e in the phase it is in (which
/// must match receive_phase) and makes t ready.
void ipc_fail(Tcb& t, Ipc_error e, bool receive_phase);

/// Cancels an IPC of t that has not started transferring (ExchangeRegisters
/// S / R, deletion): error 3 (canceled) in the phase t is in.
void ipc_cancel(Tcb& t, bool send_phase, bool receive_phase);

/// t is going away: every thread blocked sending to t fails with
/// "no partner"; t's own pending IPC is canceled; interrupts it handled
/// are masked and dissociated.
void ipc_detach(Tcb& t);

/// The thread a raw thread id names from the point of view of 'self':
/// global ids must match exactly, local ids must name a thread of self's
/// space. Kernel threads are never returned.
Tcb* resolve_thread(const Tcb& self, Thread_id id);

/// The id under which 'sender' appears to 'receiver' (local within a space).
Thread_id id_as_seen_by(const Tcb& sender, const Tcb& receiver);

}  // namespace kern
