// SPDX-License-Identifier: BSD-2-Clause
// Driver for the Arm Generic Interrupt Controller v2 (GIC-400, Cortex-A15
// GIC; device tree "arm,gic-400", "arm,cortex-a15-gic"): memory-mapped
// distributor and CPU interface. Every interrupt is delivered as an IRQ
// (group 0 with FIQs off, or group 1 when secure firmware owns group 0).
#pragma once

#include <stdint.h>

namespace drivers {

class Gic_v2 {
public:
    constexpr Gic_v2() = default;

    /// Takes the distributor over (every shared line masked, level
    /// triggered, routed to the calling CPU) and sets up the calling CPU's
    /// interface. dist and cpu are kernel virtual addresses.
    void init(volatile void* dist, volatile void* cpu);
    /// The banked per-CPU part (SGIs, PPIs, CPU interface) of another CPU.
    void init_cpu();

    /// Interrupt IDs 0 .. lines()-1 exist (SGIs 0-15, PPIs 16-31, SPIs).
    unsigned lines() const { return _lines; }

    void mask(unsigned intid);
    void unmask(unsigned intid);

    /// Reads the interrupt acknowledge register; intid(value) >= 1020 means
    /// nothing was pending. Pass the same value to end_of_interrupt.
    uint32_t acknowledge();
    void end_of_interrupt(uint32_t iar);
    static constexpr unsigned intid(uint32_t iar) { return iar & 0x3ff; }

private:
    volatile uint32_t& dist(unsigned offset) const;
    volatile uint32_t& cpu(unsigned offset) const;

    volatile uint8_t* _dist = nullptr;
    volatile uint8_t* _cpu = nullptr;
    unsigned _lines = 0;
};

}  // namespace drivers
