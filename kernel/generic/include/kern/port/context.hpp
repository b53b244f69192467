// SPDX-License-Identifier: BSD-2-Clause
// Contract: thread context. Walnut uses one kernel stack per thread: the
// thread control block (kern::Tcb) sits at the bottom of a Tcb::block_size
// block and the kernel stack grows down from its top. The user's registers
// are saved in an arch::User_frame at the very top of that stack on every
// entry from user mode.
//
// <arch/context.hpp> must define:
//   struct arch::User_frame   saved user registers; fixed layout asserted in
//                             the arch; members ip(), sp(), set_ip(w), set_sp(w)
//   struct arch::Context      what switch_context saves (kernel SP and
//                             callee-saved registers); lives inside Tcb
#pragma once

#include <arch/context.hpp>
#include <kern/types.hpp>

namespace port {

/// Prepares ctx so that the first switch_context() to it enters user mode
/// with the registers in *frame, after setting frame to a clean initial
/// user state (everything zero, interrupts enabled, user mode) at ip/sp.
/// kstack_top is the thread's kernel stack top (== frame + 1).
void context_init_user(arch::Context& ctx, arch::User_frame& frame, word_t ip, word_t sp);

/// Prepares ctx so that the first switch_context() to it calls entry() on
/// the stack that ends at kstack_top. entry must not return.
void context_init_kernel(arch::Context& ctx, word_t kstack_top, void (*entry)());

/// Saves the current kernel context into from, loads to. Returns when
/// something switches back to from. to_kstack_top is the top of the target
/// thread's kernel stack (x86_64 puts it in the TSS).
void switch_context(arch::Context& from, arch::Context& to, word_t to_kstack_top);

/// Points the user-visible UTCB register of this CPU at a thread's UTCB
/// (x86_64 GS base, aarch64 TPIDRRO_EL0, riscv64 the frame's tp), on every
/// switch to a thread that has one. utcb is its UTCB location (Tcb::utcb_uva,
/// never 0 here); MyLocalId, the address of MR0, is utcb + 512.
void set_utcb_pointer(word_t utcb, arch::User_frame& frame);

/// The user-visible flags word of a frame (x86_64 RFLAGS, aarch64 NZCV of
/// SPSR_EL1, riscv64 0: it has no user flags), and setting it: only the bits
/// user code may change are taken (ExchangeRegisters f).
word_t user_flags(const arch::User_frame& frame);
void set_user_flags(arch::User_frame& frame, word_t flags);

/// Leaves the kernel to user mode with the registers in frame, which must be
/// the current thread's frame at the top of its kernel stack. Used by a
/// thread that starts in the kernel (waiting for its start message).
[[noreturn]] void return_to_user(arch::User_frame& frame);

/// Prints the user registers of a frame to the console (fault reports).
void print_user_frame(const arch::User_frame& frame);

}  // namespace port
