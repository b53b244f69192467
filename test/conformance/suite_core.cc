// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "core":
// the KIP, ThreadControl, SpaceControl and ExchangeRegisters.
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &kip_group,
    &thread_control_group,
    &space_control_group,
    &exchange_registers_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
