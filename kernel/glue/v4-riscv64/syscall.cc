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
#include <kern/syscall_dispatch.hpp>
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

// The frame as X.2 argument and result words a0..a6 / r0..r6, the
// registers of the same names (kern/syscall_dispatch.hpp).
struct Frame_registers {
    arch::User_frame& f;
    static constexpr unsigned reg[7] = {abi::arg0, abi::arg1, abi::arg2, abi::arg3,
                                        abi::arg4, abi::arg5, abi::arg6};
    word_t arg(unsigned i) const { return f.gpr(reg[i]); }
    void result(unsigned i, word_t v) { f.gpr(reg[i]) = v; }
};

}  // namespace

void system_call(arch::User_frame& f) {
    word_t ip = f.ip();
    word_t number = f.gpr(abi::number);
    // Before the call: a thread that blocks in it, or whose IP
    // ExchangeRegisters sets meanwhile, resumes from what the frame says.
    f.set_ip(ip + abi::ecall_size);

    if (number == WALNUT_SYS_IPC || number == WALNUT_SYS_LIPC) {
        ipc(f);
        return;
    }
    Frame_registers regs{f};
    if (kern::dispatch_register_call(number, regs)) return;
    if (number >= WALNUT_SYS_KDB_BASE && number < WALNUT_SYS_KDB_BASE + WALNUT_KDB_OP_LIMIT) {
        kdb(f, static_cast<unsigned>(number - WALNUT_SYS_KDB_BASE), ip);
        return;
    }
    // Like any exception, an unknown call reports the ecall itself.
    f.set_ip(ip);
    f.scause = arch::cause::ecall_user;   // the entry does not save it
    kern::sys_invalid(number, ip);
}

arch::Context& current_context() { return kern::Tcb::current().context; }

}  // namespace glue

extern "C" {

// entry.S: every system call but Ipc, SystemClock (usually) and the fast path.
void glue_system_call(arch::User_frame* frame) { glue::system_call(*frame); }

// entry.S (glue_ipc_resume_slow): a caller the fast path left waiting
// was completed (or failed) by the slow path; its frame returns whole.
void glue_ipc_complete() {
    kern::Tcb& self = kern::Tcb::current();
    kern::Thread_id from = kern::ipc_complete_blocked();
    arch::User_frame& f = self.user_frame();
    for (unsigned i = 0; i < glue::abi::ipc_register_mrs; ++i) f.gpr(glue::abi::ipc_mr[i]) = self.mr(i);
    f.gpr(glue::abi::ipc_to) = from.raw();
}

}  // extern "C"
