// SPDX-License-Identifier: BSD-2-Clause
// Symbols that tie the x86_64 entry code together across layers. The arch's
// assembly calls walnut_trap and the CPU enters walnut_syscall_entry (the
// SYSCALL target in LSTAR) and walnut_nm_entry (IDT vector 7): all three
// are implemented by the glue layer
// (kernel/glue/v4-x86_64), which knows the X.2 meaning of each event.
#pragma once

#include <arch/context.hpp>
#include <kern/types.hpp>

extern "C" {
/// Every exception and interrupt, after the stub saved the User_frame.
void walnut_trap(arch::User_frame* frame);
/// SYSCALL target (assembly, glue): builds the User_frame itself.
void walnut_syscall_entry();
/// #NM target (assembly, glue): the lazy FPU's cheap case, else the
/// generic stub of vector 7.
void walnut_nm_entry();

// Assembly in entry.S.
extern const char x86_trap_stubs[];
void x86_switch_stacks(kern::word_t* save_rsp, kern::word_t new_rsp);
void x86_enter_user_first();
void x86_kernel_thread_start();
/// Continues at x86_return_from_trap with RSP = frame (port::return_to_user).
[[noreturn]] void x86_return_to_user(arch::User_frame* frame);
extern const char boot_stack_top[];
}

namespace arch {

/// Makes a user frame safe to return to: user code and stack selectors,
/// RFLAGS with IF set, NT/RF/VM/VIF/VIP cleared and IOPL as it was (only the
/// kernel raises it), and a canonical RIP
/// (a non-canonical RIP would fault on the IRET/SYSRET in kernel mode
/// with the user's GS loaded).
void sanitize_user_frame(User_frame& frame);

}  // namespace arch
