// SPDX-License-Identifier: BSD-2-Clause
// riscv64 thread state: the user frame the trap entry saves at the top of
// every kernel stack, and the kernel context (callee-saved registers plus
// the thread's F/D state) that switch_context saves in the Tcb. The F/D
// registers are switched lazily (fpu.cc): a Context's Fp_state is current
// only while its thread does not own the hart's FP registers.
#pragma once

#include <stddef.h>
#include <arch/asm_offsets.h>
#include <kern/types.hpp>

namespace arch {

using kern::word_t;

/// Register numbers of the RISC-V integer ABI names used outside assembly.
namespace reg {
inline constexpr unsigned ra = 1, sp = 2, gp = 3, tp = 4, t0 = 5, t1 = 6, t2 = 7;
inline constexpr unsigned s0 = 8, s1 = 9, a0 = 10, a1 = 11, a2 = 12, a3 = 13;
inline constexpr unsigned a4 = 14, a5 = 15, a6 = 16, a7 = 17;
inline constexpr unsigned t3 = 28, t4 = 29, t5 = 30, t6 = 31;
}  // namespace reg

/// Everything user mode can see, saved on every trap from user mode.
/// x[0] holds sepc (x0 itself is always zero, so its slot is free).
struct User_frame {
    word_t x[32];
    word_t sstatus;
    word_t scause;   // diagnostics only: cause of the last trap
    word_t stval;    // diagnostics only: its trap value
    word_t pad;

    word_t ip() const { return x[0]; }
    word_t sp() const { return x[reg::sp]; }
    void set_ip(word_t v) { x[0] = v; }
    void set_sp(word_t v) { x[reg::sp] = v; }
    word_t& gpr(unsigned n) { return x[n]; }
    word_t gpr(unsigned n) const { return x[n]; }
};

static_assert(offsetof(User_frame, x) == UF_SEPC);
static_assert(offsetof(User_frame, sstatus) == UF_SSTATUS);
static_assert(offsetof(User_frame, scause) == UF_SCAUSE);
static_assert(offsetof(User_frame, stval) == UF_STVAL);
static_assert(sizeof(User_frame) == UF_SIZE);
static_assert(sizeof(User_frame) % 16 == 0, "the psABI wants sp 16-byte aligned");

/// The F/D register file of a thread that does not own the FP registers.
struct Fp_state {
    uint64_t f[32];
    word_t fcsr;
    word_t pad;
};

/// What switch_context keeps of a thread that is not running.
struct Context {
    word_t ra = 0;
    word_t sp = 0;
    word_t s[12] = {};
    Fp_state fp = {};
    /// The thread's user frame (Tcb::user_frame(), which never moves), for
    /// the glue's IPC fast path: set by port::context_init_user, kept by
    /// context_init_kernel; 0 for kernel threads.
    word_t user_frame = 0;

    Context() = default;
    Context(const Context&) = default;
    Context& operator=(const Context&) = default;
    /// A deleted thread stops owning the FP registers (fpu.cc), so its
    /// freed Tcb is never written by a later FP switch.
    ~Context();
};

static_assert(offsetof(Context, ra) == CTX_RA);
static_assert(offsetof(Context, sp) == CTX_SP);
static_assert(offsetof(Context, s) == CTX_S(0));
static_assert(offsetof(Context, fp) == CTX_F(0));
static_assert(offsetof(Context, fp.fcsr) == CTX_FCSR);
static_assert(offsetof(Context, user_frame) == CTX_USER_FRAME);
static_assert(sizeof(Context) == CTX_SIZE);

}  // namespace arch
