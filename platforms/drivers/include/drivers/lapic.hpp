// SPDX-License-Identifier: BSD-2-Clause
// Local APIC (xAPIC, memory-mapped; SDM vol. 3, chapter 11): enabling,
// end-of-interrupt, and the periodic timer.
#pragma once

#include <stdint.h>

namespace drivers {

class Lapic {
public:
    constexpr Lapic() = default;

    /// Takes the APIC at regs (kernel virtual, from io_map) into use:
    /// software-enabled with spurious vector, task priority 0, LINT0/LINT1
    /// and the error and timer entries masked, errors cleared.
    void init(volatile void* regs, uint8_t spurious_vector, uint8_t error_vector);

    uint32_t id() const { return read(reg_id) >> 24; }
    uint32_t version() const { return read(reg_version) & 0xff; }
    void eoi() const { write(reg_eoi, 0); }

    /// Starts the timer counting down from initial_count at bus clock / 16,
    /// one-shot and masked (no interrupt): for measuring its rate.
    void start_counting(uint32_t initial_count) const;
    uint32_t current_count() const { return read(reg_timer_current); }
    void stop() const { write(reg_timer_initial, 0); }

    /// Starts the timer in periodic mode: an interrupt on vector every
    /// initial_count ticks of the bus clock divided by 16.
    void start_periodic(uint8_t vector, uint32_t initial_count) const;

    /// Reads and clears the error status (after an error interrupt).
    uint32_t error_status() const;

private:
    static constexpr unsigned reg_id = 0x20, reg_version = 0x30, reg_tpr = 0x80, reg_eoi = 0xB0,
                              reg_svr = 0xF0, reg_esr = 0x280, reg_lvt_timer = 0x320,
                              reg_lvt_lint0 = 0x350, reg_lvt_lint1 = 0x360, reg_lvt_error = 0x370,
                              reg_timer_initial = 0x380, reg_timer_current = 0x390,
                              reg_timer_divide = 0x3E0;

    uint32_t read(unsigned reg) const { return _regs[reg / 4]; }
    void write(unsigned reg, uint32_t v) const { _regs[reg / 4] = v; }

    volatile uint32_t* _regs = nullptr;
};

}  // namespace drivers
