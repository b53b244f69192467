// SPDX-License-Identifier: BSD-2-Clause
// Zifencei: fence.i orders this hart's earlier stores before its later
// instruction fetches. Other harts execute their own fence.i when they start
// (SMP brings a remote fence.i through SBI for code written later).
#include <kern/port/mmu.hpp>

namespace port {

void sync_instruction_memory(const void*, size_t) { asm volatile("fence.i" ::: "memory"); }

}  // namespace port
