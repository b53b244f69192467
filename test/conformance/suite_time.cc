// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "time": timeouts, donation, total
// quantum and preemption (the `time` group). Its cases measure the guest's
// own clock against deadlines, so meson runs this archive under -icount
// shift=0 only: the clock then follows executed instructions, not how busy
// the host is (docs/scheduling.md).
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &time_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
