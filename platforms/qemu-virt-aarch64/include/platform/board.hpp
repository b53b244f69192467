// SPDX-License-Identifier: BSD-2-Clause
// QEMU "virt" (aarch64) board constants. Everything real comes from the
// device tree QEMU passes; these are only what the tree does not say and
// the fallbacks used when it is unusable.
#pragma once

#include <kern/types.hpp>

namespace platform::board {

inline constexpr const char* name = "qemu-virt-aarch64";

/// PL011 used to report a boot error when there is no usable device tree.
inline constexpr kern::paddr_t fallback_uart = 0x09000000;
inline constexpr size_t fallback_uart_size = 0x1000;

}  // namespace platform::board
