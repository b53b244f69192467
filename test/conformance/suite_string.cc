// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "string": string items, transfer
// faults, transfer timeouts and aborts.
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &string_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
