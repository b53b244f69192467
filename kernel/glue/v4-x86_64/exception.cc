// SPDX-License-Identifier: BSD-2-Clause
// The amd64 exception message (binding section 9): which user register goes
// into which message register, and loading the handler's reply.
#include <kern/port/context.hpp>
#include <kern/port/exception.hpp>

namespace port {

namespace {

using kern::word_t;

// MR1..MR17 in binding order; MR18 RFLAGS, MR19 vector, MR20 error code.
constexpr word_t arch::User_frame::*register_mrs[] = {
    &arch::User_frame::rip, &arch::User_frame::rbx, &arch::User_frame::r10,
    &arch::User_frame::r12, &arch::User_frame::r13, &arch::User_frame::r14,
    &arch::User_frame::r15, &arch::User_frame::rax, &arch::User_frame::rcx,
    &arch::User_frame::rdx, &arch::User_frame::rsi, &arch::User_frame::rdi,
    &arch::User_frame::rbp, &arch::User_frame::r8,  &arch::User_frame::r9,
    &arch::User_frame::r11, &arch::User_frame::rsp,
};
constexpr unsigned mr_rflags = 18, mr_vector = 19, mr_error = 20;
constexpr unsigned words_sent = 19;   // u = 19: MR20 is written, not sent (binding quirk)

static_assert(sizeof register_mrs / sizeof register_mrs[0] == 17);
static_assert(mr_error < exception_max_mrs);

}  // namespace

unsigned exception_fill(const arch::User_frame& frame, const kern::User_fault&, word_t* mr) {
    for (unsigned i = 0; i < 17; ++i) mr[1 + i] = frame.*register_mrs[i];
    mr[mr_rflags] = frame.rflags;
    // From the frame, not the fault: an unknown system call is an
    // exception too, with the SYSCALL pseudo-vector (docs/abi-x86_64.md).
    mr[mr_vector] = frame.vector;
    mr[mr_error] = frame.error;
    return words_sent;
}

void exception_load(arch::User_frame& frame, const word_t* mr) {
    // RIP through set_ip (kept canonical), RFLAGS through set_user_flags
    // (arithmetic flags only). MR19 (vector) is ignored, as the binding advises.
    for (unsigned i = 1; i < 17; ++i) frame.*register_mrs[i] = mr[1 + i];
    frame.set_ip(mr[1]);
    set_user_flags(frame, mr[mr_rflags]);
}

}  // namespace port
