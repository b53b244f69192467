// SPDX-License-Identifier: BSD-2-Clause
// Exception IPC (x2-api 7.2): a user exception that is not a page fault
// becomes a call to the thread's ExceptionHandler, whose reply sets the
// thread's registers.
#pragma once

#include <kern/trap.hpp>

namespace kern {

struct Tcb;

enum class Kernel_ipc_result : uint8_t {
    done,       // the reply arrived and was applied: resume the thread
    canceled,   // ExchangeRegisters canceled the IPC: resume at the faulting
                // instruction (or wherever ExchangeRegisters put the thread)
    failed,     // no handler or the IPC failed: the caller reports and halts
};

/// Sends the exception message of fault on t's behalf (t must be the
/// current thread) and applies the reply to its user frame. The thread's
/// MRs and ErrorCode are preserved.
Kernel_ipc_result exception_ipc(Tcb& t, const User_fault& fault);

/// True if the kernel-generated IPC t just made ended because it was
/// canceled (ExchangeRegisters R/S), not because it failed.
bool kernel_ipc_canceled(const Tcb& t);

}  // namespace kern
