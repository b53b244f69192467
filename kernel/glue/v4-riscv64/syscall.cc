// SPDX-License-Identifier: BSD-2-Clause
// X.2 system calls on riscv64, the C++ half behind entry.S: decodes t0 from
// the saved user frame, takes the arguments from the registers
// docs/abi-riscv64.md assigns, calls the generic half and writes the results
// back into the frame. The entry saves and restores every register a call
// may change, so every register this file does not write keeps its user
// value. Ipc normally does not come here: entry.S calls kern::sys_ipc
// itself (or the fast path serves it), and glue_ipc_complete finishes a
// caller the fast path left waiting.
#include <arch/cpu.hpp>
#include <arch/hooks.hpp>
#include <glue/syscall_abi.hpp>
#include <kern/config.hpp>
#include <kern/ipc.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>
#include <l4/walnut/abi.h>

namespace glue {

namespace {

using kern::word_t;

// A debugger trap the kernel does not handle is an exception at the ecall
// (the system-call entry does not save scause: it is known).
void unclaimed_kdb_trap(arch::User_frame& f, word_t ecall_ip) {
    f.set_ip(ecall_ip);
    f.scause = arch::cause::ecall_user;
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

// Ipc and Lipc through a full frame (only if the arch's full trap path
// ever passes one here; entry.S does the same in assembly). The generic
// IPC works on the UTCB only: the register MRs go there before the call
// and come back from there afterwards, for the send and the receive phase
// alike. The frame is still ours when sys_ipc returns, however long the
// thread slept.
void ipc(arch::User_frame& f) {
    kern::Tcb& self = kern::Tcb::current();
    for (unsigned i = 0; i < abi::ipc_register_mrs; ++i) self.mr(i) = f.gpr(abi::ipc_mr[i]);
    kern::Thread_id from = kern::sys_ipc(kern::Thread_id(f.gpr(abi::ipc_to)),
                                         kern::Thread_id(f.gpr(abi::ipc_from_spec)),
                                         f.gpr(abi::ipc_timeouts));
    for (unsigned i = 0; i < abi::ipc_register_mrs; ++i) f.gpr(abi::ipc_mr[i]) = self.mr(i);
    f.gpr(abi::ipc_to) = from.raw();
}

void exchange_registers(arch::User_frame& f) {
    kern::Exregs io{f.gpr(abi::arg1), f.gpr(abi::arg2), f.gpr(abi::arg3),
                    f.gpr(abi::arg4), f.gpr(abi::arg5), f.gpr(abi::arg6)};
    word_t result = kern::sys_exchange_registers(f.gpr(abi::arg0), &io);
    // Written after the call: with dest = the caller itself, the outputs
    // (not the new values the generic code put into this frame) must win
    // in a0..a6; sp and ip are not result registers and keep the new values.
    f.gpr(abi::arg0) = result;
    f.gpr(abi::arg1) = io.control;
    f.gpr(abi::arg2) = io.sp;
    f.gpr(abi::arg3) = io.ip;
    f.gpr(abi::arg4) = io.flags;
    f.gpr(abi::arg5) = io.user_handle;
    f.gpr(abi::arg6) = io.pager;
}

void schedule(arch::User_frame& f) {
    word_t old_time_control = 0;
    f.gpr(abi::arg0) = kern::sys_schedule(f.gpr(abi::arg0), f.gpr(abi::arg1), f.gpr(abi::arg2),
                                          f.gpr(abi::arg3), f.gpr(abi::arg4), &old_time_control);
    f.gpr(abi::arg1) = old_time_control;
}

void space_control(arch::User_frame& f) {
    word_t old_control = 0;
    f.gpr(abi::arg0) = kern::sys_space_control(f.gpr(abi::arg0), f.gpr(abi::arg1), f.gpr(abi::arg2),
                                               f.gpr(abi::arg3), f.gpr(abi::arg4), &old_control);
    f.gpr(abi::arg1) = old_control;
}

void memory_control(arch::User_frame& f) {
    const word_t attributes[4] = {f.gpr(abi::arg1), f.gpr(abi::arg2), f.gpr(abi::arg3),
                                  f.gpr(abi::arg4)};
    f.gpr(abi::arg0) = kern::sys_memory_control(f.gpr(abi::arg0), attributes);
}

}  // namespace

void system_call(arch::User_frame& f) {
    word_t ip = f.ip();
    word_t number = f.gpr(abi::number);
    // Before the call: a thread that blocks in it, or whose IP
    // ExchangeRegisters sets meanwhile, resumes from what the frame says.
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
    case WALNUT_SYS_EXCHANGE_REGISTERS:
        exchange_registers(f);
        return;
    case WALNUT_SYS_THREAD_CONTROL:
        f.gpr(abi::arg0) = kern::sys_thread_control(f.gpr(abi::arg0), f.gpr(abi::arg1), f.gpr(abi::arg2),
                                                    f.gpr(abi::arg3), f.gpr(abi::arg4));
        return;
    case WALNUT_SYS_SYSTEM_CLOCK:
        f.gpr(abi::arg0) = kern::sys_system_clock();
        return;
    case WALNUT_SYS_THREAD_SWITCH:
        kern::sys_thread_switch(f.gpr(abi::arg0));
        return;
    case WALNUT_SYS_SCHEDULE:
        schedule(f);
        return;
    case WALNUT_SYS_IPC:
    case WALNUT_SYS_LIPC:
        ipc(f);
        return;
    case WALNUT_SYS_UNMAP:
        kern::sys_unmap(f.gpr(abi::arg0));  // fpages and results: MR0..MRk in the UTCB
        return;
    case WALNUT_SYS_SPACE_CONTROL:
        space_control(f);
        return;
    case WALNUT_SYS_PROCESSOR_CONTROL:
        f.gpr(abi::arg0) = kern::sys_processor_control(f.gpr(abi::arg0), f.gpr(abi::arg1),
                                                       f.gpr(abi::arg2), f.gpr(abi::arg3));
        return;
    case WALNUT_SYS_MEMORY_CONTROL:
        memory_control(f);
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

arch::Context& current_context() { return kern::Tcb::current().context; }

}  // namespace glue

extern "C" {

// entry.S: every system call but Ipc, SystemClock (usually) and the fast path.
void glue_system_call(arch::User_frame* frame) { glue::system_call(*frame); }

// fastpath.S (glue_ipc_resume_slow): a caller the fast path left waiting
// was completed (or failed) by the slow path; its frame returns whole.
void glue_ipc_complete() {
    kern::Tcb& self = kern::Tcb::current();
    kern::Thread_id from = kern::ipc_complete_blocked();
    arch::User_frame& f = self.user_frame();
    for (unsigned i = 0; i < glue::abi::ipc_register_mrs; ++i) f.gpr(glue::abi::ipc_mr[i]) = self.mr(i);
    f.gpr(glue::abi::ipc_to) = from.raw();
}

}  // extern "C"
