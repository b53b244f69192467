// SPDX-License-Identifier: BSD-2-Clause
// The x86_64 X.2 kernel entry points of the glue layer: SYSCALL dispatch and
// the trap dispatcher (exceptions, KernelInterface, KDB, interrupts).
#pragma once

#include <arch/context.hpp>
#include <arch/entry.hpp>   // walnut_trap, walnut_syscall_entry

extern "C" {
/// Called by walnut_syscall_entry with the saved frame; RAX = number (any
/// call but Ipc, Lipc and SystemClock).
void walnut_syscall(arch::User_frame* frame);
/// Ipc/Lipc through the generic kernel (x86_ipc_slow): MR0..MR7 are in the
/// UTCB; returns 'from'. The first argument is not read (the SYSCALL's
/// RDI, MR1): to and from_spec stay where the SYSCALL put them.
kern::word_t walnut_ipc(kern::word_t unused, kern::word_t to, kern::word_t from_spec,
                        kern::word_t timeouts);
/// A caller the fast path left waiting, resumed by the slow path
/// (x86_ipc_complete, fastpath.S): kern::ipc_complete_blocked(); returns 'from'.
kern::word_t walnut_ipc_complete();
}

namespace glue {

/// An exception from user mode: KernelInterface ('lock; nop' #UD), KDB
/// (int3 sequences), or a kern::User_fault for the generic kernel.
void user_exception(arch::User_frame& frame);

/// int3 followed by a KDB sequence (amd64 binding section 12): performs it
/// and moves RIP past it. false: not a KDB call (or KDB not built in).
bool kdb_trap(arch::User_frame& frame);

}  // namespace glue
