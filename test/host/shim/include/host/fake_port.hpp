// SPDX-License-Identifier: BSD-2-Clause
// Host fakes of the port contracts (kern/port/*.hpp) for the unit tests:
// the console is a string, power-off and halting throw, physical addresses
// are host addresses, and context switches are recorded instead of made.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <host/port_common.hpp>

#include <arch/context.hpp>
#include <kern/types.hpp>

namespace kern {
class Space;
struct Tcb;
}

namespace host {

/// Thrown by port::power_off (panic, boot_error, shutdown end here).
struct Power_off {
    unsigned status;
};

/// Thrown by port::halt_cpu.
struct Halted {};

/// Everything written with port::console_putc since the last reset.
const std::string& console_output();
void console_reset();
/// Characters port::console_getc hands out, in order.
void console_input(const std::string& text);
/// What port::console_input_claimed reports (a user-level driver owns input).
void console_claim(bool claimed);

/// One port::switch_context call.
struct Switch {
    arch::Context* from;
    arch::Context* to;
    kern::word_t to_kstack_top;
};
std::vector<Switch>& switches();

/// Spaces made current with port::activate_space (root physical address).
std::vector<kern::paddr_t>& activated_spaces();

/// One kern::Space::map_kernel_owned call (shim/fake_space.cc).
struct Kernel_mapping {
    const kern::Space* space;
    kern::vaddr_t va;
    kern::paddr_t pa;
    unsigned size_log2;
    kern::Rights rights;
    kern::Mem_attr attr;
};
std::vector<Kernel_mapping>& kernel_mappings();

/// Threads whose IPC timed out, in order (kern::ipc_timed_out, shim/fake_ipc.cc).
std::vector<kern::Tcb*>& timed_out();

}  // namespace host
