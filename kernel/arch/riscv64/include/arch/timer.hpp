// SPDX-License-Identifier: BSD-2-Clause
// The riscv64 tick: the time CSR as the clock, SBI set_timer for the
// periodic supervisor timer interrupt (the firmware uses Sstc or the CLINT).
#pragma once

#include <kern/types.hpp>

namespace arch {

/// Records the frequency of the time CSR (device tree timebase-frequency).
void timer_init(uint64_t timebase_hz);
uint64_t timebase_hz();

/// Starts the periodic interrupt at hz on the calling hart.
void timer_start(unsigned hz);

/// Called on a supervisor timer interrupt: programs the next period.
void timer_rearm();

}  // namespace arch
