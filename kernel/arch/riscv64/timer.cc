// SPDX-License-Identifier: BSD-2-Clause
// riscv64 periodic tick and clock: deadlines in time-CSR units, programmed
// through SBI set_timer; port::clock_us converts the time CSR.
#include <arch/cpu.hpp>
#include <arch/sbi.hpp>
#include <arch/timer.hpp>
#include <kern/cpu_local.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>

namespace arch {

namespace {
uint64_t frequency = 0;   // time CSR ticks per second
uint64_t period = 0;      // time CSR ticks per kernel tick
}  // namespace

void timer_init(uint64_t timebase) { frequency = timebase; }

uint64_t timebase_hz() { return frequency; }

void timer_start(unsigned hz) {
    check(frequency != 0 && hz != 0);
    // A whole number of ticks per microsecond (10 MHz on QEMU virt) makes
    // the clock one division, which the glue's SystemClock does in assembly.
    port::cpu_local().arch.clock_divisor = frequency % 1000000 == 0 ? frequency / 1000000 : 0;
    period = frequency / hz;
    if (period == 0) period = 1;
    uint64_t& deadline = port::cpu_local().arch.timer_deadline;
    deadline = read_time() + period;
    sbi::set_timer(deadline);
    csr_set<csr::sie>(sie_stie);
}

void timer_rearm() {
    // Next deadline relative to the last one, so ticks do not drift with
    // interrupt latency; after a long stall (debugger, host hiccup) skip
    // the missed ticks instead of firing a burst.
    uint64_t& deadline = port::cpu_local().arch.timer_deadline;
    uint64_t now = read_time();
    deadline += period;
    if (deadline <= now) deadline = now + period;
    sbi::set_timer(deadline);
}

}  // namespace arch

uint64_t port::clock_us() {
    uint64_t f = arch::frequency;
    if (f == 0) return 0;
    uint64_t t = arch::read_time();
    if (uint64_t d = port::cpu_local().arch.clock_divisor) return t / d;  // the same value, cheaper
    // Split to avoid overflowing t * 10^6 (which would happen after ~21 days at 10 MHz).
    return (t / f) * 1000000u + (t % f) * 1000000u / f;
}
