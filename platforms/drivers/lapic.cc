// SPDX-License-Identifier: BSD-2-Clause
// Local APIC driver (xAPIC mode).
#include <drivers/lapic.hpp>

namespace drivers {

namespace {

constexpr uint32_t lvt_masked = 1u << 16;
constexpr uint32_t lvt_periodic = 1u << 17;
constexpr uint32_t svr_enable = 1u << 8;
constexpr uint32_t divide_by_16 = 0x3;

}  // namespace

void Lapic::init(volatile void* regs, uint8_t spurious_vector, uint8_t error_vector) {
    _regs = static_cast<volatile uint32_t*>(regs);
    write(reg_svr, svr_enable | spurious_vector);
    write(reg_tpr, 0);
    write(reg_lvt_timer, lvt_masked);
    write(reg_lvt_lint0, lvt_masked);    // legacy 8259 output: the PICs stay masked
    write(reg_lvt_lint1, lvt_masked);
    write(reg_lvt_error, error_vector);
    // The ESR latches errors only after a write (SDM 11.5.3): write twice to clear.
    write(reg_esr, 0);
    write(reg_esr, 0);
    eoi();   // drop anything the firmware left in service
}

void Lapic::start_counting(uint32_t initial_count) const {
    write(reg_timer_divide, divide_by_16);
    write(reg_lvt_timer, lvt_masked);
    write(reg_timer_initial, initial_count);
}

void Lapic::start_periodic(uint8_t vector, uint32_t initial_count) const {
    write(reg_timer_divide, divide_by_16);
    write(reg_lvt_timer, lvt_periodic | vector);
    write(reg_timer_initial, initial_count);
}

uint32_t Lapic::error_status() const {
    write(reg_esr, 0);
    return read(reg_esr);
}

}  // namespace drivers
