// SPDX-License-Identifier: BSD-2-Clause
// The per-CPU block of the running CPU, inline (kern/port/cpu_local.hpp):
// TPIDR_EL1 points at it.
#pragma once

#include <stdint.h>

namespace kern { struct Cpu_local; }

namespace port {

inline kern::Cpu_local& cpu_local() {
    uint64_t v;
    asm volatile("mrs %0, tpidr_el1" : "=r"(v));
    return *reinterpret_cast<kern::Cpu_local*>(v);
}

}  // namespace port
