// SPDX-License-Identifier: BSD-2-Clause
// Walnut's riscv64 system-call register convention (docs/abi-riscv64.md,
// /work/briefs/abi-x2.md): `ecall` with the number in t0, argument and
// result words in a0..a6, the eight register MRs of Ipc/Lipc in
// a3..a7, t1, t2, t3. Every register that is not an output is preserved,
// except by Ipc/Lipc, which keep only sp, s0, ra, gp and tp besides their
// outputs (docs/fastpath.md).
#pragma once

#include <arch/context.hpp>

namespace glue::abi {

/// Register that carries the system-call number (and KDB op + 0x100).
inline constexpr unsigned number = arch::reg::t0;

/// Argument words a0..a6 of the generic ABI; results r0..r6 use the same.
inline constexpr unsigned arg0 = arch::reg::a0;
inline constexpr unsigned arg1 = arch::reg::a1;
inline constexpr unsigned arg2 = arch::reg::a2;
inline constexpr unsigned arg3 = arch::reg::a3;
inline constexpr unsigned arg4 = arch::reg::a4;
inline constexpr unsigned arg5 = arch::reg::a5;
inline constexpr unsigned arg6 = arch::reg::a6;

/// Ipc / Lipc: 'to' in, 'from' out in the same register.
inline constexpr unsigned ipc_to = arch::reg::a0;
inline constexpr unsigned ipc_from_spec = arch::reg::a1;
inline constexpr unsigned ipc_timeouts = arch::reg::a2;
/// MR0..MR7 in registers, in and out; MR8.. stay in the UTCB.
inline constexpr unsigned ipc_register_mrs = 8;
inline constexpr unsigned ipc_mr[ipc_register_mrs] = {
    arch::reg::a3, arch::reg::a4, arch::reg::a5, arch::reg::a6,
    arch::reg::a7, arch::reg::t1, arch::reg::t2, arch::reg::t3,
};

/// Length of the ecall instruction: syscalls return behind it.
inline constexpr kern::word_t ecall_size = 4;

}  // namespace glue::abi
