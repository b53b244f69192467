// SPDX-License-Identifier: BSD-2-Clause
// PL011 UART (Arm DDI 0183): register programming and polled byte I/O.
#include <drivers/pl011.hpp>

namespace drivers {

namespace {

// Register offsets.
constexpr unsigned dr = 0x00;     // data
constexpr unsigned fr = 0x18;     // flags
constexpr unsigned ibrd = 0x24;   // integer baud divisor
constexpr unsigned fbrd = 0x28;   // fractional baud divisor
constexpr unsigned lcr_h = 0x2c;  // line control
constexpr unsigned cr = 0x30;     // control
constexpr unsigned imsc = 0x38;   // interrupt mask set/clear
constexpr unsigned icr = 0x44;    // interrupt clear

constexpr uint32_t fr_busy = 1u << 3;
constexpr uint32_t fr_rxfe = 1u << 4;  // receive FIFO empty
constexpr uint32_t fr_txff = 1u << 5;  // transmit FIFO full
constexpr uint32_t lcr_fen_8bit = (1u << 4) | (3u << 5);
constexpr uint32_t cr_enable_tx_rx = (1u << 0) | (1u << 8) | (1u << 9);
constexpr uint32_t int_rx_rt = (1u << 4) | (1u << 6);
constexpr uint32_t int_all = 0x7ff;

// Bounds the waits so a missing or wedged UART slows the console down
// instead of hanging the kernel.
constexpr unsigned spin_limit = 1u << 20;

}  // namespace

uint32_t Pl011::read(unsigned offset) const {
    return *reinterpret_cast<volatile uint32_t*>(_base + offset);
}

void Pl011::write(unsigned offset, uint32_t value) const {
    *reinterpret_cast<volatile uint32_t*>(_base + offset) = value;
}

void Pl011::init(volatile void* base, uint32_t clock_hz, uint32_t baud) {
    _base = static_cast<volatile uint8_t*>(base);
    // The line settings may only change while the UART is disabled and idle.
    for (unsigned i = 0; i < spin_limit && (read(fr) & fr_busy); ++i) {
    }
    write(cr, 0);
    if (clock_hz != 0 && baud != 0) {
        // Divisor in 1/64ths: clock / (16 * baud) * 64, rounded.
        uint32_t div64 = static_cast<uint32_t>((uint64_t{clock_hz} * 4 + baud / 2) / baud);
        write(ibrd, div64 >> 6);
        write(fbrd, div64 & 63);
    }
    write(lcr_h, lcr_fen_8bit);
    write(imsc, 0);
    write(icr, int_all);
    write(cr, cr_enable_tx_rx);
}

void Pl011::putc(char c) const {
    if (!ready()) return;
    for (unsigned i = 0; i < spin_limit && (read(fr) & fr_txff); ++i) {
    }
    write(dr, static_cast<uint8_t>(c));
}

int Pl011::getc() const {
    if (!ready() || (read(fr) & fr_rxfe)) return -1;
    return static_cast<int>(read(dr) & 0xff);
}

void Pl011::set_rx_interrupt(bool on) const {
    if (!ready()) return;
    write(imsc, on ? int_rx_rt : 0);
}

bool Pl011::rx_interrupt_enabled() const {
    return ready() && (read(imsc) & int_rx_rt);
}

}  // namespace drivers
