// SPDX-License-Identifier: BSD-2-Clause
// The per-CPU block of the running CPU, inline (kern/port/cpu_local.hpp):
// tp points at it while the CPU is in the kernel.
#pragma once

namespace kern { struct Cpu_local; }

namespace port {

inline kern::Cpu_local& cpu_local() {
    kern::Cpu_local* cpu;
    asm("mv %0, tp" : "=r"(cpu));
    return *cpu;
}

}  // namespace port
