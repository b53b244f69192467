// SPDX-License-Identifier: BSD-2-Clause
// Arm ARM B2.4.4: code written through data accesses is cleaned to the
// point of unification line by line, then the instruction caches are
// invalidated (inner shareable) before anyone may execute it.
#include <kern/port/mmu.hpp>

namespace port {

void sync_instruction_memory(const void* kva, size_t size) {
    uint64_t ctr;
    asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
    uintptr_t line = uintptr_t{4} << ((ctr >> 16) & 0xf);  // DminLine, in words
    uintptr_t start = reinterpret_cast<uintptr_t>(kva) & ~(line - 1);
    uintptr_t end = reinterpret_cast<uintptr_t>(kva) + size;
    for (uintptr_t p = start; p < end; p += line) asm volatile("dc cvau, %0" ::"r"(p) : "memory");
    asm volatile("dsb ish; ic ialluis; dsb ish; isb" ::: "memory");
}

}  // namespace port
