// SPDX-License-Identifier: BSD-2-Clause
// QEMU pc board start (port/platform.hpp): interrupt controllers, then the
// local APIC timer in periodic mode at kern::config::tick_hz.
#include <arch/cpu.hpp>
#include <arch/interrupt.hpp>
#include <arch/tsc.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/platform.hpp>
#include <kern/trap.hpp>
#include <platform/board.hpp>
#include <platform/interrupts.hpp>

namespace platform {

namespace {

// The local APIC timer is measured against the (calibrated) TSC several
// times over a short window; the largest result wins, because a delay of
// the (virtual) CPU between paired reads only ever makes it smaller.
constexpr unsigned calibration_runs = 3;
constexpr uint64_t calibration_window_us = 2000;

uint64_t measure_timer_hz() {
    uint64_t tsc_hz = arch::tsc_hz();
    uint64_t window = tsc_hz * calibration_window_us / 1000000;
    uint64_t best = 0;
    for (unsigned i = 0; i < calibration_runs; ++i) {
        lapic.start_counting(0xFFFFFFFF);
        uint64_t t0 = arch::rdtsc();
        uint32_t c0 = lapic.current_count();
        while (arch::rdtsc() - t0 < window) arch::cpu_relax();
        uint32_t c1 = lapic.current_count();
        uint64_t t1 = arch::rdtsc();
        best = kern::max(best, uint64_t{c0 - c1} * tsc_hz / (t1 - t0));
    }
    lapic.stop();
    return best;
}

void timer_interrupt(unsigned) {
    // EOI first: on_timer_tick may switch to another thread, and this one
    // may not come back for a while.
    lapic.eoi();
    kern::on_timer_tick();
}

/// Local APIC timer ticks per second at divide-by-16: from the core
/// crystal frequency (CPUID 0x15 ECX) if the CPU states it, else measured
/// against the calibrated TSC.
uint64_t timer_hz(const char** source) {
    if (arch::cpu_features.max_leaf >= 0x15) {
        uint32_t crystal = arch::cpuid(0x15).ecx;
        if (crystal != 0) {
            *source = "cpuid 0x15 crystal";
            return crystal / 16;
        }
    }
    *source = "measured against the TSC";
    return measure_timer_hz();
}

void start_timer() {
    const char* source = "";
    uint64_t hz = timer_hz(&source);
    uint64_t count = hz / kern::config::tick_hz;
    if (count == 0 || count > 0xFFFFFFFF) kern::boot_error("local APIC timer rate %lu Hz unusable", hz);
    arch::set_interrupt_handler(board::timer_vector, timer_interrupt);
    lapic.start_periodic(board::timer_vector, static_cast<uint32_t>(count));
    kern::printf("[lapic] timer %lu kHz (/16, %s), periodic %u Hz, count %lu\n", hz / 1000, source,
                 kern::config::tick_hz, count);
}

}  // namespace

}  // namespace platform

namespace port {

void platform_init(const kern::Boot_info&) {
    platform::init_interrupt_controllers();
    platform::start_timer();
}

}  // namespace port
