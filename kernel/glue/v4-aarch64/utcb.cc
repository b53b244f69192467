// SPDX-License-Identifier: BSD-2-Clause
// The user's UTCB pointer on aarch64: TPIDRRO_EL0 = MyLocalId (the address
// of MR0), which user code can read but not change.
#include <arch/context.hpp>
#include <kern/port/context.hpp>
#include <l4/walnut/abi.h>

namespace port {

void set_utcb_pointer(kern::word_t utcb, arch::User_frame& frame) {
    kern::word_t local_id = utcb + WALNUT_UTCB_MR0_OFFSET;
    // Called for the thread about to run on this CPU (the scheduler's
    // switch, the first thread at boot); the IPC fast path does the same
    // for the thread it switches to. User code cannot change the register,
    // so the exit to user mode does not reload it. The frame keeps a copy
    // for fault reports and for the fast path.
    frame.tpidrro = local_id;
    asm volatile("msr tpidrro_el0, %0" ::"r"(local_id));
}

}  // namespace port
