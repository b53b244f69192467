// SPDX-License-Identifier: BSD-2-Clause
// QEMU "virt" riscv64 board constants. Device addresses come from the
// device tree; the addresses here are what QEMU 7.2 puts there: the exit
// device's is the fallback if the tree lacks it, the others document.
#pragma once

#include <kern/types.hpp>

namespace platform::board {

inline constexpr const char* name = "qemu-virt-riscv64";

// Device-tree compatible strings the board code looks for.
inline constexpr const char* uart_compatible = "ns16550a";
inline constexpr const char* test_compatible = "sifive,test0";
inline constexpr const char* plic_compatibles[] = {"riscv,plic0", "sifive,plic-1.0.0"};

// QEMU 7.2 virt: /soc/serial@10000000, /soc/test@100000, /soc/plic@c000000.
inline constexpr kern::paddr_t uart_default = 0x10000000;
inline constexpr kern::paddr_t test_default = 0x100000;
inline constexpr kern::paddr_t plic_default = 0x0c000000;

// sifive_test: 0x5555 ends QEMU with status 0; 0x3333 | code << 16 with code.
inline constexpr uint32_t test_pass = 0x5555;
inline constexpr uint32_t test_fail = 0x3333;

// S-mode external interrupt number in a hart's interrupt-controller
// (the second cell of the PLIC's interrupts-extended pairs).
inline constexpr uint32_t hart_irq_s_external = 9;

}  // namespace platform::board
