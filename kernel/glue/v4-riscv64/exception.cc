// SPDX-License-Identifier: BSD-2-Clause
// The riscv64 exception message (docs/abi-riscv64.md): which user register
// goes into which message register, and loading the handler's reply.
#include <kern/port/context.hpp>
#include <kern/port/exception.hpp>

namespace port {

namespace {

using kern::word_t;

// MR1 pc, MR2..MR32 x1..x31 (MR(n+1) = xn), MR33 scause, MR34 fault address.
// The frame keeps sepc in the slot of x0, so MR(n+1) is simply frame.x[n].
constexpr unsigned mr_scause = 33, mr_address = 34;
constexpr unsigned words_sent = 34;

static_assert(words_sent < exception_max_mrs);

}  // namespace

unsigned exception_fill(const arch::User_frame& frame, const kern::User_fault& fault, word_t* mr) {
    for (unsigned n = 0; n < 32; ++n) mr[1 + n] = frame.x[n];
    mr[mr_scause] = frame.scause;   // the ecall's cause for unknown system calls
    mr[mr_address] = fault.address;
    return words_sent;
}

void exception_load(arch::User_frame& frame, const word_t* mr) {
    // tp is MyLocalId, which the kernel owns (docs/abi-riscv64.md); scause
    // and the address are facts about the exception: none of them loaded.
    // sstatus has no bits user code may change.
    frame.set_ip(mr[1]);
    for (unsigned n = 1; n < 32; ++n)
        if (n != arch::reg::tp) frame.x[n] = mr[1 + n];
}

}  // namespace port
