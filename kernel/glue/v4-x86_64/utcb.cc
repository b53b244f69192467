// SPDX-License-Identifier: BSD-2-Clause
// The user's UTCB pointer on x86_64: GS base = UTCB block start (MyLocalId
// - 512), whose first word holds MyLocalId, so 'mov %gs:0, %reg' yields it.
// While the kernel runs, the user's GS base waits in IA32_KERNEL_GS_BASE
// (SWAPGS exchanges the two on every kernel entry and exit).
#include <arch/cpu.hpp>
#include <kern/port/context.hpp>
#include <l4/walnut/abi.h>

namespace port {

void set_utcb_pointer(kern::word_t local_id, arch::User_frame&) {
    kern::word_t base = local_id ? local_id - WALNUT_UTCB_MR0_OFFSET : 0;
    arch::wrmsr(MSR_KERNEL_GS_BASE, base);
}

}  // namespace port
