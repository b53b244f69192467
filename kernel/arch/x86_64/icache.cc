// SPDX-License-Identifier: BSD-2-Clause
// x86 keeps instruction fetch coherent with data writes (SDM vol. 3, 11.6):
// code the kernel writes needs no maintenance.
#include <kern/port/mmu.hpp>

namespace port {

void sync_instruction_memory(const void*, size_t) {}

}  // namespace port
