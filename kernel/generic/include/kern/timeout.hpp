// SPDX-License-Identifier: BSD-2-Clause
// X.2 time values (x2-api 1.4) and the per-CPU list of threads waiting with
// a deadline. The list is sorted, so each timer tick looks at its head only;
// insertion walks the list (bounded by the number of waiting threads).
#pragma once

#include <kern/types.hpp>

namespace kern {

struct Tcb;

inline constexpr uint16_t time_never = 0x0000;
inline constexpr uint16_t time_zero = 0x0400;

/// Absolute deadline in microseconds for a Time value read at 'now';
/// 0 = never. Zero is the caller's business (it does not block at all).
uint64_t deadline_of(uint16_t time, uint64_t now);

/// Puts t on the timeout list with t.wakeup_us as deadline.
void timeout_arm(Tcb& t);
/// Takes t off the list (harmless if it is not on it).
void timeout_cancel(Tcb& t);
/// Checks the list: sorted, doubly linked, every member with a deadline.
/// Returns the number of violations (printed); *count = members.
unsigned timeout_check(size_t* count);

/// The first thread on the list (earliest deadline), or nullptr; the rest
/// follow through Tcb::timer_next (the debugger's view).
const Tcb* timeout_first();

/// Called every tick: fails the IPC of every thread whose deadline passed.
void timeout_expire(uint64_t now);

}  // namespace kern
