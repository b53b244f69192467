// SPDX-License-Identifier: BSD-2-Clause
// The aarch64 part of the per-CPU block (first member of kern::Cpu_local).
// TPIDR_EL1 points at it while the CPU runs; user code cannot read or
// change that register.
#pragma once

#include <kern/types.hpp>

namespace arch {

struct Cpu_data {
    /// MPIDR_EL1 affinity fields (Aff3..Aff0) of this CPU.
    kern::word_t mpidr = 0;
    /// Kernel exceptions being reported on this CPU; a fault while one is
    /// reported is not reported again in full (it would recurse).
    unsigned kernel_fault_depth = 0;
};

}  // namespace arch
