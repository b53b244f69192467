// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "irq": interrupt threads and
// interrupt IPC with a real device (the console UART).
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &interrupt_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
