// SPDX-License-Identifier: BSD-2-Clause
// Exceptions after the vectors (vectors.S) saved the frame: user exceptions
// decoded into kern::User_fault, kernel faults reported with every register,
// interrupts handed to the board.
#include <arch/context.hpp>
#include <arch/esr.hpp>
#include <arch/platform_hooks.hpp>
#include <arch/sysreg.hpp>
#include <arch/user_access.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/trap.hpp>

namespace arch {

using kern::Fault_kind;
using kern::Rights;
using kern::word_t;

namespace {

constexpr uint32_t insn_hlt_semihosting = 0xd45e0000;   // hlt #0xf000

const char* fault_class_name(esr::Fault_class c) {
    switch (c) {
    case esr::Fault_class::address_size: return "address size fault";
    case esr::Fault_class::translation: return "translation fault";
    case esr::Fault_class::access_flag: return "access flag fault";
    case esr::Fault_class::permission: return "permission fault";
    case esr::Fault_class::alignment: return "alignment fault";
    case esr::Fault_class::other: return "external abort or other fault";
    }
    return "?";
}

const char* class_name(unsigned ec) {
    switch (ec) {
    case esr::ec_unknown: return "undefined instruction";
    case esr::ec_wfx: return "trapped WFI/WFE";
    case esr::ec_fp_access: return "FP/SIMD access trap";
    case esr::ec_illegal_state: return "illegal execution state";
    case esr::ec_svc64: return "SVC";
    case esr::ec_hvc64: return "HVC";
    case esr::ec_smc64: return "SMC";
    case esr::ec_sysreg: return "trapped system register access";
    case esr::ec_inst_abort_lower:
    case esr::ec_inst_abort_same: return "instruction abort";
    case esr::ec_pc_align: return "PC alignment fault";
    case esr::ec_data_abort_lower:
    case esr::ec_data_abort_same: return "data abort";
    case esr::ec_sp_align: return "SP alignment fault";
    case esr::ec_fp_exception: return "FP exception";
    case esr::ec_serror: return "SError";
    case esr::ec_breakpoint_lower:
    case esr::ec_breakpoint_same: return "hardware breakpoint";
    case esr::ec_step_lower:
    case esr::ec_step_same: return "software step";
    case esr::ec_watchpoint_lower:
    case esr::ec_watchpoint_same: return "watchpoint";
    case esr::ec_brk64: return "BRK instruction";
    default: return "unknown exception class";
    }
}

void print_registers(const User_frame& f, const char* sp_name) {
    for (unsigned i = 0; i < 31; ++i)
        kern::printf("  x%-2u %016lx%s", i, f.x[i], i % 3 == 2 ? "\n" : "");
    kern::printf("  %-3s %016lx\n", sp_name, f.sp_el0);
    kern::printf("  pc  %016lx  pstate %08lx  esr %08lx  far %016lx\n", f.pc, f.pstate, f.esr,
                 f.far);
}

// Data and instruction aborts from EL0. Returns false if it was only the
// software access flag / dirty state, already resolved.
bool decode_abort(const User_frame& f, unsigned ec, kern::User_fault& fault) {
    unsigned code = esr::fsc(f.esr);
    esr::Fault_class cls = esr::classify(code);
    bool exec = ec == esr::ec_inst_abort_lower;
    bool write = !exec && esr::write_not_read(f.esr) && !esr::cache_maintenance(f.esr);
    fault.address = f.far;
    if (cls == esr::Fault_class::alignment) {
        fault.kind = Fault_kind::alignment;
        return true;
    }
    if (cls == esr::Fault_class::other) {
        fault.kind = Fault_kind::other;
        return true;
    }
    if (cls == esr::Fault_class::access_flag || cls == esr::Fault_class::permission) {
        if (resolve_user_access_fault(f.far, write, exec, cls == esr::Fault_class::access_flag))
            return false;
    }
    fault.kind = Fault_kind::page_fault;
    fault.access = exec ? Rights::x : write ? Rights::w : Rights::r;
    return true;
}

// Follows the frame-pointer chain (AAPCS64 frame records: x29 -> {previous
// x29, x30}) of the interrupted kernel code. Every record must lie above
// the previous one and within 16 KiB above the faulting sp (kernel stacks
// are smaller), so a corrupt chain ends the trace instead of faulting.
void print_call_trace(const User_frame& f) {
    word_t sp = f.sp_el0, fp = f.x[29];
    kern::printf("  call trace:\n    ");
    kern::print_symbol(f.pc);
    kern::printf("\n");
    for (unsigned depth = 0; depth < 16; ++depth) {
        if (fp < sp || fp + 16 > sp + 16 * kern::KiB || (fp & 7)) break;
        const auto* record = reinterpret_cast<const word_t*>(fp);
        if (record[1] == 0) break;
        kern::printf("    ");
        kern::print_symbol(record[1] - 4);   // the call, not the return address
        kern::printf("\n");
        if (record[0] <= fp) break;
        fp = record[0];
    }
}

// Kernel faults while a kernel fault is being reported are not reported in
// full again (that would recurse). Per CPU once TPIDR_EL1 is set.
unsigned early_fault_depth = 0;
unsigned& fault_depth() {
    auto* cpu = reinterpret_cast<kern::Cpu_local*>(read_tpidr_el1());
    return cpu ? cpu->arch.kernel_fault_depth : early_fault_depth;
}

[[noreturn]] void kernel_fault(const User_frame& f, const char* cause, word_t address) {
    unsigned depth = ++fault_depth();
    if (depth > 1) {
        // Reporting failed; end the machine if that still works, else stop.
        if (depth == 2) {
            kern::printf("\n*** nested kernel fault: %s at pc 0x%lx, address 0x%lx\n", cause,
                         f.pc, address);
            port::power_off(static_cast<unsigned>(kern::Exit_status::kernel_panic));
        }
        port::halt_cpu();
    }
    kern::printf("\n*** KERNEL FAULT: %s\n", cause);
    print_registers(f, "sp");
    print_call_trace(f);
    kern::on_kernel_fault(cause, address, f.pc);
}

}  // namespace

}  // namespace arch

using arch::User_frame;

/// Synchronous exception from EL0 other than SVC (vectors.S).
extern "C" void arch_user_exception(User_frame* f) {
    namespace esr = arch::esr;
    unsigned ec = esr::ec(f->esr);
    kern::User_fault fault{kern::Fault_kind::other, 0, kern::Rights::none, f->pc, f->esr};
    switch (ec) {
    case esr::ec_data_abort_lower:
    case esr::ec_inst_abort_lower:
        if (!arch::decode_abort(*f, ec, fault)) return;
        break;
    case esr::ec_pc_align:
        fault.kind = kern::Fault_kind::alignment;
        fault.address = f->far;
        break;
    case esr::ec_sp_align:
        fault.kind = kern::Fault_kind::alignment;
        fault.address = f->sp_el0;
        break;
    case esr::ec_unknown:
    case esr::ec_illegal_state:
    case esr::ec_sysreg:
    case esr::ec_wfx:
    case esr::ec_fp_access:
    case esr::ec_hvc64:
    case esr::ec_smc64:
        fault.kind = kern::Fault_kind::illegal_instruction;
        break;
    case esr::ec_fp_exception:
        fault.kind = kern::Fault_kind::arithmetic;
        break;
    case esr::ec_brk64:
    case esr::ec_breakpoint_lower:
    case esr::ec_step_lower:
        fault.kind = kern::Fault_kind::breakpoint;
        break;
    case esr::ec_watchpoint_lower:
        fault.kind = kern::Fault_kind::breakpoint;
        fault.address = f->far;
        break;
    default:
        break;
    }
    kern::on_user_fault(fault);
}

/// SError taken from EL0: most likely the thread's own device access.
extern "C" void arch_user_serror(User_frame* f) {
    kern::on_user_fault(
        kern::User_fault{kern::Fault_kind::other, 0, kern::Rights::none, f->pc, f->esr});
}

/// Synchronous exception at EL1. Always a kernel fault, except a semihosting
/// call made without -semihosting: skipped, so power_off can try PSCI next.
extern "C" void arch_kernel_exception(User_frame* f) {
    namespace esr = arch::esr;
    unsigned ec = esr::ec(f->esr);
    if (ec == esr::ec_unknown &&
        *reinterpret_cast<const uint32_t*>(f->pc) == arch::insn_hlt_semihosting) {
        f->pc += 4;
        f->x[0] = ~kern::word_t{0};
        return;
    }
    static char cause[96];
    kern::word_t address = f->far;
    if (ec == esr::ec_data_abort_same || ec == esr::ec_inst_abort_same) {
        unsigned code = esr::fsc(f->esr);
        const char* access = ec == esr::ec_inst_abort_same ? "fetch"
                             : esr::write_not_read(f->esr) ? "write" : "read";
        kern::snprintf(cause, sizeof cause, "%s (%s, level %u) on %s at 0x%lx",
                       arch::class_name(ec), arch::fault_class_name(esr::classify(code)),
                       esr::fault_level(code), access, f->far);
    } else {
        if (ec != esr::ec_pc_align && ec != esr::ec_watchpoint_same) address = 0;
        kern::snprintf(cause, sizeof cause, "%s (ESR 0x%lx)", arch::class_name(ec), f->esr);
    }
    arch::kernel_fault(*f, cause, address);
}

/// Exceptions the kernel never expects: FIQs (every interrupt is an IRQ),
/// SError at EL1, anything from AArch32, anything taken on SP_EL0.
extern "C" [[noreturn]] void arch_unexpected_exception(User_frame* f, kern::word_t which) {
    static const char* const names[] = {
        "FIQ in the kernel", "FIQ from user mode", "SError in the kernel",
        "exception from AArch32 user mode", "exception on SP_EL0 in the kernel",
    };
    arch::kernel_fault(*f, which < 5 ? names[which] : "unexpected exception", f->far);
}

/// IRQ from EL0, or at EL1 inside port::idle_wait.
extern "C" void arch_irq() { platform::handle_irq(); }

namespace port {

void print_user_frame(const arch::User_frame& frame) {
    arch::print_registers(frame, "sp");
    kern::printf("  tpidr_el0 %016lx  tpidrro_el0 %016lx\n", frame.tpidr, frame.tpidrro);
}

}  // namespace port
