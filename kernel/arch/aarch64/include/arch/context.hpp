// SPDX-License-Identifier: BSD-2-Clause
// aarch64 thread state: the user frame the exception entry saves at the top
// of every kernel stack, and the kernel context (callee-saved registers plus
// the thread's FP/SIMD state, switched lazily) kept in the Tcb.
#pragma once

#include <stddef.h>
#include <arch/asm_offsets.h>
#include <kern/types.hpp>

namespace arch {

using kern::word_t;

/// Everything user mode can see, saved on every exception from EL0 (and,
/// with the same layout, on the few exceptions the kernel takes itself).
struct User_frame {
    word_t x[31];     // x0..x30 (x30 = lr)
    word_t sp_el0;    // user stack pointer
    word_t pc;        // elr_el1: where the thread continues
    word_t pstate;    // spsr_el1: only NZCV survives the return to EL0
    word_t tpidr;     // tpidr_el0: the user's own thread pointer
    word_t tpidrro;   // tpidrro_el0: MyLocalId (set_utcb_pointer)
    word_t esr;       // diagnostics: syndrome of the last exception
    word_t far;       // diagnostics: its fault address

    word_t ip() const { return pc; }
    word_t sp() const { return sp_el0; }
    void set_ip(word_t v) { pc = v; }
    void set_sp(word_t v) { sp_el0 = v; }
    word_t& gpr(unsigned n) { return x[n]; }
    word_t gpr(unsigned n) const { return x[n]; }
};

static_assert(offsetof(User_frame, x) == UF_X(0));
static_assert(offsetof(User_frame, sp_el0) == UF_SP);
static_assert(offsetof(User_frame, pc) == UF_PC);
static_assert(offsetof(User_frame, pstate) == UF_PSTATE);
static_assert(offsetof(User_frame, tpidr) == UF_TPIDR);
static_assert(offsetof(User_frame, tpidrro) == UF_TPIDRRO);
static_assert(offsetof(User_frame, esr) == UF_ESR);
static_assert(offsetof(User_frame, far) == UF_FAR);
static_assert(sizeof(User_frame) == UF_SIZE);
static_assert(sizeof(User_frame) % 16 == 0, "AAPCS64 wants sp 16-byte aligned");

/// The FP/SIMD register file of a thread. Switched lazily (fpu.cc): the
/// registers keep the values of the last thread that used them (the CPU's
/// fp_owner) until another thread's first FP/SIMD instruction traps; this
/// copy is current only while the thread is not the owner. The kernel
/// itself never touches FP/SIMD (-mgeneral-regs-only).
struct Fp_state {
    uint64_t v[64];   // v0..v31, two words each
    word_t fpcr;
    word_t fpsr;
};

static_assert(offsetof(Fp_state, v) == FP_V0);
static_assert(offsetof(Fp_state, fpcr) == FP_FPCR);
static_assert(offsetof(Fp_state, fpsr) == FP_FPSR);

/// What switch_context keeps of a thread that is not running.
struct Context {
    word_t x19_x28[10] = {};
    word_t fp = 0;    // x29
    word_t lr = 0;    // x30: where switch_context returns to
    word_t sp = 0;
    /// CPACR_EL1 while the thread runs: FP/SIMD for EL0 only if this CPU's
    /// FP registers hold its values (fpu.cc keeps it in step with fp_owner;
    /// switch_context and the IPC fast path just load it).
    word_t cpacr = CPACR_FP_EL1;
    Fp_state fpu = {};

    Context() = default;
    Context(const Context&) = default;
    Context& operator=(const Context&) = default;
    /// A thread that goes away while its values are in the FP registers
    /// stops owning them (fpu.cc), so no later thread's state is taken
    /// for its and saved into freed memory.
    ~Context();
};

static_assert(offsetof(Context, x19_x28) == CTX_X19);
static_assert(offsetof(Context, fp) == CTX_FP);
static_assert(offsetof(Context, lr) == CTX_LR);
static_assert(offsetof(Context, sp) == CTX_SP);
static_assert(offsetof(Context, cpacr) == CTX_CPACR);
static_assert(offsetof(Context, fpu) == CTX_FPU);
static_assert(sizeof(Context) == CTX_SIZE);

/// Drops the ownership of the FP registers that 'ctx' may hold on any
/// CPU (its thread's context is reset or goes away).
void fp_forget(Context& ctx);

}  // namespace arch
