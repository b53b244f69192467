// SPDX-License-Identifier: BSD-2-Clause
// riscv64 thread contexts: the initial state of new user and kernel
// threads, the switch, the UTCB pointer (tp) and user-frame reports.
#include <arch/context.hpp>
#include <arch/cpu.hpp>
#include <arch/fpu.hpp>
#include <kern/console.hpp>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <l4/walnut/abi.h>

extern "C" {
void arch_return_to_user();
void arch_kernel_thread_start();
[[noreturn]] void arch_return_to_user_with(arch::User_frame* frame);
[[noreturn]] void arch_kernel_thread_returned();
}

namespace {

kern::word_t code_address(void (*f)()) { return reinterpret_cast<kern::word_t>(f); }

}  // namespace

[[noreturn]] void arch_kernel_thread_returned() { kern::panic("riscv64: a kernel thread returned from its entry"); }

namespace port {

void context_init_user(arch::Context& ctx, arch::User_frame& frame, word_t ip, word_t sp) {
    frame = arch::User_frame{};
    frame.set_ip(ip);
    frame.set_sp(sp);
    // Keep the read-only/WARL fields (UXL ...) as the hart has them; enter
    // U-mode (SPP = 0) with interrupts on there (SPIE), kernel-only SUM off
    // and FP off (FS = Off): the first FP instruction loads the thread's
    // own (zero) F/D state (fpu.cc).
    word_t s = arch::csr_read<arch::csr::sstatus>();
    s &= ~(arch::sstatus_spp | arch::sstatus_sie | arch::sstatus_fs_mask | arch::sstatus_sum);
    s |= arch::sstatus_spie;
    frame.sstatus = s;

    arch::fpu_release(ctx);  // the registers may still hold an earlier life's values
    ctx = arch::Context{};   // F/D registers and fcsr start at zero
    ctx.ra = code_address(arch_return_to_user);
    ctx.sp = reinterpret_cast<word_t>(&frame);
    ctx.user_frame = reinterpret_cast<word_t>(&frame);
}

void context_init_kernel(arch::Context& ctx, word_t kstack_top, void (*entry)()) {
    arch::fpu_release(ctx);
    word_t user_frame = ctx.user_frame;  // a user thread that starts in the kernel keeps it
    ctx = arch::Context{};
    ctx.user_frame = user_frame;
    ctx.ra = code_address(arch_kernel_thread_start);
    ctx.sp = kstack_top;
    ctx.s[0] = code_address(entry);
}

// port::switch_context is arch_switch_context itself (switch.S).

void set_utcb_pointer(word_t utcb, arch::User_frame& frame) {
    frame.gpr(arch::reg::tp) = utcb + WALNUT_UTCB_MR0_OFFSET;  // MyLocalId
}

// RISC-V has no user-visible flags register (no condition codes).
word_t user_flags(const arch::User_frame&) { return 0; }
void set_user_flags(arch::User_frame&, word_t) {}

void return_to_user(arch::User_frame& frame) { arch_return_to_user_with(&frame); }

void print_user_frame(const arch::User_frame& f) {
    static constexpr const char* names[32] = {
        "pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    for (unsigned i = 0; i < 32; ++i) {
        kern::printf("%4s %016lx%s", names[i], f.gpr(i), (i % 4 == 3) ? "\n" : "  ");
    }
    kern::printf("sstatus %016lx  scause %016lx  stval %016lx\n", f.sstatus, f.scause, f.stval);
}

}  // namespace port
