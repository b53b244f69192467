// SPDX-License-Identifier: BSD-2-Clause
// Functions the riscv64 arch code calls but does not implement: the glue
// layer owns system calls and the board owns its console and interrupt
// controller. Declared here so that a missing one fails the link.
#pragma once

#include <arch/context.hpp>
#include <kern/fdt.hpp>

namespace glue {
/// An ecall from user mode (scause 8). frame->ip() is the ecall itself;
/// the glue advances it. Interrupts disabled, on the thread's kernel stack.
void system_call(arch::User_frame& frame);
}  // namespace glue

namespace platform {
/// Called once by arch boot with the kernel page tables live: maps and
/// starts the console and the power-off device found in the device tree.
/// Until then port::console_putc falls back to the SBI console.
void early_init(const kern::fdt::Tree& dt);
/// A supervisor external interrupt is pending on this hart.
void external_interrupt();
}  // namespace platform
