// SPDX-License-Identifier: BSD-2-Clause
// Walnut's riscv64 system-call register convention (docs/abi-riscv64.md):
// `ecall` with the number in t0, arguments and results in a0..a7.
#pragma once

#include <arch/context.hpp>

namespace glue::abi {

/// Register that carries the system-call number (and KDB op + 0x100).
inline constexpr unsigned number = arch::reg::t0;
/// Argument / result registers, in order.
inline constexpr unsigned arg0 = arch::reg::a0;
inline constexpr unsigned arg1 = arch::reg::a1;
inline constexpr unsigned arg2 = arch::reg::a2;
inline constexpr unsigned arg3 = arch::reg::a3;

/// Length of the ecall instruction: syscalls return behind it.
inline constexpr kern::word_t ecall_size = 4;

}  // namespace glue::abi
