// SPDX-License-Identifier: BSD-2-Clause
// The user's UTCB pointer on x86_64: GS base = UTCB block start (MyLocalId
// - 512), whose first word holds MyLocalId, so 'mov %gs:0, %reg' yields it.
// While the kernel runs, the user's GS base waits in IA32_KERNEL_GS_BASE
// (SWAPGS exchanges the two on every kernel entry and exit).
#include <arch/cpu.hpp>
#include <kern/port/context.hpp>
#include <l4/walnut/abi.h>

namespace port {

// Called for threads with a UTCB only (utcb is never 0).
void set_utcb_pointer(kern::word_t utcb, arch::User_frame&) {
    arch::wrmsr(MSR_KERNEL_GS_BASE, utcb);
}

}  // namespace port
