// SPDX-License-Identifier: BSD-2-Clause
// What the fuzz targets' port (fuzz_port.cc) lets them see and set: the
// kernel console, host buffers the kernel may reach through physical
// addresses, the clock, and the exception that ends the machine.
#pragma once

#include <cstdint>
#include <string>

#include <host/port_common.hpp>

#include <kern/types.hpp>

namespace arch {
struct Context;
}
namespace kern {
struct Cpu_local;
}

namespace hostfuzz {

/// Thrown by port::power_off (panic, boot_error, shutdown) and halt_cpu (~0u).
struct Machine_off {
    unsigned status;
};

/// ELF e_machine port::elf_machine reports (EM_X86_64).
inline constexpr uint16_t elf_machine = host::elf_machine;

/// Everything the kernel printed since the last console_reset().
const std::string& console_text();
void console_reset();

/// Host memory [base, base+size) the kernel reaches through port::phys_to_virt
/// at the same address (boot archive, bootinfo page). RAM, kmem and the KIP
/// always are; any other physical address reads and writes a scratch page.
void add_identity_range(kern::paddr_t base, size_t size);
void clear_identity_ranges();

/// Value port::clock_us returns.
void set_clock_us(uint64_t us);
uint64_t clock_us();

// ---- Threads that really run --------------------------------------------------
// By default port::switch_context only counts switches. With contexts
// enabled every thread gets a host stack (ucontext) of its own: a switch
// really suspends one kernel stack and resumes another, so a thread blocked
// in the kernel continues exactly where it slept, as on hardware. A thread
// that enters user mode (a new initial server, port::return_to_user) runs
// 'user_entry' on its stack, which never returns. The idle thread is the
// caller of enable_contexts (libFuzzer's own stack).

/// Turns real switching on; 'idle' is the idle thread's context.
void enable_contexts(arch::Context& idle, void (*user_entry)());
/// From a thread's stack: hands the CPU straight back to the idle thread's
/// stack, outside the kernel (the end of a run); never returns.
[[noreturn]] void leave_to_idle();
/// Number of real switches so far (a system call that did not switch did
/// not block).
unsigned long switch_count();

}  // namespace hostfuzz
