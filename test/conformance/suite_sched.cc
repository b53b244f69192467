// SPDX-License-Identifier: BSD-2-Clause
// Root task of the conformance archive "sched":
// Schedule, ThreadSwitch, the clock, bad input, FP/SIMD state and the
// privileged ProcessorControl and MemoryControl.
#include "check.hpp"
#include "groups.hpp"

namespace {
const conf::Group* const groups[] = {
    &schedule_group,
    &clock_robust_group,
    &fpu_group,
    &control_group,
};
}  // namespace

extern "C" int main()
{
    return conf::run(groups, sizeof groups / sizeof groups[0]);
}
