// SPDX-License-Identifier: BSD-2-Clause
// The X.2 system-call register ABI on aarch64 (docs/abi-aarch64.md): the
// call number is the SVC immediate (ESR_EL1.ISS[15:0]); arguments and
// results travel in x0..x7; the kernel may clobber x0..x17 and preserves
// x18..x30, sp and the FP/SIMD registers.
#pragma once

#include <arch/context.hpp>
#include <kern/types.hpp>

namespace glue {

/// The SVC immediate of the system call that entered the kernel.
inline unsigned syscall_number(const arch::User_frame& f) {
    return static_cast<unsigned>(f.esr & 0xffff);
}

/// Address of the SVC instruction itself (the frame's pc is the next one).
inline kern::word_t syscall_ip(const arch::User_frame& f) { return f.pc - 4; }

}  // namespace glue

/// Entry from vectors.S for every SVC from EL0; frame at the top of the
/// current thread's kernel stack, interrupts masked. Returns to the
/// common exit path, which resumes whatever thread is current then.
extern "C" void glue_syscall(arch::User_frame* frame);
