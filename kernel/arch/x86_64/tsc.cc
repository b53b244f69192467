// SPDX-License-Identifier: BSD-2-Clause
// TSC calibration and port::clock_us. CPUID leaf 0x15 gives the exact
// TSC/crystal ratio on recent Intel CPUs; otherwise the TSC is measured
// against PIT channel 2 (1.193182 MHz, present on every PC), gated through
// port 0x61 and read back by latching, without any interrupt.
#include <arch/cpu.hpp>
#include <arch/port_io.hpp>
#include <arch/tsc.hpp>
#include <kern/console.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>

constinit uint64_t x86_tsc_at_boot = 0;
constinit uint64_t x86_us_per_tsc = 0;

namespace arch {

namespace {

constexpr uint64_t pit_hz = 1193182;
constexpr uint16_t pit_channel2 = 0x42, pit_command = 0x43, pit_gate_port = 0x61;
// Several short measurements, keeping the smallest: under emulation the
// virtual CPU can be descheduled in the middle of one, which only ever
// inflates it.
constexpr uint16_t pit_window = 5966;   // ~5 ms
constexpr unsigned pit_runs = 5;

constinit uint64_t tsc_frequency = 0;

uint64_t from_cpuid() {
    if (cpu_features.max_leaf < 0x15) return 0;
    Cpuid r = cpuid(0x15);
    if (r.eax == 0 || r.ebx == 0 || r.ecx == 0) return 0;   // ratio or crystal unknown
    return uint64_t{r.ecx} * r.ebx / r.eax;
}

/// Reads PIT channel 2's current count (latched, so both bytes belong together).
uint16_t pit_count() {
    outb(pit_command, 0x80);   // latch channel 2
    uint8_t lo = inb(pit_channel2);
    uint8_t hi = inb(pit_channel2);
    return static_cast<uint16_t>(lo | (hi << 8));
}

/// One measurement: TSC ticks over pit_window PIT ticks. The TSC reads
/// bracket the PIT reads, so a delay of this CPU (a host preempting the
/// virtual CPU) can only make the result too large.
uint64_t pit_measure_once() {
    outb(pit_command, 0xB0);   // channel 2, lobyte/hibyte, mode 0, binary
    outb(pit_channel2, 0xFF);
    outb(pit_channel2, 0xFF);
    uint64_t t0 = rdtsc();
    uint16_t p0 = pit_count();
    uint16_t p1 = p0;
    for (uint64_t spins = 0; static_cast<uint16_t>(p0 - p1) < pit_window; ++spins) {
        if (spins > (1ul << 24)) return 0;   // the counter does not move: no PIT
        p1 = pit_count();
    }
    uint64_t t1 = rdtsc();
    return (t1 - t0) * pit_hz / static_cast<uint16_t>(p0 - p1);
}

uint64_t from_pit() {
    // Gate channel 2 on (port 0x61 bit 0) with the speaker off (bit 1).
    uint8_t gate = inb(pit_gate_port);
    outb(pit_gate_port, static_cast<uint8_t>((gate & ~0x02) | 0x01));
    uint64_t best = 0;
    for (unsigned i = 0; i < pit_runs; ++i) {
        uint64_t hz = pit_measure_once();
        if (hz != 0 && (best == 0 || hz < best)) best = hz;
    }
    outb(pit_gate_port, gate);
    return best;
}

}  // namespace

void tsc_init() {
    const char* source = "cpuid 0x15";
    uint64_t hz = from_cpuid();
    if (hz == 0) {
        source = "PIT";
        hz = from_pit();
    }
    if (hz < 1000000) kern::boot_error("cannot determine the TSC frequency (%lu Hz)", hz);
    tsc_frequency = hz;
    x86_us_per_tsc = (uint64_t{1000000} << 32) / hz;
    x86_tsc_at_boot = rdtsc();
    kern::printf("[x86] TSC %lu.%03lu MHz (%s%s)\n", hz / 1000000, (hz / 1000) % 1000, source,
                 cpu_features.tsc_invariant ? ", invariant" : "");
}

uint64_t tsc_hz() { return tsc_frequency; }

void tsc_delay_us(uint64_t us) {
    uint64_t start = rdtsc();
    uint64_t ticks = us * tsc_frequency / 1000000;
    while (rdtsc() - start < ticks) cpu_relax();
}

}  // namespace arch

namespace port {

uint64_t clock_us() {
    // Before tsc_init the factor is 0, so the clock reads 0. One MUL gives
    // the 128-bit product; bits 95..32 are the microseconds.
    uint64_t ticks = arch::rdtsc() - x86_tsc_at_boot;
    return static_cast<uint64_t>((static_cast<unsigned __int128>(ticks) * x86_us_per_tsc) >> 32);
}

}  // namespace port
