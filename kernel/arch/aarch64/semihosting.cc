// SPDX-License-Identifier: BSD-2-Clause
// Semihosting SYS_EXIT (Arm "Semihosting for AArch32 and AArch64", 6.5):
// w0 = operation, x1 = parameter block, trap with hlt #0xf000.
#include <arch/semihosting.hpp>
#include <kern/types.hpp>

namespace arch::semihosting {

namespace {
constexpr kern::word_t sys_exit = 0x18;
constexpr kern::word_t adp_stopped_application_exit = 0x20026;
}  // namespace

void exit(unsigned status) {
    volatile kern::word_t block[2] = {adp_stopped_application_exit, status};
    register kern::word_t x0 asm("x0") = sys_exit;
    register volatile kern::word_t* x1 asm("x1") = block;
    asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

}  // namespace arch::semihosting
