// SPDX-License-Identifier: BSD-2-Clause
// The aarch64 part of the per-CPU block (first member of kern::Cpu_local).
// TPIDR_EL1 points at it while the CPU runs; user code cannot read or
// change that register.
#pragma once

#include <stddef.h>
#include <arch/asm_offsets.h>
#include <kern/types.hpp>

namespace arch {

struct Fp_state;

struct Cpu_data {
    /// MPIDR_EL1 affinity fields (Aff3..Aff0) of this CPU.
    kern::word_t mpidr = 0;
    /// Kernel exceptions being reported on this CPU; a fault while one is
    /// reported is not reported again in full (it would recurse).
    unsigned kernel_fault_depth = 0;
    /// Lazy FP/SIMD switching (fpu.cc): the thread state whose values the
    /// FP registers hold (nullptr: nobody's). EL0 may use FP/SIMD only
    /// while the running thread is the owner (its Context's cpacr).
    Fp_state* fp_owner = nullptr;
};

static_assert(offsetof(Cpu_data, fp_owner) == CPU_FP_OWNER);

}  // namespace arch
