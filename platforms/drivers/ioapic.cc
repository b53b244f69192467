// SPDX-License-Identifier: BSD-2-Clause
// I/O APIC driver: indirect register access through IOREGSEL/IOWIN.
#include <drivers/ioapic.hpp>

namespace drivers {

namespace {

constexpr uint32_t entry_masked = 1u << 16;
constexpr uint32_t entry_level = 1u << 15;
constexpr uint32_t entry_active_low = 1u << 13;

}  // namespace

uint32_t Ioapic::read(uint32_t reg) const {
    _regs[0] = reg;
    return _regs[4];
}

void Ioapic::write(uint32_t reg, uint32_t v) const {
    _regs[0] = reg;
    _regs[4] = v;
}

void Ioapic::init(volatile void* regs, uint32_t gsi_base) {
    _regs = static_cast<volatile uint32_t*>(regs);
    _gsi_base = gsi_base;
    _pins = ((read(reg_version) >> 16) & 0xff) + 1;   // maximum redirection entry + 1
    for (unsigned pin = 0; pin < _pins; ++pin) mask(pin);
}

void Ioapic::route(unsigned pin, uint8_t vector, uint32_t apic_id, bool level_triggered, bool active_low) const {
    uint32_t low = entry_masked | vector;
    if (level_triggered) low |= entry_level;
    if (active_low) low |= entry_active_low;
    write(reg_redirection + 2 * pin, entry_masked);   // mask before changing the destination
    write(reg_redirection + 2 * pin + 1, apic_id << 24);
    write(reg_redirection + 2 * pin, low);
}

void Ioapic::mask(unsigned pin) const {
    uint32_t reg = reg_redirection + 2 * pin;
    write(reg, read(reg) | entry_masked);
}

void Ioapic::unmask(unsigned pin) const {
    uint32_t reg = reg_redirection + 2 * pin;
    write(reg, read(reg) & ~entry_masked);
}

}  // namespace drivers
