// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "except": exception IPC.
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &exception_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
