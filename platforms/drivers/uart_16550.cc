// SPDX-License-Identifier: BSD-2-Clause
// NS16550A UART: programming sequence and polled byte I/O, independent of
// how the registers are reached (see Uart_16550_regs).
#include <drivers/uart_16550.hpp>

namespace drivers {

namespace {

// Register numbers (before reg_shift). DLAB=1 turns 0/1 into the divisor.
constexpr unsigned rbr_thr = 0;   // receive buffer / transmit holding
constexpr unsigned ier = 1;       // interrupt enable
constexpr unsigned dll = 0;       // divisor latch low  (DLAB=1)
constexpr unsigned dlm = 1;       // divisor latch high (DLAB=1)
constexpr unsigned fcr = 2;       // FIFO control (write)
constexpr unsigned lcr = 3;       // line control
constexpr unsigned mcr = 4;       // modem control
constexpr unsigned lsr = 5;       // line status

constexpr uint8_t ier_rx_available = 0x01;
// Enable only: keeps bytes already in an enabled FIFO (enabling a disabled
// FIFO clears it, hence the one byte saved in init).
constexpr uint8_t fcr_enable = 0x01;
constexpr uint8_t lcr_8n1 = 0x03;
constexpr uint8_t lcr_dlab = 0x80;
constexpr uint8_t mcr_dtr_rts_out2 = 0x0b;
constexpr uint8_t lsr_data_ready = 0x01;
constexpr uint8_t lsr_thr_empty = 0x20;

// Bounds the wait for the transmitter so a missing or wedged UART slows the
// console down instead of hanging the kernel.
constexpr unsigned tx_spin_limit = 1u << 20;

uint8_t mmio8_read(uintptr_t base, uintptr_t off) {
    return *reinterpret_cast<volatile uint8_t*>(base + off);
}
void mmio8_write(uintptr_t base, uintptr_t off, uint8_t v) {
    *reinterpret_cast<volatile uint8_t*>(base + off) = v;
}
uint8_t mmio32_read(uintptr_t base, uintptr_t off) {
    return static_cast<uint8_t>(*reinterpret_cast<volatile uint32_t*>(base + off));
}
void mmio32_write(uintptr_t base, uintptr_t off, uint8_t v) {
    *reinterpret_cast<volatile uint32_t*>(base + off) = v;
}

}  // namespace

Uart_16550_regs Uart_16550_regs::mmio8(volatile void* base, unsigned reg_shift) {
    return {reinterpret_cast<uintptr_t>(base), reg_shift, mmio8_read, mmio8_write};
}

Uart_16550_regs Uart_16550_regs::mmio32(volatile void* base, unsigned reg_shift) {
    return {reinterpret_cast<uintptr_t>(base), reg_shift, mmio32_read, mmio32_write};
}

void Uart_16550::init(const Uart_16550_regs& regs, uint32_t clock_hz, uint32_t baud) {
    _regs = regs;
    write(ier, 0);
    if (read(lsr) & lsr_data_ready) _pending = read(rbr_thr);
    if (clock_hz != 0 && baud != 0) {
        uint32_t divisor = clock_hz / (16 * baud);
        if (divisor == 0) divisor = 1;
        write(lcr, lcr_dlab);
        write(dll, static_cast<uint8_t>(divisor & 0xff));
        write(dlm, static_cast<uint8_t>((divisor >> 8) & 0xff));
    }
    write(lcr, lcr_8n1);   // also clears DLAB
    write(fcr, fcr_enable);
    write(mcr, mcr_dtr_rts_out2);
}

void Uart_16550::putc(char c) const {
    if (!ready()) return;
    for (unsigned i = 0; i < tx_spin_limit && !(read(lsr) & lsr_thr_empty); ++i) {
    }
    write(rbr_thr, static_cast<uint8_t>(c));
}

int Uart_16550::getc() const {
    if (_pending >= 0) {
        int c = _pending;
        _pending = -1;
        return c;
    }
    if (!ready() || !(read(lsr) & lsr_data_ready)) return -1;
    return read(rbr_thr);
}

void Uart_16550::set_rx_interrupt(bool on) const {
    if (!ready()) return;
    write(ier, on ? ier_rx_available : 0);
}

bool Uart_16550::rx_interrupt_enabled() const {
    return ready() && (read(ier) & ier_rx_available);
}

}  // namespace drivers
