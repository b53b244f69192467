// SPDX-License-Identifier: BSD-2-Clause
// The case runner of the robustness suites (see tap.hpp).
#include "tap.hpp"

#include <l4/walnut/abi.h>
#include <l4io.h>
#include <stdarg.h>

namespace tap {

namespace {

bool current_failed;
const char* current_todo;

}  // namespace

bool expect(bool cond, const char* what, unsigned line)
{
    if (!cond) {
        current_failed = true;
        printf("#   failed: %s (line %u)\n", what, line);
    }
    return cond;
}

bool expect_eq(L4_Word_t got, L4_Word_t want, const char* what, unsigned line)
{
    if (got != want) {
        current_failed = true;
        printf("#   failed: %s: got 0x%lx (%lu), expected 0x%lx (%lu) (line %u)\n", what, got, got,
               want, want, line);
    }
    return got == want;
}

void note(const char* fmt, ...)
{
    char text[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    printf("#   %s\n", text);
}

bool failed()
{
    return current_failed;
}

void todo(const char* why)
{
    current_todo = why;
}

int run(const char* suite, const Case* cases, unsigned count, void (*cleanup)())
{
    unsigned failures = 0, known = 0;
    for (unsigned i = 0; i < count; i++) {
        current_failed = false;
        current_todo = nullptr;
        printf("# %s.%s\n", suite, cases[i].name);
        cases[i].run();
        cleanup();
        const char* result = current_failed ? "not ok" : "ok";
        if (current_todo) {
            if (current_failed)
                known++;
            else
                printf("# %s.%s passes now: remove its TODO mark\n", suite, cases[i].name);
            printf("%s %u - %s.%s # TODO %s\n", result, i + 1, suite, cases[i].name, current_todo);
            continue;
        }
        if (current_failed)
            failures++;
        printf("%s %u - %s.%s\n", result, i + 1, suite, cases[i].name);
    }
    printf("1..%u\n", count);
    printf("# %s: %u of %u cases failed, %u more fail with a known kernel bug (TODO)\n", suite, failures,
           count, known);
    return failures == 0 && count > 0 ? WALNUT_EXIT_SUCCESS : WALNUT_EXIT_TEST_FAILURE;
}

}  // namespace tap
