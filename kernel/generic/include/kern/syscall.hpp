// SPDX-License-Identifier: BSD-2-Clause
// The generic halves of the system calls. The glue (kernel/glue/v4-<arch>/)
// takes the arguments from the registers its ABI assigns, calls these, and
// puts the results back into the user frame. Calls are made with
// interrupts disabled on the calling thread's kernel stack.
#pragma once

#include <kern/types.hpp>

namespace kern {

struct Kernel_interface_result {
    word_t kip;          // KIP address in the caller's space
    word_t api_version;
    word_t api_flags;
    word_t kernel_id;
};
Kernel_interface_result sys_kernel_interface();

/// Microseconds (X.2 Clock).
uint64_t sys_system_clock();

/// X.2 ThreadSwitch: dest = nilthread yields.
void sys_thread_switch(word_t dest);

/// Kernel-debugger operations (WALNUT_KDB_* in <l4/walnut/abi.h>), except
/// Enter. Returns the result word (ReadChar) or 0. In a kernel built
/// without the debugger, returns false in *handled and the glue treats the
/// trap as an ordinary exception.
word_t kdb_call(unsigned op, word_t arg, bool* handled);

/// KDB Enter: prints the user text at text_uva (read safely from the
/// caller's space) and stops in the kernel debugger until told to go on.
void kdb_enter(word_t text_uva);

/// A system-call number the kernel does not know: reported like an
/// exception (the thread is halted for now).
void sys_invalid(word_t number, word_t ip);

}  // namespace kern
