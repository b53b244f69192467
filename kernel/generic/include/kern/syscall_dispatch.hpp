// SPDX-License-Identifier: BSD-2-Clause
// The register-only system calls, decoded once for every architecture: all
// but Ipc/Lipc (their message registers need the glue) and the debugger
// calls. The glue supplies an adapter that maps X.2 argument words a0..a6
// and result words r0..r6 to a thread's saved registers, as its
// docs/abi-<arch>.md assigns them:
//
//   word_t arg(unsigned i) const;        // a0 .. a6
//   void result(unsigned i, word_t v);   // r0 .. r6
//
// Every call reads all its arguments before writing a result, so results
// may share registers with arguments (aarch64, riscv64).
#pragma once

#include <kern/lib.hpp>
#include <kern/syscall.hpp>
#include <kern/types.hpp>
#include <l4/walnut/abi.h>

namespace kern {

template <class Regs>
concept Syscall_registers = requires(Regs& r, const Regs& cr, unsigned i, word_t v) {
    { cr.arg(i) } -> Same_as<word_t>;
    r.result(i, v);
};

/// Performs call 'number' if it is one of the register-only calls; returns
/// false (nothing done) otherwise.
template <Syscall_registers Regs>
bool dispatch_register_call(word_t number, Regs& r) {
    switch (number) {
    case WALNUT_SYS_KERNEL_INTERFACE: {
        Kernel_interface_result k = sys_kernel_interface();
        r.result(0, k.kip);
        r.result(1, k.api_version);
        r.result(2, k.api_flags);
        r.result(3, k.kernel_id);
        return true;
    }
    case WALNUT_SYS_EXCHANGE_REGISTERS: {
        Exregs io{r.arg(1), r.arg(2), r.arg(3), r.arg(4), r.arg(5), r.arg(6)};
        word_t id = sys_exchange_registers(r.arg(0), &io);
        // Written after the call: with dest = the caller itself the outputs
        // win over what the generic code put into its frame.
        r.result(0, id);
        r.result(1, io.control);
        r.result(2, io.sp);
        r.result(3, io.ip);
        r.result(4, io.flags);
        r.result(5, io.user_handle);
        r.result(6, io.pager);
        return true;
    }
    case WALNUT_SYS_THREAD_CONTROL:
        r.result(0, sys_thread_control(r.arg(0), r.arg(1), r.arg(2), r.arg(3), r.arg(4)));
        return true;
    case WALNUT_SYS_SYSTEM_CLOCK:
        r.result(0, sys_system_clock());
        return true;
    case WALNUT_SYS_THREAD_SWITCH:
        sys_thread_switch(r.arg(0));
        return true;
    case WALNUT_SYS_SCHEDULE: {
        word_t old_time_control = 0;
        r.result(0, sys_schedule(r.arg(0), r.arg(1), r.arg(2), r.arg(3), r.arg(4), &old_time_control));
        r.result(1, old_time_control);
        return true;
    }
    case WALNUT_SYS_UNMAP:
        sys_unmap(r.arg(0));  // fpages and results: MR0..MRk in the UTCB
        return true;
    case WALNUT_SYS_SPACE_CONTROL: {
        word_t old_control = 0;
        r.result(0, sys_space_control(r.arg(0), r.arg(1), r.arg(2), r.arg(3), r.arg(4), &old_control));
        r.result(1, old_control);
        return true;
    }
    case WALNUT_SYS_PROCESSOR_CONTROL:
        r.result(0, sys_processor_control(r.arg(0), r.arg(1), r.arg(2), r.arg(3)));
        return true;
    case WALNUT_SYS_MEMORY_CONTROL: {
        const word_t attributes[4] = {r.arg(1), r.arg(2), r.arg(3), r.arg(4)};
        r.result(0, sys_memory_control(r.arg(0), attributes));
        return true;
    }
    default:
        return false;
    }
}

}  // namespace kern
