// SPDX-License-Identifier: BSD-2-Clause
// The riscv64 part of the per-CPU block (first member of kern::Cpu_local).
// In the kernel tp points at it; while a CPU runs user code sscratch does,
// so the trap entry finds it with one csrrw and never trusts user registers.
#pragma once

#include <stddef.h>
#include <arch/asm_offsets.h>
#include <kern/types.hpp>

namespace arch {

struct Cpu_data {
    /// Top of the current thread's kernel stack; the user frame sits just
    /// below it. Written by switch_context, read by the trap entry.
    kern::word_t kstack_top = 0;
    /// The user's sp, parked here by the trap entry while it finds the
    /// kernel stack.
    kern::word_t user_sp = 0;
    /// RISC-V hart id of this CPU (not the same as kern::Cpu_local::index).
    kern::word_t hartid = 0;
    /// Absolute time (time CSR) of this hart's next timer interrupt.
    uint64_t timer_deadline = 0;
    /// Interrupt-controller context of this hart's supervisor mode (PLIC
    /// context number), set by the platform.
    unsigned irq_context = 0;
    /// Per hardware ASID, the root table last activated with it on this
    /// hart: a different root under the same ASID (the generic core shares
    /// one when it runs out) means the TLB still holds the other space's
    /// entries and they must go. Only ASIDs below this bound are tagged.
    static constexpr unsigned tagged_asids = 256;
    kern::paddr_t asid_root[tagged_asids] = {};
};

static_assert(offsetof(Cpu_data, kstack_top) == CPU_KSTACK_TOP);
static_assert(offsetof(Cpu_data, user_sp) == CPU_USER_SP);

}  // namespace arch
