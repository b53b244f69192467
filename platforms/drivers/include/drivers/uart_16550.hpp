// SPDX-License-Identifier: BSD-2-Clause
// Driver for the NS16550A-compatible UART (PC COM ports, QEMU riscv virt,
// many SoCs). The register access is a policy chosen by the board: I/O ports
// (x86, <drivers/uart_16550_port.hpp>) or memory-mapped registers with a
// register shift and 8- or 32-bit accesses (device tree "reg-shift",
// "reg-io-width").
#pragma once

#include <stdint.h>

namespace drivers {

/// How the driver reaches register i (0..7): read/write(base, i << reg_shift).
/// A plain struct of function pointers so the driver itself has no
/// architecture-specific code (port I/O only exists on x86) and one .cc
/// serves every board.
struct Uart_16550_regs {
    using Read = uint8_t (*)(uintptr_t base, uintptr_t offset);
    using Write = void (*)(uintptr_t base, uintptr_t offset, uint8_t value);

    uintptr_t base = 0;     // port number or kernel virtual address
    unsigned reg_shift = 0; // register i at base + (i << reg_shift)
    Read read = nullptr;
    Write write = nullptr;

    /// Memory-mapped registers accessed with 8-bit loads/stores.
    static Uart_16550_regs mmio8(volatile void* base, unsigned reg_shift);
    /// Memory-mapped registers accessed with 32-bit loads/stores
    /// (reg-io-width = 4); the data is in the low byte.
    static Uart_16550_regs mmio32(volatile void* base, unsigned reg_shift);
};

class Uart_16550 {
public:
    constexpr Uart_16550() = default;

    /// Takes the UART over: 8N1, FIFOs on, all UART interrupts off, modem
    /// control DTR|RTS|OUT2 (OUT2 gates the IRQ line on PCs). A byte that
    /// was already received is kept for getc (turning the FIFOs on clears
    /// them).
    /// Sets the divisor for baud from clock_hz; with clock_hz or baud 0 the
    /// divisor the firmware programmed is kept.
    void init(const Uart_16550_regs& regs, uint32_t clock_hz, uint32_t baud);

    /// Switches how the registers are reached (e.g. physical to io_map'ed
    /// address once the MMU is on) without touching the device.
    void set_regs(const Uart_16550_regs& regs) { _regs = regs; }

    bool ready() const { return _regs.write != nullptr; }

    /// Writes one byte, waiting for room in the transmitter. No-op before init.
    void putc(char c) const;

    /// One received byte, or -1 if none is waiting. Never blocks.
    int getc() const;

    /// Enables or disables the "received data available" interrupt.
    void set_rx_interrupt(bool on) const;
    /// Whether the receive interrupt is enabled in the device.
    bool rx_interrupt_enabled() const;

private:
    uint8_t read(unsigned reg) const { return _regs.read(_regs.base, uintptr_t{reg} << _regs.reg_shift); }
    void write(unsigned reg, uint8_t v) const { _regs.write(_regs.base, uintptr_t{reg} << _regs.reg_shift, v); }

    Uart_16550_regs _regs{};
    mutable int _pending = -1;   // byte received before init, or -1
};

}  // namespace drivers
