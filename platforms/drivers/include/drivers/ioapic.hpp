// SPDX-License-Identifier: BSD-2-Clause
// I/O APIC (82093AA datasheet; ACPI MADT gives address and GSI base): one
// redirection entry per input pin, routed to a vector on one local APIC.
#pragma once

#include <stdint.h>

namespace drivers {

class Ioapic {
public:
    constexpr Ioapic() = default;

    /// Takes the I/O APIC at regs (kernel virtual) into use and masks every pin.
    void init(volatile void* regs, uint32_t gsi_base);

    unsigned pins() const { return _pins; }
    uint32_t gsi_base() const { return _gsi_base; }
    bool owns(uint32_t gsi) const { return gsi >= _gsi_base && gsi < _gsi_base + _pins; }

    /// Programs pin (masked) to deliver vector to the local APIC apic_id,
    /// fixed delivery, physical destination.
    void route(unsigned pin, uint8_t vector, uint32_t apic_id, bool level_triggered, bool active_low) const;

    void mask(unsigned pin) const;
    void unmask(unsigned pin) const;

private:
    static constexpr uint32_t reg_version = 0x01;
    static constexpr uint32_t reg_redirection = 0x10;   // + 2 * pin (low), + 1 (high)

    uint32_t read(uint32_t reg) const;
    void write(uint32_t reg, uint32_t v) const;

    volatile uint32_t* _regs = nullptr;   // IOREGSEL at +0, IOWIN at +0x10
    uint32_t _gsi_base = 0;
    unsigned _pins = 0;
};

}  // namespace drivers
