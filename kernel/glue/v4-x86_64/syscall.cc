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

void kernel_interface(User_frame& f) {
    // The SYSCALL form (KIP stub 0) returns in r0..r3; the `lock; nop`
    // form (trap.cc) keeps the amd64 binding's RAX, RCX, RDX, RSI.
    kern::Kernel_interface_result r = kern::sys_kernel_interface();
    f.*result[0] = r.kip;
    f.*result[1] = r.api_version;
    f.*result[2] = r.api_flags;
    f.*result[3] = r.kernel_id;
}

void exchange_registers(User_frame& f) {
    kern::Exregs io{f.*arg[1], f.*arg[2], f.*arg[3], f.*arg[4], f.*arg[5], f.*arg[6]};
    word_t id = kern::sys_exchange_registers(f.*arg[0], &io);
    // Written after the call: with dest = the caller itself the outputs win
    // over what the generic code put into this frame; RIP, RSP and RFLAGS
    // are not result registers and keep the new values.
    f.*result[0] = id;
    f.*result[1] = io.control;
    f.*result[2] = io.sp;
    f.*result[3] = io.ip;
    f.*result[4] = io.flags;
    f.*result[5] = io.user_handle;
    f.*result[6] = io.pager;
}

void schedule(User_frame& f) {
    word_t old_time_control = 0;
    f.*result[0] = kern::sys_schedule(f.*arg[0], f.*arg[1], f.*arg[2], f.*arg[3], f.*arg[4],
                                      &old_time_control);
    f.*result[1] = old_time_control;
}

void space_control(User_frame& f) {
    word_t old_control = 0;
    f.*result[0] = kern::sys_space_control(f.*arg[0], f.*arg[1], f.*arg[2], f.*arg[3], f.*arg[4],
                                           &old_control);
    f.*result[1] = old_control;
}

void memory_control(User_frame& f) {
    const word_t attributes[4] = {f.*arg[1], f.*arg[2], f.*arg[3], f.*arg[4]};
    f.*result[0] = kern::sys_memory_control(f.*arg[0], attributes);
}

void dispatch(User_frame& f) {
    switch (f.rax) {
    case WALNUT_SYS_KERNEL_INTERFACE: kernel_interface(f); return;
    case WALNUT_SYS_EXCHANGE_REGISTERS: exchange_registers(f); return;
    case WALNUT_SYS_THREAD_CONTROL:
        f.*result[0] = kern::sys_thread_control(f.*arg[0], f.*arg[1], f.*arg[2], f.*arg[3], f.*arg[4]);
        return;
    case WALNUT_SYS_SYSTEM_CLOCK: f.*result[0] = kern::sys_system_clock(); return;
    case WALNUT_SYS_THREAD_SWITCH: kern::sys_thread_switch(f.*arg[0]); return;
    case WALNUT_SYS_SCHEDULE: schedule(f); return;
    case WALNUT_SYS_UNMAP: kern::sys_unmap(f.*arg[0]); return;   // fpages: MR0..MRk in the UTCB
    case WALNUT_SYS_SPACE_CONTROL: space_control(f); return;
    case WALNUT_SYS_PROCESSOR_CONTROL:
        f.*result[0] = kern::sys_processor_control(f.*arg[0], f.*arg[1], f.*arg[2], f.*arg[3]);
        return;
    case WALNUT_SYS_MEMORY_CONTROL: memory_control(f); return;
    default:
        // Like any exception, an unknown call reports the SYSCALL itself.
        kern::sys_invalid(f.rax, f.rip - syscall_insn_size);
        return;
    }
}

}  // namespace

}  // namespace glue

// The generic IPC works on the UTCB only: syscall_entry.S has stored the
// register MRs there and loads them back afterwards (send and receive phase
// alike), so only the three control words pass through here.
extern "C" kern::word_t walnut_ipc(kern::word_t to, kern::word_t from_spec, kern::word_t timeouts) {
    return kern::sys_ipc(kern::Thread_id(to), kern::Thread_id(from_spec), timeouts).raw();
}

extern "C" kern::word_t walnut_ipc_complete() { return kern::ipc_complete_blocked().raw(); }

extern "C" void walnut_syscall(arch::User_frame* frame) {
    glue::dispatch(*frame);
    // The thread may have been switched away and back, and its frame
    // changed meanwhile (ExchangeRegisters): make it safe to return to.
    arch::sanitize_user_frame(*frame);
}
