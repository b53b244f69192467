// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "fastpath": calls that fall off the
// IPC fast path at each of its checks (docs/fastpath.md).
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &fastpath_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
