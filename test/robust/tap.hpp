// SPDX-License-Identifier: BSD-2-Clause
// The robustness suites' case runner: one TAP line per case ("ok N - name"),
// "#" lines for every failed expectation (what, value got, value wanted),
// and the plan after the last case, as the conformance suite prints them.
#pragma once

#include <l4/types.h>

namespace tap {

struct Case {
    const char* name;
    void (*run)();
};

/// Records a failed expectation of the running case unless cond holds.
bool expect(bool cond, const char* what, unsigned line = __builtin_LINE());
/// expect(got == want), both values in the diagnostic.
bool expect_eq(L4_Word_t got, L4_Word_t want, const char* what, unsigned line = __builtin_LINE());
/// One diagnostic line ("# ...") of the running case.
void note(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
/// True once the running case has failed.
bool failed();
/// Marks the running case as a known kernel bug (TAP "# TODO why"): its
/// failure is reported but does not fail the run. Remove the call when the
/// bug is fixed; a TODO case that passes says so.
void todo(const char* why);

/// Runs the cases in order, each followed by 'cleanup'; prints the plan and
/// a summary line and returns the root task's exit status.
int run(const char* suite, const Case* cases, unsigned count, void (*cleanup)());

}  // namespace tap
