// SPDX-License-Identifier: BSD-2-Clause
// The conformance suite's test framework: named cases grouped by API area,
// each one TAP result line ("ok N - area.case"), with "#" diagnostics for
// every failed expectation and the plan printed after the last case.
#pragma once

#include <l4/types.h>

namespace conf {

/// One case: a name (unique within its group) and its body.
struct Case {
    const char* name;
    void (*run)();
};

/// The cases of one area of the API (one source file).
struct Group {
    const char* name;
    const Case* cases;
    unsigned count;
};

/// Records a failed expectation of the running case unless cond holds;
/// returns cond. 'what' says what was expected.
bool expect(bool cond, const char* what, unsigned line = __builtin_LINE(),
            const char* file = __builtin_FILE());

/// expect(got == want) with both values in the diagnostic.
bool expect_eq(L4_Word_t got, L4_Word_t want, const char* what, unsigned line = __builtin_LINE(),
               const char* file = __builtin_FILE());

/// Ends the running case as skipped (TAP "# SKIP why") unless it failed.
void skip(const char* why);

/// One diagnostic line ("# ...") for the running case.
void note(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/// True once the running case has a failed expectation.
bool failed();

/// Runs the selected cases of the groups (all when the root task's command
/// line has no "only=" argument), prints the plan and returns main's status.
int run(const Group* const* groups, unsigned count);

}  // namespace conf
