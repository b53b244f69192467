// SPDX-License-Identifier: BSD-2-Clause
// The aarch64 exception message (docs/abi-aarch64.md): which user register
// goes into which message register, and loading the handler's reply.
#include <kern/port/context.hpp>
#include <kern/port/exception.hpp>

namespace port {

namespace {

using kern::word_t;

// MR1 pc, MR2 sp, MR3 NZCV, MR4..MR34 x0..x30, MR35 ESR_EL1, MR36 fault address.
constexpr unsigned mr_pc = 1, mr_sp = 2, mr_flags = 3, mr_x0 = 4, mr_esr = 35, mr_address = 36;
constexpr unsigned words_sent = 36;

static_assert(words_sent < exception_max_mrs);

}  // namespace

unsigned exception_fill(const arch::User_frame& frame, const kern::User_fault& fault, word_t* mr) {
    mr[mr_pc] = frame.pc;
    mr[mr_sp] = frame.sp_el0;
    mr[mr_flags] = user_flags(frame);
    for (unsigned i = 0; i < 31; ++i) mr[mr_x0 + i] = frame.x[i];
    mr[mr_esr] = frame.esr;   // the svc's own syndrome for unknown system calls
    mr[mr_address] = fault.address;
    return words_sent;
}

void exception_load(arch::User_frame& frame, const word_t* mr) {
    // ESR and the address are facts about the exception: not loaded.
    frame.set_ip(mr[mr_pc]);
    frame.set_sp(mr[mr_sp]);
    set_user_flags(frame, mr[mr_flags]);   // NZCV only
    for (unsigned i = 0; i < 31; ++i) frame.x[i] = mr[mr_x0 + i];
}

}  // namespace port
