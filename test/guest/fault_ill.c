/* SPDX-License-Identifier: BSD-2-Clause */
/* Root task: executes an undefined instruction. The kernel must report it
 * and halt this thread, not the machine. */
#include "fault.h"

/* One permanently undefined instruction per architecture. */
static void illegal_instruction(void)
{
#if defined(__x86_64__)
    __asm__ __volatile__("ud2");
#elif defined(__aarch64__)
    __asm__ __volatile__("udf #0");
#elif defined(__riscv)
    __asm__ __volatile__("unimp");
#else
# error "no undefined instruction known for this architecture"
#endif
}

int main(void)
{
    fault_test_begin("fault_ill");
    illegal_instruction();
    return fault_test_survived("fault_ill");
}
