// SPDX-License-Identifier: BSD-2-Clause
// The user's UTCB pointer on aarch64: TPIDRRO_EL0 = MyLocalId (the address
// of MR0), which user code can read but not change.
#include <arch/context.hpp>
#include <kern/port/context.hpp>

namespace port {

void set_utcb_pointer(kern::word_t local_id, arch::User_frame& frame) {
    // Kept in the thread's frame and loaded on every return to EL0
    // (vectors.S), so this is right whether or not the thread runs on this
    // CPU right now, and survives every thread switch.
    frame.tpidrro = local_id;
}

}  // namespace port
