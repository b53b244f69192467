// SPDX-License-Identifier: BSD-2-Clause
// SYSCALL dispatch for X.2 on x86_64: the number in RAX selects the call;
// the arguments come from, and the results go to, the registers of the
// saved frame that docs/abi-x86_64.md lists. The entry saves and restores
// every register, so whatever this file does not write keeps its user value.
// Ipc and Lipc do not come here: syscall_entry.S (and the fast path) pass
// their registers to walnut_ipc directly; SystemClock is answered there too.
#include <arch/entry.hpp>
#include <glue/syscall.hpp>
#include <kern/ipc.hpp>
#include <kern/syscall.hpp>
#include <kern/syscall_dispatch.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace glue {

namespace {

using arch::User_frame;
using kern::word_t;

constexpr word_t syscall_insn_size = 2;   // 0F 05

// Argument words a0..a6 and result words r1..r6 (r0 is RAX).
constexpr word_t User_frame::*arg[7] = {&User_frame::rdi, &User_frame::rsi, &User_frame::rdx,
                                        &User_frame::r10, &User_frame::r8,  &User_frame::r9,
                                        &User_frame::r12};
constexpr word_t User_frame::*result[7] = {&User_frame::rax, &User_frame::rsi, &User_frame::rdx,
                                           &User_frame::r10, &User_frame::r8,  &User_frame::r9,
                                           &User_frame::r12};

// The frame as X.2 argument and result words (kern/syscall_dispatch.hpp).
struct Frame_registers {
    User_frame& f;
    word_t arg(unsigned i) const { return f.*glue::arg[i]; }
    void result(unsigned i, word_t v) { f.*glue::result[i] = v; }
};

void dispatch(User_frame& f) {
    // KernelInterface by SYSCALL (KIP stub 0) returns in r0..r3; the
    // `lock; nop` form (trap.cc) keeps the amd64 binding's registers.
    Frame_registers regs{f};
    if (kern::dispatch_register_call(f.rax, regs)) return;
    // Like any exception, an unknown call reports the SYSCALL itself and
    // resumes there unless its exception handler moves it on.
    f.set_ip(f.rip - syscall_insn_size);
    kern::sys_invalid(f.rax, f.rip);
}

}  // namespace

}  // namespace glue

// The generic IPC works on the UTCB only: syscall_entry.S has stored the
// register MRs there and loads them back afterwards (send and receive phase
// alike), so only the three control words pass through here, in the
// registers the SYSCALL brought them in (RSI, RDX) and RCX for the
// timeouts; the first argument register holds MR1 and is not read. So
// the entry moves one register, and the C code passes them on to do_ipc
// (self, to, from_spec, timeouts) where they are.
extern "C" kern::word_t walnut_ipc(kern::word_t, kern::word_t to, kern::word_t from_spec,
                                   kern::word_t timeouts) {
    return kern::sys_ipc(kern::Thread_id(to), kern::Thread_id(from_spec), timeouts).raw();
}

extern "C" kern::word_t walnut_ipc_complete() { return kern::ipc_complete_blocked().raw(); }

extern "C" void walnut_syscall(arch::User_frame* frame) {
    glue::dispatch(*frame);
    // The thread may have been switched away and back, and its frame
    // changed meanwhile (ExchangeRegisters): make it safe to return to.
    arch::sanitize_user_frame(*frame);
}
