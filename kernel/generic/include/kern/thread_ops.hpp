// SPDX-License-Identifier: BSD-2-Clause
// Thread life cycle shared by ThreadControl and the kernel's own boot code:
// space membership, activation (the thread waits for its start message),
// deletion (aborting IPC, destroying the space with its last thread).
#pragma once

#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

class Space;
struct Tcb;

/// Puts t into space s (list and count).
void space_attach(Space& s, Tcb& t);
/// Takes t out of its space; destroys the space (flushing all its mappings)
/// when t was its last thread.
void space_detach(Tcb& t);

/// True if a UTCB at 'location' fits the space's UTCB area and alignment
/// and no other thread of the space uses it.
bool utcb_location_valid(const Space& s, word_t location, const Tcb* except);

/// Activates an inactive thread: UTCB at its location, pager, and a kernel
/// start that waits for the pager's start message (x2-api 7.5).
/// Returns false on lack of memory (nothing changed).
[[nodiscard]] bool thread_activate(Tcb& t, Thread_id pager);

/// Deletes t: aborts its IPC and the IPC of threads waiting on it, removes
/// it from its space (destroying the space if it was the last) and frees it.
void thread_delete(Tcb& t);

/// The X.2 defaults of a new user thread (priority 100, 10 ms time slice).
inline constexpr uint8_t default_priority = 100;

}  // namespace kern
