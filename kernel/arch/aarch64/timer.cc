// SPDX-License-Identifier: BSD-2-Clause
// The periodic kernel tick on the EL1 virtual timer, and port::clock_us
// from the virtual counter (CNTVCT_EL0 / CNTFRQ_EL0).
#include <arch/sysreg.hpp>
#include <arch/timer.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>

namespace arch::timer {

namespace {
constexpr kern::word_t ctl_enable = 1;   // ENABLE, IMASK clear
// CNTKCTL_EL1: EL0 may read the virtual counter and CNTFRQ (EL0VCTEN), but
// not the physical counter, and has no access to the timers.
constexpr kern::word_t kctl_el0_virtual_count = 1u << 1;
uint64_t period = 0;                     // counter ticks per kernel tick
}  // namespace

uint64_t frequency() { return read_cntfrq(); }

void start(unsigned hz) {
    uint64_t freq = frequency();
    if (freq == 0)
        kern::panic("aarch64: CNTFRQ_EL0 is 0 (firmware did not set the timer frequency)");
    write_cntkctl(kctl_el0_virtual_count);
    period = freq / hz;
    if (period == 0) period = 1;
    write_cntv_cval(read_cntvct() + period);
    write_cntv_ctl(ctl_enable);
}

void acknowledge() {
    // Periodic without drift: the next deadline is one period after the
    // last one, unless that has passed already (a long stall).
    uint64_t now = read_cntvct();
    uint64_t next = read_cntv_cval() + period;
    if (next <= now) next = now + period;
    write_cntv_cval(next);
}

}  // namespace arch::timer

namespace port {

uint64_t clock_us() {
    uint64_t freq = arch::timer::frequency();
    uint64_t count = arch::read_cntvct();
    // Split to stay exact without 128-bit division.
    return (count / freq) * 1000000 + (count % freq) * 1000000 / freq;
}

}  // namespace port
