// SPDX-License-Identifier: BSD-2-Clause
// Walnut's aarch64 system-call register convention (docs/abi-aarch64.md):
// `svc #n` with the call number as the SVC immediate (ESR_EL1.ISS[15:0]),
// argument and result words in x0..x6, the eight register MRs of Ipc/Lipc
// in x3..x10. Every register that is not an output is preserved, except
// that Ipc/Lipc leave x1, x2 and x11..x28 undefined (docs/fastpath.md).
#pragma once

#include <arch/context.hpp>
#include <kern/types.hpp>

namespace glue {

namespace abi {

/// Argument words a0..a6 of the generic ABI; results r0..r6 use the same.
inline constexpr unsigned arg0 = 0;
inline constexpr unsigned arg1 = 1;
inline constexpr unsigned arg2 = 2;
inline constexpr unsigned arg3 = 3;
inline constexpr unsigned arg4 = 4;
inline constexpr unsigned arg5 = 5;
inline constexpr unsigned arg6 = 6;

/// Ipc / Lipc: 'to' in, 'from' out in the same register (x0).
inline constexpr unsigned ipc_to = 0;
inline constexpr unsigned ipc_from_spec = 1;
inline constexpr unsigned ipc_timeouts = 2;
/// MR0..MR7 in x3..x10, in and out; MR8.. stay in the UTCB.
inline constexpr unsigned ipc_register_mrs = 8;
inline constexpr unsigned ipc_first_mr = 3;

/// Length of the svc instruction: ELR_EL1 already points behind it.
inline constexpr kern::word_t svc_size = 4;

}  // namespace abi

/// The SVC immediate of the system call that entered the kernel.
inline unsigned syscall_number(const arch::User_frame& f) {
    return static_cast<unsigned>(f.esr & 0xffff);
}

}  // namespace glue

/// Entry from vectors.S (arch_svc_slow) for every SVC from EL0 that
/// svc_entry.S and the fast path did not finish; complete frame at the top
/// of the current thread's kernel stack, interrupts masked. Returns to the
/// common exit path, which resumes whatever thread is current then.
extern "C" void glue_syscall(arch::User_frame* frame);
