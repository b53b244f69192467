// SPDX-License-Identifier: BSD-2-Clause
// fuzz_park: where the fuzzer sends threads it restarts. A loop of closed
// receives from a thread that never sends (the pager), written in
// assembly so that it never touches the stack: a thread may be started
// here with any stack pointer and flags and still cannot write memory.
#include <l4/walnut/abi.h>

#include "world.hpp"

// The thread the park loop receives from; set before any thread parks.
extern "C" {
L4_Word_t fuzz_park_partner;
}

// The loops below encode the Ipc system-call number as a literal.
static_assert(WALNUT_SYS_IPC == 6);

#if defined(L4_ARCH_AMD64)
// Ipc: RAX number, RSI to, RDX from, R8 timeouts (0: never), R9 MR0.
asm(".text\n"
    ".globl fuzz_park\n"
    ".type fuzz_park, @function\n"
    "fuzz_park:\n"
    "1:  xorl %esi, %esi\n"
    "    movq fuzz_park_partner(%rip), %rdx\n"
    "    xorl %r8d, %r8d\n"
    "    xorl %r9d, %r9d\n"
    "    movl $6, %eax\n"
    "    syscall\n"
    "    jmp 1b\n"
    ".size fuzz_park, . - fuzz_park\n");
#elif defined(L4_ARCH_AARCH64)
// Ipc: svc #6, x0 to, x1 from, x2 timeouts, x3 MR0.
asm(".text\n"
    ".globl fuzz_park\n"
    ".type fuzz_park, %function\n"
    ".balign 4\n"
    "fuzz_park:\n"
    "1:  mov x0, #0\n"
    "    adrp x1, fuzz_park_partner\n"
    "    ldr x1, [x1, :lo12:fuzz_park_partner]\n"
    "    mov x2, #0\n"
    "    mov x3, #0\n"
    "    svc #6\n"
    "    b 1b\n"
    ".size fuzz_park, . - fuzz_park\n");
#elif defined(L4_ARCH_RISCV64)
// Ipc: t0 number, a0 to, a1 from, a2 timeouts, a3 MR0.
asm(".text\n"
    ".globl fuzz_park\n"
    ".type fuzz_park, @function\n"
    ".balign 4\n"
    "fuzz_park:\n"
    "1:  li a0, 0\n"
    "    lla a1, fuzz_park_partner\n"
    "    ld a1, 0(a1)\n"
    "    li a2, 0\n"
    "    li a3, 0\n"
    "    li t0, 6\n"
    "    ecall\n"
    "    j 1b\n"
    ".size fuzz_park, . - fuzz_park\n");
#endif
