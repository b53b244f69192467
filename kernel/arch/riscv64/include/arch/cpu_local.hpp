// SPDX-License-Identifier: BSD-2-Clause
// The per-CPU block of the running CPU, inline (kern/port/cpu_local.hpp):
// tp points at it while the CPU is in the kernel.
#pragma once

namespace kern { struct Cpu_local; }

namespace port {

inline kern::Cpu_local& cpu_local() {
    // The compiler's own view of tp: it addresses per-CPU fields from tp
    // directly instead of copying it first (an asm "mv" costs one
    // instruction per use).
    return *static_cast<kern::Cpu_local*>(__builtin_thread_pointer());
}

}  // namespace port
