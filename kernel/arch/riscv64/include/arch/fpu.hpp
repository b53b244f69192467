// SPDX-License-Identifier: BSD-2-Clause
// Lazy F/D switching on riscv64 (fpu.cc): one owner of the FP registers per
// hart, everybody else runs with sstatus.FS = Off and traps (illegal
// instruction) on its first FP instruction.
#pragma once

#include <arch/context.hpp>

namespace arch {

/// An illegal-instruction trap from user mode: if the thread ran with FP
/// off (FS = Off in its frame), gives it the FP registers with its own
/// state (saving the previous owner's) and returns true, so the
/// instruction is simply retried. False for a real illegal instruction.
/// current = the trapping thread's context, frame = its user frame.
bool fpu_trap(User_frame& frame, Context& current);

/// Forgets ctx as FP owner on every hart (its thread is reset or deleted;
/// the registers' contents are then nobody's).
void fpu_release(const Context& ctx);

}  // namespace arch
