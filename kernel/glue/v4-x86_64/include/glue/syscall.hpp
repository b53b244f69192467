// SPDX-License-Identifier: BSD-2-Clause
// The x86_64 X.2 kernel entry points of the glue layer: SYSCALL dispatch and
// the trap dispatcher (exceptions, KernelInterface, KDB, interrupts).
#pragma once

#include <arch/context.hpp>
#include <arch/entry.hpp>   // walnut_trap, walnut_syscall_entry

extern "C" {
/// Called by walnut_syscall_entry with the saved frame; RAX = number.
void walnut_syscall(arch::User_frame* frame);
}

namespace glue {

/// An exception from user mode: KernelInterface ('lock; nop' #UD), KDB
/// (int3 sequences), or a kern::User_fault for the generic kernel.
void user_exception(arch::User_frame& frame);

/// int3 followed by a KDB sequence (amd64 binding section 12): performs it
/// and moves RIP past it. false: not a KDB call (or KDB not built in).
bool kdb_trap(arch::User_frame& frame);

}  // namespace glue
