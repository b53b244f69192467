// SPDX-License-Identifier: BSD-2-Clause
// The port::context contract on aarch64: initial thread states and the
// switch between kernel stacks (the register work is in context.S).
#include <arch/context.hpp>
#include <kern/port/context.hpp>

extern "C" void arch_switch_context(arch::Context* from, arch::Context* to);
extern "C" void arch_return_to_user();
extern "C" void arch_kernel_thread_start();

namespace port {

using kern::word_t;

void context_init_user(arch::Context& ctx, arch::User_frame& frame, word_t ip, word_t sp) {
    // Clean state: all registers zero, EL0t with interrupts enabled (SPSR
    // 0), FP/SIMD zero with the default FPCR (round to nearest, no traps):
    // loaded by the thread's first FP/SIMD instruction (fpu.cc).
    frame = arch::User_frame{};
    frame.pc = ip;
    frame.sp_el0 = sp;
    arch::fp_forget(ctx);   // the registers may still hold an old thread's values
    ctx = arch::Context{};
    ctx.sp = reinterpret_cast<word_t>(&frame);
    ctx.lr = reinterpret_cast<word_t>(&arch_return_to_user);
}

void context_init_kernel(arch::Context& ctx, word_t kstack_top, void (*entry)()) {
    arch::fp_forget(ctx);
    ctx = arch::Context{};
    ctx.sp = kstack_top;
    ctx.lr = reinterpret_cast<word_t>(&arch_kernel_thread_start);
    ctx.x19_x28[0] = reinterpret_cast<word_t>(entry);
}

void switch_context(arch::Context& from, arch::Context& to, word_t) {
    // SP_EL1 needs no bookkeeping: a thread returns to user mode only from
    // its own kernel stack, whose top its User_frame occupies.
    arch_switch_context(&from, &to);
}

namespace {
// Only NZCV (bits 31..28): the rest of SPSR_EL1 is the kernel's business;
// the frame holds nothing else (vectors.S masks it on entry), so the exit
// to EL0 can load it as it is.
constexpr word_t nzcv = 0xf0000000;
}  // namespace

word_t user_flags(const arch::User_frame& frame) { return frame.pstate & nzcv; }
void set_user_flags(arch::User_frame& frame, word_t flags) { frame.pstate = flags & nzcv; }

void return_to_user(arch::User_frame& frame) {
    // The frame is at the top of the current kernel stack: make it the stack
    // pointer, which is exactly the state the exception exit expects.
    asm volatile("mov sp, %0; b arch_return_to_user" ::"r"(&frame) : "memory");
    __builtin_unreachable();
}

}  // namespace port
