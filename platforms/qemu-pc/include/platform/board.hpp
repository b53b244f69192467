// SPDX-License-Identifier: BSD-2-Clause
// QEMU 'pc' (i440FX) board constants: the legacy PC devices at their fixed
// I/O ports and the interrupt vector plan. The APIC addresses and the CPU
// count come from the ACPI MADT (drivers/acpi), not from here.
#pragma once

#include <stdint.h>

namespace platform::board {

// Console: COM1, 16550A, 1.8432 MHz clock.
inline constexpr uint16_t com1_port = 0x3F8;
inline constexpr uint32_t uart_clock_hz = 1843200;
inline constexpr uint32_t uart_baud = 115200;

// QEMU isa-debug-exit (boot.json adds it at this port): writing v exits
// QEMU with (v << 1) | 1, so status s is written as s + 0x10 (0 -> rc 33).
inline constexpr uint16_t debug_exit_port = 0xF4;
inline constexpr uint8_t debug_exit_bias = 0x10;

// Legacy 8259 pair: remapped away from the exception vectors, then masked.
inline constexpr uint16_t pic_master = 0x20, pic_slave = 0xA0;

// Interrupt vectors. 0x00-0x1F exceptions; 0x20-0x2F the (masked) 8259s,
// so their spurious IRQ 7/15 cannot look like an exception; GSI n of the
// I/O APICs at irq_vector_base + n; the local APIC's own vectors on top.
inline constexpr uint8_t pic_vector_base = 0x20;
inline constexpr uint8_t irq_vector_base = 0x30;
inline constexpr unsigned max_irq_lines = 0xE0 - irq_vector_base;   // 176 GSIs
inline constexpr uint8_t timer_vector = 0xF0;
inline constexpr uint8_t lapic_error_vector = 0xFE;
inline constexpr uint8_t spurious_vector = 0xFF;

// ISA IRQs 0-15 are GSIs 0-15 (edge, active high) unless the MADT
// overrides them; GSIs from 16 up are PCI (level, active low).
inline constexpr unsigned isa_irqs = 16;

}  // namespace platform::board
