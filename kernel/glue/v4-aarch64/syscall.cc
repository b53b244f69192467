// SPDX-License-Identifier: BSD-2-Clause
// X.2 system calls on aarch64: decodes the SVC number, moves arguments and
// results between the user frame and the generic handlers. KDB operations
// are 'svc #(0x100 + op)' with the argument and result in x0.
#include <glue/syscall_abi.hpp>
#include <kern/config.hpp>
#include <kern/syscall.hpp>
#include <kern/trap.hpp>
#include <l4/walnut/abi.h>

namespace glue {

namespace {

// A KDB trap the kernel debugger does not take (kernel built without it,
// or an operation it does not know) is a breakpoint exception of the thread.
void unclaimed_debug_trap(arch::User_frame& f) {
    kern::on_user_fault(kern::User_fault{kern::Fault_kind::breakpoint, 0, kern::Rights::none,
                                         syscall_ip(f), f.esr});
}

void kdb(arch::User_frame& f, unsigned op) {
    if (op == WALNUT_KDB_ENTER) {
        if constexpr (kern::config::kdb) kern::kdb_enter(f.x[0]);
        else unclaimed_debug_trap(f);
        return;
    }
    bool handled = false;
    kern::word_t result = kern::kdb_call(op, f.x[0], &handled);
    if (handled) f.x[0] = result;
    else unclaimed_debug_trap(f);
}

}  // namespace

}  // namespace glue

extern "C" void glue_syscall(arch::User_frame* frame) {
    arch::User_frame& f = *frame;
    unsigned number = glue::syscall_number(f);
    switch (number) {
    case WALNUT_SYS_KERNEL_INTERFACE: {
        kern::Kernel_interface_result r = kern::sys_kernel_interface();
        f.x[0] = r.kip;
        f.x[1] = r.api_version;
        f.x[2] = r.api_flags;
        f.x[3] = r.kernel_id;
        return;
    }
    case WALNUT_SYS_SYSTEM_CLOCK:
        f.x[0] = kern::sys_system_clock();
        return;
    case WALNUT_SYS_THREAD_SWITCH:
        kern::sys_thread_switch(f.x[0]);
        return;
    default:
        break;
    }
    if (number >= WALNUT_SYS_KDB_BASE && number < WALNUT_SYS_KDB_BASE + WALNUT_KDB_OP_LIMIT) {
        glue::kdb(f, number - WALNUT_SYS_KDB_BASE);
        return;
    }
    kern::sys_invalid(number, glue::syscall_ip(f));
}
