// SPDX-License-Identifier: BSD-2-Clause
// Exception IPC (x2-api 7.2): the faulting thread calls its ExceptionHandler
// with its registers; the reply's registers are loaded and the thread goes on.
#include <kern/exception_ipc.hpp>
#include <kern/ipc.hpp>
#include <kern/port/exception.hpp>
#include <kern/saved_mrs.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

static_assert(port::exception_max_mrs < WALNUT_UTCB_MR_COUNT);

bool kernel_ipc_canceled(const Tcb& t) {
    return t.ipc_error && ((t.ipc_error >> 1) & 7) == static_cast<word_t>(Ipc_error::canceled);
}

Kernel_ipc_result exception_ipc(Tcb& t, const User_fault& fault) {
    Thread_id handler(t.tcr(WALNUT_TCR_EXCEPTION_HANDLER));
    if (handler.is_nil() || !t.utcb) return Kernel_ipc_result::failed;

    Saved_mrs<port::exception_max_mrs> saved(t);

    constexpr word_t label_exception = word_t(-5) << 4;   // -5 in the label's upper bits
    unsigned u = port::exception_fill(t.user_frame(), fault, &t.mr(0));
    t.mr(0) = (label_exception << 16) | u;   // t = 0
    bool ok = kernel_call(handler);
    Kernel_ipc_result result = Kernel_ipc_result::failed;
    if (ok) {
        // The reply's words are in the MRs; words it did not send still
        // hold what the kernel put there, so u = 0 changes nothing.
        port::exception_load(t.user_frame(), &t.mr(0));
        result = Kernel_ipc_result::done;
    } else if (kernel_ipc_canceled(t)) {
        result = Kernel_ipc_result::canceled;
    }
    return result;
}

}  // namespace kern
