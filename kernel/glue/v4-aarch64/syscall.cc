// SPDX-License-Identifier: BSD-2-Clause
// X.2 system-call entry on aarch64, the full path: decodes the SVC
// immediate, takes the arguments from the registers docs/abi-aarch64.md
// assigns, calls the generic half and writes the results back into the
// user frame. Calls that get here have their complete frame saved and
// restored (vectors.S), so every register this file does not write keeps
// its user value; svc_entry.S answers SystemClock and takes Ipc and Lipc
// (to fastpath.S, or their own slow entry glue_ipc_slow) before that. KDB
// operations are 'svc #(0x100 + op)' with the argument and result in x0.
#include <glue/syscall_abi.hpp>
#include <kern/config.hpp>
#include <kern/ipc.hpp>
#include <kern/scheduler.hpp>
#include <kern/syscall.hpp>
#include <kern/syscall_dispatch.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>
#include <l4/walnut/abi.h>

// Generic facts fastpath.S relies on beyond <kern_asm_offsets.h>: field sizes.
static_assert(sizeof(kern::Tcb::user_ipc) == 1 &&
              sizeof(kern::Tcb::fast_resumable) == 1 && sizeof(kern::Tcb::halt_requested) == 1);
// fastpath.S and glue_ipc_slow keep MR0..MR7 in x3..x10 and read 'to',
// FromSpecifier and Timeouts from x0..x2.
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

// The frame as X.2 argument and result words a0..a6 / r0..r6 = x0..x6
// (kern/syscall_dispatch.hpp).
struct Frame_registers {
    arch::User_frame& f;
    word_t arg(unsigned i) const { return f.x[i]; }
    void result(unsigned i, word_t v) { f.x[i] = v; }
};
static_assert(abi::arg0 == 0 && abi::arg6 == 6, "a0..a6 are x0..x6");

}  // namespace

}  // namespace glue

extern "C" void glue_syscall(arch::User_frame* frame) {
    arch::User_frame& f = *frame;
    unsigned number = glue::syscall_number(f);
    // ELR_EL1 already points behind the svc: a thread that blocks in the
    // call, or whose IP ExchangeRegisters sets meanwhile, resumes from
    // what the frame says. Exceptions report the svc itself.
    kern::word_t svc_ip = f.ip() - glue::abi::svc_size;
    glue::Frame_registers regs{f};
    if (kern::dispatch_register_call(number, regs)) return;
    if (number >= WALNUT_SYS_KDB_BASE && number < WALNUT_SYS_KDB_BASE + WALNUT_KDB_OP_LIMIT) {
        glue::kdb(f, number - WALNUT_SYS_KDB_BASE, svc_ip);
        return;
    }
    // Like any exception, an unknown call reports and points at the svc.
    f.set_ip(svc_ip);
    kern::sys_invalid(number, svc_ip);
}
