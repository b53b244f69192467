// SPDX-License-Identifier: BSD-2-Clause
// Host stand-in for <arch/context.hpp>: a user frame and a kernel context
// with the members the port contract (kern/port/context.hpp) names, so
// generic code that embeds them (kern::Tcb) compiles for the unit tests.
#pragma once

#include <kern/types.hpp>

namespace arch {

struct User_frame {
    kern::word_t regs[16] = {};
    kern::word_t pc = 0;
    kern::word_t stack = 0;

    kern::word_t ip() const { return pc; }
    kern::word_t sp() const { return stack; }
    void set_ip(kern::word_t v) { pc = v; }
    void set_sp(kern::word_t v) { stack = v; }
};

struct Context {
    kern::word_t sp = 0;
    unsigned switches_in = 0;   // counted by the fake switch_context
};

}  // namespace arch
