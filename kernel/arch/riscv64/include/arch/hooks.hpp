// SPDX-License-Identifier: BSD-2-Clause
// Functions the riscv64 arch code calls but does not implement: the glue
// layer owns system calls and the board owns its console and interrupt
// controller. Declared here so that a missing one fails the link.
#pragma once

#include <arch/context.hpp>
#include <kern/fdt.hpp>

namespace glue {
/// An ecall from user mode (scause 8) that reached the full trap path.
/// frame->ip() is the ecall itself; the glue advances it. Interrupts
/// disabled, on the thread's kernel stack.
void system_call(arch::User_frame& frame);
/// The kernel context of the current thread (the one whose user frame the
/// trap saved), for the lazy FP switch.
arch::Context& current_context();
}  // namespace glue

// Assembly, in the glue, section .text.trap: the vector branches here on
// every trap from user mode with tp = per-CPU block, sscratch = the user's
// tp and every other register the user's. The glue serves what it can
// (system calls) and jumps to arch_user_trap_full (trap_entry.S) with the
// user's sp parked in Cpu_data::user_sp for everything else.
extern "C" void glue_user_trap();
// Assembly, in the glue: Context::ra of a thread the glue's IPC fast path
// left waiting (Cpu_data::ipc_resume). switch_context returns there with
// a2 = the thread's user frame; it finishes the IPC and returns to user.
extern "C" void glue_ipc_resume_slow();

namespace platform {
/// Called once by arch boot with the kernel page tables live: maps and
/// starts the console and the power-off device found in the device tree.
/// Until then port::console_putc falls back to the SBI console.
void early_init(const kern::fdt::Tree& dt);
/// A supervisor external interrupt is pending on this hart.
void external_interrupt();
}  // namespace platform
