// SPDX-License-Identifier: BSD-2-Clause
// x86_64 thread context: the user register frame saved at the top of every
// thread's kernel stack (same layout for traps, interrupts and SYSCALL), and
// the kernel context switch_context saves, and the memory image of the
// thread's FPU/SSE/AVX state (switched lazily, see fpu.hpp).
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <arch/asm_defs.hpp>
#include <kern/types.hpp>

namespace arch {

using kern::word_t;

/// All user registers, lowest address first. The hardware pushes rip..ss
/// (and the error code for some exceptions); the entry stubs push the rest.
struct User_frame {
    word_t r15, r14, r13, r12, r11, r10, r9, r8;
    word_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    word_t vector;  // exception/interrupt vector, X86_SYSCALL_VECTOR for SYSCALL
    word_t error;   // hardware error code or 0
    word_t rip, cs, rflags, rsp, ss;

    word_t ip() const { return rip; }
    word_t sp() const { return rsp; }
    /// A non-canonical RIP would make SYSRET fault in ring 0: the last user
    /// byte takes its place, so the thread faults in user mode instead. The
    /// IPC exits (syscall_entry.S, fastpath.S) rely on a canonical RIP.
    void set_ip(word_t v) { rip = v < user_rip_limit ? v : user_rip_limit - 1; }
    void set_sp(word_t v) { rsp = v; }
    bool from_user() const { return (cs & 3) == 3; }

    static constexpr word_t user_rip_limit = word_t{1} << 47;   // Pt_format::user_top
};

static_assert(sizeof(User_frame) == FRAME_SIZE);
static_assert(offsetof(User_frame, r11) == FRAME_R11);
static_assert(offsetof(User_frame, rbp) == FRAME_RBP);
static_assert(offsetof(User_frame, rcx) == FRAME_RCX);
static_assert(offsetof(User_frame, rdx) == FRAME_RDX);
static_assert(offsetof(User_frame, rax) == FRAME_RAX);
static_assert(offsetof(User_frame, vector) == FRAME_VECTOR);
static_assert(offsetof(User_frame, error) == FRAME_ERROR);
static_assert(offsetof(User_frame, rip) == FRAME_RIP);
static_assert(offsetof(User_frame, cs) == FRAME_CS);
static_assert(offsetof(User_frame, rflags) == FRAME_RFLAGS);
static_assert(offsetof(User_frame, rsp) == FRAME_RSP);
static_assert(offsetof(User_frame, ss) == FRAME_SS);
// The C++ code the entry stubs call needs a 16-byte aligned stack.
static_assert(sizeof(User_frame) % 16 == 0);

/// Bytes reserved for one thread's XSAVE (or FXSAVE) image: x87 + SSE + AVX
/// need 832; the kernel enables no state component that does not fit.
inline constexpr size_t fpu_area_size = 1024;

struct Context {
    /// Kernel stack pointer while switched out; the callee-saved registers
    /// and the return address sit on that stack (see switch_stacks in entry.S).
    word_t rsp = 0;
    /// XSAVE/FXSAVE image of this thread's FPU, SSE and AVX registers while
    /// another thread's state is in the registers (fpu.hpp).
    alignas(64) uint8_t fpu[fpu_area_size] = {};

    /// A deleted thread's state must not stay "owned": the next thread to
    /// use the FPU would save into freed memory (fpu_forget).
    ~Context();
};

static_assert(offsetof(Context, rsp) == CONTEXT_RSP);

}  // namespace arch
