// SPDX-License-Identifier: BSD-2-Clause
// Driver for the Arm Generic Interrupt Controller v3 (device tree
// "arm,gic-v3"): memory-mapped distributor and redistributors, CPU
// interface through the ICC_* system registers. All interrupts are
// non-secure group 1, delivered as IRQs; shared lines are routed by
// affinity to the boot CPU.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace drivers {

class Gic_v3 {
public:
    enum class Status : uint8_t { ok, no_redistributor, no_system_registers };

    constexpr Gic_v3() = default;

    /// Takes the distributor over (every line masked, level triggered) and
    /// sets up the calling CPU: finds its redistributor in the region
    /// [redist, redist + redist_size) by MPIDR affinity, wakes it, enables
    /// the system-register interface. stride 0 = from GICR_TYPER (128 KiB,
    /// 256 KiB with virtual LPIs).
    Status init(volatile void* dist, volatile void* redist, size_t redist_size, uint64_t stride,
                uint64_t mpidr);

    unsigned lines() const { return _lines; }

    void mask(unsigned intid);
    void unmask(unsigned intid);

    /// ICC_IAR1_EL1; intid(value) >= 1020 means nothing was pending.
    uint32_t acknowledge();
    void end_of_interrupt(uint32_t iar);
    static constexpr unsigned intid(uint32_t iar) { return iar & 0xffffff; }

private:
    volatile uint32_t& dist(unsigned offset) const;
    volatile uint32_t& sgi(unsigned offset) const;
    void wait_dist() const;
    void wait_redist() const;
    bool find_redistributor(volatile uint8_t* region, size_t size, uint64_t stride, uint64_t mpidr);
    bool init_cpu_interface();

    volatile uint8_t* _dist = nullptr;
    volatile uint8_t* _rd = nullptr;   // this CPU's RD_base frame; SGI_base follows
    unsigned _lines = 0;
};

}  // namespace drivers
