// SPDX-License-Identifier: BSD-2-Clause
// X.2 system-call entry on riscv64: decodes t0 from the saved user frame,
// calls the generic half, puts results into a0..a3. The whole user frame
// is saved by the trap entry (no fast path yet).
#include <arch/hooks.hpp>
#include <glue/syscall_abi.hpp>
#include <kern/config.hpp>
#include <kern/syscall.hpp>
#include <kern/trap.hpp>
#include <l4/walnut/abi.h>

namespace glue {

namespace {

using kern::word_t;

// A debugger trap the kernel does not handle is an exception at the ecall.
void unclaimed_kdb_trap(arch::User_frame& f, word_t ecall_ip) {
    f.set_ip(ecall_ip);
    kern::on_user_fault(kern::User_fault{kern::Fault_kind::breakpoint, 0, kern::Rights::none, ecall_ip,
                                         f.scause});
}

void kdb(arch::User_frame& f, unsigned op, word_t ecall_ip) {
    if (op == WALNUT_KDB_ENTER) {
        if constexpr (kern::config::kdb) {
            kern::kdb_enter(f.gpr(abi::arg0));
        } else {
            unclaimed_kdb_trap(f, ecall_ip);
        }
        return;
    }
    bool handled = false;
    word_t result = kern::kdb_call(op, f.gpr(abi::arg0), &handled);
    if (!handled) {
        unclaimed_kdb_trap(f, ecall_ip);
        return;
    }
    f.gpr(abi::arg0) = result;
}

}  // namespace

void system_call(arch::User_frame& f) {
    word_t ip = f.ip();
    word_t number = f.gpr(abi::number);
    f.set_ip(ip + abi::ecall_size);

    switch (number) {
    case WALNUT_SYS_KERNEL_INTERFACE: {
        kern::Kernel_interface_result r = kern::sys_kernel_interface();
        f.gpr(abi::arg0) = r.kip;
        f.gpr(abi::arg1) = r.api_version;
        f.gpr(abi::arg2) = r.api_flags;
        f.gpr(abi::arg3) = r.kernel_id;
        return;
    }
    case WALNUT_SYS_SYSTEM_CLOCK:
        f.gpr(abi::arg0) = kern::sys_system_clock();
        return;
    case WALNUT_SYS_THREAD_SWITCH:
        kern::sys_thread_switch(f.gpr(abi::arg0));
        return;
    default:
        break;
    }
    if (number >= WALNUT_SYS_KDB_BASE && number < WALNUT_SYS_KDB_BASE + WALNUT_KDB_OP_LIMIT) {
        kdb(f, static_cast<unsigned>(number - WALNUT_SYS_KDB_BASE), ip);
        return;
    }
    // Like any exception, an unknown call reports the ecall itself.
    f.set_ip(ip);
    kern::sys_invalid(number, ip);
}

}  // namespace glue
