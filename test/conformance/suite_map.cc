// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "map": map, grant, unmap and page faults.
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &map_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
