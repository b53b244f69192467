// SPDX-License-Identifier: BSD-2-Clause
// The performance monitors, set up so that user code can count
// instructions: under QEMU -icount shift=0 the cycle counter and event
// 0x08 (INST_RETIRED) advance by exactly one per instruction, which is what
// the benchmark (test/bench) reads from EL0.
#pragma once

namespace arch::pmu {

/// Starts the cycle counter and event counter 0 (INST_RETIRED), counting
/// at EL0 and EL1, and lets EL0 read (and program) the PMU. Every CPU runs
/// it once at its start; does nothing if the CPU has no PMUv3.
void init_cpu();

}  // namespace arch::pmu
