// SPDX-License-Identifier: BSD-2-Clause
// riscv64 trap dispatch: decodes scause for traps from user mode that reach
// the full trap path (faults, interrupts, the FP-off trap of the lazy FP
// switch; system calls normally end in the glue before) and from kernel mode
// (interrupts in idle_wait, otherwise a kernel fault report).
#include <arch/context.hpp>
#include <arch/cpu.hpp>
#include <arch/fpu.hpp>
#include <arch/hooks.hpp>
#include <arch/mmu.hpp>
#include <arch/timer.hpp>
#include <kern/console.hpp>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <kern/trap.hpp>

extern "C" {
void arch_user_trap(arch::User_frame& frame);
void arch_kernel_trap(arch::User_frame& frame);
}

namespace arch {

namespace {

const char* exception_name(word_t code) {
    switch (code) {
    case cause::fetch_misaligned: return "instruction address misaligned";
    case cause::fetch_access: return "instruction access fault";
    case cause::illegal_instruction: return "illegal instruction";
    case cause::breakpoint: return "breakpoint";
    case cause::load_misaligned: return "load address misaligned";
    case cause::load_access: return "load access fault";
    case cause::store_misaligned: return "store/AMO address misaligned";
    case cause::store_access: return "store/AMO access fault";
    case cause::ecall_user: return "environment call from U-mode";
    case cause::ecall_supervisor: return "environment call from S-mode";
    case cause::fetch_page_fault: return "instruction page fault";
    case cause::load_page_fault: return "load page fault";
    case cause::store_page_fault: return "store/AMO page fault";
    default: return "unknown exception";
    }
}

void handle_interrupt(word_t code) {
    switch (code) {
    case cause::s_timer_irq:
        timer_rearm();
        kern::on_timer_tick();
        return;
    case cause::s_external_irq:
        platform::external_interrupt();
        return;
    case cause::s_soft_irq:
        // Nothing sends IPIs yet; acknowledge so it does not fire again.
        csr_clear<csr::sip>(sie_ssie);
        return;
    default:
        kern::panic("riscv64: unexpected interrupt %lu", code);
    }
}

kern::User_fault decode_user_fault(const User_frame& f) {
    using kern::Fault_kind;
    using kern::Rights;
    kern::User_fault fault{Fault_kind::other, 0, Rights::none, f.ip(), f.scause};
    switch (f.scause) {
    case cause::fetch_page_fault:
        fault = {Fault_kind::page_fault, f.stval, Rights::x, f.ip(), f.scause};
        break;
    case cause::load_page_fault:
        fault = {Fault_kind::page_fault, f.stval, Rights::r, f.ip(), f.scause};
        break;
    case cause::store_page_fault:
        fault = {Fault_kind::page_fault, f.stval, Rights::w, f.ip(), f.scause};
        break;
    case cause::fetch_misaligned:
    case cause::load_misaligned:
    case cause::store_misaligned:
        fault.kind = Fault_kind::alignment;
        fault.address = f.stval;
        break;
    case cause::fetch_access:
    case cause::load_access:
    case cause::store_access:
        // PMP/PMA violation: the address is mapped, but not to anything
        // user mode may touch (e.g. firmware memory).
        fault.kind = Fault_kind::protection;
        fault.address = f.stval;
        break;
    case cause::illegal_instruction: fault.kind = Fault_kind::illegal_instruction; break;
    case cause::breakpoint: fault.kind = Fault_kind::breakpoint; break;
    default: break;
    }
    return fault;
}

[[noreturn]] void kernel_fault(const User_frame& f) {
    const char* name = exception_name(f.scause);
    kern::printf("\n*** riscv64 kernel fault: %s (scause 0x%lx) at pc 0x%016lx, stval 0x%016lx\n", name,
                 f.scause, f.ip(), f.stval);
    port::print_user_frame(f);
    kern::on_kernel_fault(name, f.stval, f.ip());
}

}  // namespace

}  // namespace arch

void arch_user_trap(arch::User_frame& frame) {
    using namespace arch;
    if (frame.scause & scause_interrupt) {
        handle_interrupt(frame.scause & ~scause_interrupt);
        return;
    }
    if (frame.scause == cause::ecall_user) {
        glue::system_call(frame);
        return;
    }
    // FP instructions trap as illegal while FS = Off: the lazy FP switch.
    if (frame.scause == cause::illegal_instruction && fpu_trap(frame, glue::current_context())) return;
    kern::User_fault fault = decode_user_fault(frame);
    if (fault.kind == kern::Fault_kind::page_fault && fixup_user_fault(fault.address, fault.access)) return;
    kern::on_user_fault(fault);
}

void arch_kernel_trap(arch::User_frame& frame) {
    using namespace arch;
    if (frame.scause & scause_interrupt) {
        handle_interrupt(frame.scause & ~scause_interrupt);
        return;
    }
    kernel_fault(frame);
}
