// SPDX-License-Identifier: BSD-2-Clause
// The time-stamp counter as the kernel's clock: calibrated at boot from
// CPUID leaf 0x15 when it gives the full ratio, else against PIT channel 2.
#pragma once

#include <stdint.h>

extern "C" {
/// TSC at time zero and microseconds per TSC tick (32.32 fixed point):
/// clock_us = ((rdtsc - x86_tsc_at_boot) * x86_us_per_tsc) >> 32, also
/// computed by the SystemClock path of syscall_entry.S.
extern uint64_t x86_tsc_at_boot;
extern uint64_t x86_us_per_tsc;
}

namespace arch {

/// Determines the TSC frequency and sets time zero of port::clock_us.
void tsc_init();

uint64_t tsc_hz();

/// Busy-waits at least us microseconds (needs tsc_init).
void tsc_delay_us(uint64_t us);

}  // namespace arch
