// SPDX-License-Identifier: BSD-2-Clause
// SYSCALL dispatch for X.2 on x86_64: the number in RAX selects the call,
// arguments and results travel in the registers docs/abi-x86_64.md lists.
#include <arch/entry.hpp>
#include <glue/syscall.hpp>
#include <kern/syscall.hpp>
#include <l4/walnut/abi.h>

namespace glue {

namespace {

constexpr kern::word_t syscall_insn_size = 2;   // 0F 05

void kernel_interface(arch::User_frame& f) {
    kern::Kernel_interface_result r = kern::sys_kernel_interface();
    f.rax = r.kip;
    f.rcx = r.api_version;   // RCX differs from RIP now: the exit takes IRET
    f.rdx = r.api_flags;
    f.rsi = r.kernel_id;
}

}  // namespace

}  // namespace glue

extern "C" void walnut_syscall(arch::User_frame* frame) {
    arch::User_frame& f = *frame;
    switch (f.rax) {
    case WALNUT_SYS_KERNEL_INTERFACE: glue::kernel_interface(f); break;
    case WALNUT_SYS_SYSTEM_CLOCK: f.rax = kern::sys_system_clock(); break;
    case WALNUT_SYS_THREAD_SWITCH: kern::sys_thread_switch(f.rdi); break;
    default: kern::sys_invalid(f.rax, f.rip - glue::syscall_insn_size); break;
    }
    // The thread may have been switched away and back, and its frame
    // changed meanwhile (ExchangeRegisters): make it safe to return to.
    arch::sanitize_user_frame(f);
}
