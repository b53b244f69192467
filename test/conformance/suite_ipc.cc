// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "ipc": Ipc and Lipc.
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &ipc_group,
    &redirect_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
