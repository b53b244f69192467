// SPDX-License-Identifier: BSD-2-Clause
// The interactive kernel debugger (docs/debugger.md), as the rest of the
// kernel sees it: the break-key poll of the timer tick, the console
// ownership hook and the debugger's entry. Only kernels built with
// -Dkdb=true contain the debugger; the inline wrappers below compile to
// nothing otherwise, so callers need no conditionals of their own.
#pragma once

#include <kern/config.hpp>
#include <kern/types.hpp>

namespace kern {

/// The key that stops the system from the serial console: Ctrl-] (0x1d),
/// a control character no line-oriented program reads and that terminals
/// pass through unchanged (ESC would collide with cursor-key sequences).
inline constexpr int kdb_break_key = 0x1d;

// ---- Implemented by the debugger (kdb_*.cc, -Dkdb=true only) -----------------

/// Reads the console's receive side while break-in is enabled and the
/// kernel owns the console: the break key enters the debugger, other
/// characters are kept for KDB ReadChar in arrival order.
void kdb_poll_console();
/// Timer tick: kdb_poll_console about 50 times a second.
void kdb_tick_poll();
/// KDB ToggleBreakin.
void kdb_toggle_breakin();
/// The next console character for user code (KDB ReadChar): characters the
/// tick already took first, then the UART; -1 if none is waiting. The break
/// key, if break-in is on, enters the debugger and is not returned.
int kdb_user_getc();
/// Stops the system in the debugger's command loop until the command 'g'.
/// 'why' ends the banner line "--- KD# <why> ---" (user text for Enter is
/// printed by the caller before: pass nullptr then).
void kdb_stop(const char* why);

// ---- For the rest of the kernel: no-ops without the debugger -----------------

/// Timer-tick hook (kern::on_timer_tick).
inline void kdb_tick() {
    if constexpr (config::kdb) kdb_tick_poll();
}


}  // namespace kern
