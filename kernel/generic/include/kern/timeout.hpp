// SPDX-License-Identifier: BSD-2-Clause
// X.2 time values (x2-api 1.4) and the per-CPU timeout wheel of threads
// waiting with a deadline. A hashed timing wheel: arming and cancelling are
// O(1); each timer tick scans the slots of the ticks that passed (normally
// one), each an unsorted list of the deadlines that hash there. See
// docs/scheduling.md for the costs and the precision.
#pragma once

#include <kern/types.hpp>

namespace kern {

struct Tcb;

inline constexpr uint16_t time_never = 0x0000;
inline constexpr uint16_t time_zero = 0x0400;

/// Slots of the wheel; one slot per timer tick (granule = tick length).
inline constexpr unsigned timeout_slots = 256;

/// Absolute deadline in microseconds for a Time value read at 'now';
/// 0 = never. Zero is the caller's business (it does not block at all).
uint64_t deadline_of(uint16_t time, uint64_t now);

/// Puts t on its CPU's wheel with t.wakeup_us as deadline. O(1).
void timeout_arm(Tcb& t);
/// Takes t off the wheel (harmless if it is not on it). O(1).
void timeout_cancel(Tcb& t);
/// Checks the wheel: links, every member armed, with a deadline, in the
/// slot its deadline hashes to. Returns the number of violations (printed);
/// *count = members.
unsigned timeout_check(size_t* count);

/// Called on every timer tick of this CPU: fails the IPC of every thread
/// whose deadline is <= now.
void timeout_expire(uint64_t now);

}  // namespace kern
