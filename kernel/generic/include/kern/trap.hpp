// SPDX-License-Identifier: BSD-2-Clause
// Entry points of the generic kernel for events the architecture decodes.
// All are called with interrupts disabled, on the current thread's kernel
// stack, after the arch has saved the user frame (for events from user mode).
// When they return, the arch returns to whatever thread is current then
// (port::cpu_local().current may have changed through a switch).
#pragma once

#include <kern/types.hpp>

namespace kern {

/// The periodic timer fired on this CPU (already acknowledged).
void on_timer_tick();

/// A device interrupt line fired (already masked/acknowledged at the controller).
void on_irq(unsigned line);

enum class Fault_kind : uint8_t {
    page_fault,          // translation or permission fault on a user address
    illegal_instruction, // undefined / privileged instruction
    breakpoint,          // debug trap not claimed by the kernel debugger
    alignment,           // misaligned access
    arithmetic,          // divide error, FP trap
    protection,          // other protection violation (x86 #GP ...)
    other,
};

const char* fault_kind_name(Fault_kind kind);

/// A user-mode exception, decoded by the arch.
struct User_fault {
    Fault_kind kind;
    word_t address;     // faulting data address (page faults, alignment), else 0
    Rights access;      // page faults: the access attempted (exactly one of r, w, x)
    word_t ip;          // user instruction pointer of the faulting instruction
    word_t arch_code;   // raw cause: x86 vector<<32|error code, ESR_EL1, scause
};

/// Called by the arch for every user-mode exception it does not handle
/// itself. sigma0's faults on physical memory are resolved here (identity
/// mapping); other page faults go to the pager, everything else to the
/// ExceptionHandler (kern/exception_ipc.hpp). A fault nobody takes is
/// reported and the thread halted.
void on_user_fault(const User_fault& fault);

/// A fault in kernel mode. The arch prints its registers first, then calls
/// this; it prints cause, address and the symbol of pc, and never returns.
[[noreturn]] void on_kernel_fault(const char* cause, word_t address, word_t pc);

/// Prints "symbol+0xoff" for a kernel address, or the raw address.
void print_symbol(word_t pc);

}  // namespace kern
