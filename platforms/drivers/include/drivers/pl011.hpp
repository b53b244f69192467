// SPDX-License-Identifier: BSD-2-Clause
// Driver for the Arm PrimeCell UART (PL011): QEMU virt's console and that of
// many Arm boards. Polled transmit and receive; the receive interrupt can be
// switched on for a user-level driver later.
#pragma once

#include <stdint.h>

namespace drivers {

class Pl011 {
public:
    constexpr Pl011() = default;

    /// Takes the UART over at base (kernel virtual): 8N1 with FIFOs, all
    /// UART interrupts masked and cleared, transmitter and receiver on. Sets
    /// the baud rate from clock_hz; with clock_hz or baud 0 the rate the
    /// firmware programmed is kept.
    void init(volatile void* base, uint32_t clock_hz, uint32_t baud);

    bool ready() const { return _base != nullptr; }

    /// Writes one byte, waiting for room in the transmit FIFO. No-op before init.
    void putc(char c) const;

    /// One received byte, or -1 if none is waiting. Never blocks.
    int getc() const;

    /// Enables or disables the receive (and receive-timeout) interrupt.
    void set_rx_interrupt(bool on) const;
    /// Whether the receive interrupts are unmasked in the device.
    bool rx_interrupt_enabled() const;

private:
    uint32_t read(unsigned offset) const;
    void write(unsigned offset, uint32_t value) const;

    volatile uint8_t* _base = nullptr;
};

}  // namespace drivers
