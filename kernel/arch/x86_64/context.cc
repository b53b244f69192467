// SPDX-License-Identifier: BSD-2-Clause
// Thread contexts on x86_64 (port/context.hpp): initial frames for new user
// and kernel threads, and switch_context, which moves the kernel stack and
// the TSS/SYSCALL kernel stack pointer to the next thread and lets its FP/SIMD
// instructions trap unless it owns the FPU state (lazy switching, fpu.hpp).
#include <arch/context.hpp>
#include <arch/cpu.hpp>
#include <arch/entry.hpp>
#include <arch/fpu.hpp>
#include <arch/gdt.hpp>
#include <arch/interrupt.hpp>
#include <arch/pt_format.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>

namespace arch {

namespace {

// What x86_switch_stacks pops: r15, r14, r13, r12, rbp, rbx, return address.
struct Switch_frame {
    word_t r15, r14, r13, r12, rbp, rbx;
    word_t ret;
};
static_assert(sizeof(Switch_frame) == SWITCH_FRAME_SIZE);
static_assert(User_frame::user_rip_limit == Pt_format::user_top);
static_assert(offsetof(Switch_frame, ret) == SWITCH_FRAME_RET);

// User RFLAGS: IF and the always-one bit 1; IOPL 0 at thread start.
constexpr word_t user_rflags = rflags_if | 0x2;
// Flags user code may own: CF PF AF ZF SF TF DF OF AC ID. IF, NT, RF, VM,
// VIF and VIP are the kernel's (sanitize_user_frame forces them).
constexpr word_t user_flag_mask = (1ul << 0) | (1ul << 2) | (1ul << 4) | (1ul << 6) | (1ul << 7) |
                                  (1ul << 8) | (1ul << 10) | (1ul << 11) | (1ul << 18) | (1ul << 21);
// IOPL is kept as the frame has it: only the kernel raises it (the glue
// grants IOPL 3 to threads of privileged spaces, docs/abi-x86_64.md), and
// user code cannot change it (POPF at CPL 3 leaves it alone).
constexpr word_t rflags_iopl = 3ul << 12;

}  // namespace

void sanitize_user_frame(User_frame& f) {
    f.cs = X86_USER_CS;
    f.ss = X86_USER_DS;
    f.rflags = (f.rflags & (user_flag_mask | rflags_iopl)) | user_rflags;
    // RIP must be canonical: IRET/SYSRET would fault in ring 0 otherwise.
    // The last user byte is canonical and faults in user mode instead.
    if (f.rip >= Pt_format::user_top) f.rip = Pt_format::user_top - 1;
}

}  // namespace arch

namespace port {

void context_init_user(arch::Context& ctx, arch::User_frame& frame, kern::word_t ip, kern::word_t sp) {
    memset(&frame, 0, sizeof(frame));
    frame.rip = ip;
    frame.rsp = sp;
    arch::sanitize_user_frame(frame);

    // The first switch_context to this thread "returns" into
    // x86_enter_user_first with RSP at the frame, which IRETs to user mode.
    auto* sw = reinterpret_cast<arch::Switch_frame*>(&frame) - 1;
    *sw = arch::Switch_frame{0, 0, 0, 0, 0, 0, reinterpret_cast<kern::word_t>(&x86_enter_user_first)};
    ctx.rsp = reinterpret_cast<kern::word_t>(sw);
    arch::fpu_forget(ctx);
    arch::fpu_init_image(ctx.fpu);
}

void context_init_kernel(arch::Context& ctx, kern::word_t kstack_top, void (*entry)()) {
    auto* sw = reinterpret_cast<arch::Switch_frame*>(kstack_top) - 1;
    *sw = arch::Switch_frame{0, 0, 0, reinterpret_cast<kern::word_t>(entry), 0, 0,
                             reinterpret_cast<kern::word_t>(&x86_kernel_thread_start)};
    ctx.rsp = reinterpret_cast<kern::word_t>(sw);
    arch::fpu_forget(ctx);
    arch::fpu_init_image(ctx.fpu);
}

void switch_context(arch::Context& from, arch::Context& to, kern::word_t to_kstack_top) {
    arch::Cpu_data& cpu = cpu_local().arch;
    arch::set_kernel_stack(cpu, to_kstack_top);
    arch::fpu_switch(cpu, to);
    x86_switch_stacks(&from.rsp, to.rsp);
}

kern::word_t user_flags(const arch::User_frame& frame) { return frame.rflags; }

void set_user_flags(arch::User_frame& frame, kern::word_t flags) {
    // amd64 binding section 13: ExchangeRegisters writes only the
    // arithmetic flags; everything else in RFLAGS stays as it is.
    constexpr kern::word_t arithmetic = (1ul << 0) | (1ul << 2) | (1ul << 4) | (1ul << 6) |
                                        (1ul << 7) | (1ul << 11);   // CF PF AF ZF SF OF
    frame.rflags = (frame.rflags & ~arithmetic) | (flags & arithmetic);
}

void return_to_user(arch::User_frame& frame) {
    arch::sanitize_user_frame(frame);
    x86_return_to_user(&frame);
}

void print_user_frame(const arch::User_frame& frame) { arch::print_frame(frame); }

}  // namespace port
