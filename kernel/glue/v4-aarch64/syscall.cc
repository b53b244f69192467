// SPDX-License-Identifier: BSD-2-Clause
// X.2 system-call entry on aarch64, the full path: decodes the SVC
// immediate, takes the arguments from the registers docs/abi-aarch64.md
// assigns, calls the generic half and writes the results back into the
// user frame. Calls that get here have their complete frame saved and
// restored (vectors.S), so every register this file does not write keeps
// its user value; svc_entry.S answers SystemClock, and fastpath.S short
// IPC, before that. KDB operations are 'svc #(0x100 + op)' with the
// argument and result in x0.
#include <glue/asm_offsets.h>
#include <glue/syscall_abi.hpp>
#include <kern/config.hpp>
#include <kern/ipc.hpp>
#include <kern/scheduler.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>
#include <l4/walnut/abi.h>

// The generic facts fastpath.S takes from <glue/asm_offsets.h>.
static_assert(__builtin_offsetof(kern::Tcb, ipc_error) == GLUE_TCB_IPC_ERROR);
static_assert(__builtin_offsetof(kern::Tcb, ipc_from) == GLUE_TCB_IPC_FROM);
static_assert(__builtin_offsetof(kern::Tcb, user_ipc) == GLUE_TCB_USER_IPC);
static_assert(sizeof(kern::Tcb::user_ipc) == 1 &&
              sizeof(kern::Tcb::fast_resumable) == 1 && sizeof(kern::Tcb::halt_requested) == 1);
static_assert(kern::Ready_queue::priorities == GLUE_READY_WORDS * 64);
// fastpath.S keeps MR0..MR7 in x3..x10 and reads 'to', FromSpecifier and
// Timeouts from x0..x2.
static_assert(glue::abi::ipc_to == 0 && glue::abi::ipc_from_spec == 1 &&
              glue::abi::ipc_timeouts == 2 && glue::abi::ipc_first_mr == 3 &&
              glue::abi::ipc_register_mrs == 8);
// 'from' for a caller in the partner's space: Tcb::local_id() = UTCB + 512.
static_assert(WALNUT_UTCB_MR0_OFFSET == 512);

namespace glue {

namespace {

using kern::word_t;

// A KDB trap the kernel debugger does not take (kernel built without it,
// or an operation it does not know) is a breakpoint exception at the svc.
void unclaimed_debug_trap(arch::User_frame& f, word_t svc_ip) {
    f.set_ip(svc_ip);
    kern::on_user_fault(kern::User_fault{kern::Fault_kind::breakpoint, 0, kern::Rights::none,
                                         svc_ip, f.esr});
}

void kdb(arch::User_frame& f, unsigned op, word_t svc_ip) {
    if (op == WALNUT_KDB_ENTER) {
        if constexpr (kern::config::kdb) kern::kdb_enter(f.gpr(abi::arg0));
        else unclaimed_debug_trap(f, svc_ip);
        return;
    }
    bool handled = false;
    word_t result = kern::kdb_call(op, f.gpr(abi::arg0), &handled);
    if (handled) f.gpr(abi::arg0) = result;
    else unclaimed_debug_trap(f, svc_ip);
}

// Ipc and Lipc on the slow path (the generic path serves both). The
// generic IPC works on the UTCB only: the register MRs go there before the
// call and come back from there afterwards, for the send and the receive
// phase alike (one 64-byte copy each way, no per-word decisions). The frame
// is still this thread's when sys_ipc returns, however long it slept, and
// the thread's Tcb is the block the frame sits at the top of. (A caller
// the fast path put to sleep is finished the same way by
// glue_fastpath_resume, fastpath.S.)
constexpr size_t register_mr_bytes = abi::ipc_register_mrs * sizeof(word_t);

kern::Tcb& owner_of(arch::User_frame& f) {
    return *reinterpret_cast<kern::Tcb*>(reinterpret_cast<word_t>(&f) &
                                         ~(kern::Tcb::block_size - 1));
}

void ipc(arch::User_frame& f) {
    kern::Tcb& self = owner_of(f);
    __builtin_memcpy(self.utcb, &f.x[abi::ipc_first_mr], register_mr_bytes);
    kern::Thread_id from = kern::sys_ipc(kern::Thread_id(f.gpr(abi::ipc_to)),
                                         kern::Thread_id(f.gpr(abi::ipc_from_spec)),
                                         f.gpr(abi::ipc_timeouts));
    __builtin_memcpy(&f.x[abi::ipc_first_mr], self.utcb, register_mr_bytes);
    f.gpr(abi::ipc_to) = from.raw();
}

void exchange_registers(arch::User_frame& f) {
    kern::Exregs io{f.gpr(abi::arg1), f.gpr(abi::arg2), f.gpr(abi::arg3),
                    f.gpr(abi::arg4), f.gpr(abi::arg5), f.gpr(abi::arg6)};
    word_t result = kern::sys_exchange_registers(f.gpr(abi::arg0), &io);
    // Written after the call: with dest = the caller itself the outputs,
    // not the new values the generic code put into this frame, must win in
    // x0..x6; sp, pc and NZCV are not result registers and keep the new values.
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

}  // namespace glue

extern "C" void glue_syscall(arch::User_frame* frame) {
    using glue::abi::arg0;
    using glue::abi::arg1;
    using glue::abi::arg2;
    using glue::abi::arg3;
    using glue::abi::arg4;
    arch::User_frame& f = *frame;
    unsigned number = glue::syscall_number(f);
    // ELR_EL1 already points behind the svc: a thread that blocks in the
    // call, or whose IP ExchangeRegisters sets meanwhile, resumes from
    // what the frame says. Exceptions report the svc itself.
    // The hot call first, before the switch's compare chain.
    if (number == WALNUT_SYS_IPC || number == WALNUT_SYS_LIPC) [[likely]] {
        glue::ipc(f);
        return;
    }
    kern::word_t svc_ip = f.ip() - glue::abi::svc_size;

    switch (number) {
    case WALNUT_SYS_KERNEL_INTERFACE: {
        kern::Kernel_interface_result r = kern::sys_kernel_interface();
        f.gpr(arg0) = r.kip;
        f.gpr(arg1) = r.api_version;
        f.gpr(arg2) = r.api_flags;
        f.gpr(arg3) = r.kernel_id;
        return;
    }
    case WALNUT_SYS_EXCHANGE_REGISTERS:
        glue::exchange_registers(f);
        return;
    case WALNUT_SYS_THREAD_CONTROL:
        f.gpr(arg0) = kern::sys_thread_control(f.gpr(arg0), f.gpr(arg1), f.gpr(arg2), f.gpr(arg3),
                                               f.gpr(arg4));
        return;
    case WALNUT_SYS_SYSTEM_CLOCK:
        f.gpr(arg0) = kern::sys_system_clock();
        return;
    case WALNUT_SYS_THREAD_SWITCH:
        kern::sys_thread_switch(f.gpr(arg0));
        return;
    case WALNUT_SYS_SCHEDULE:
        glue::schedule(f);
        return;
    case WALNUT_SYS_UNMAP:
        kern::sys_unmap(f.gpr(arg0));  // fpages and results: MR0..MRk in the UTCB
        return;
    case WALNUT_SYS_SPACE_CONTROL:
        glue::space_control(f);
        return;
    case WALNUT_SYS_PROCESSOR_CONTROL:
        f.gpr(arg0) = kern::sys_processor_control(f.gpr(arg0), f.gpr(arg1), f.gpr(arg2),
                                                  f.gpr(arg3));
        return;
    case WALNUT_SYS_MEMORY_CONTROL:
        glue::memory_control(f);
        return;
    default:
        break;
    }
    if (number >= WALNUT_SYS_KDB_BASE && number < WALNUT_SYS_KDB_BASE + WALNUT_KDB_OP_LIMIT) {
        glue::kdb(f, number - WALNUT_SYS_KDB_BASE, svc_ip);
        return;
    }
    // Like any exception, an unknown call reports and points at the svc.
    f.set_ip(svc_ip);
    kern::sys_invalid(number, svc_ip);
}
