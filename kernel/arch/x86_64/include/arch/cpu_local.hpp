// SPDX-License-Identifier: BSD-2-Clause
// The per-CPU block of the running CPU, inline (kern/port/cpu_local.hpp):
// in the kernel GS points at it and its first word points to itself.
#pragma once

#include <arch/asm_defs.hpp>

namespace kern { struct Cpu_local; }

namespace port {

inline kern::Cpu_local& cpu_local() {
    kern::Cpu_local* cpu;
    // volatile: once threads migrate, the same code may run on another CPU
    // after any call, so the read must not be merged with an earlier one.
    asm volatile("mov %%gs:%c1, %0" : "=r"(cpu) : "i"(CPU_SELF));
    return *cpu;
}

}  // namespace port
