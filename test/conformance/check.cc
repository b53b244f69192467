// SPDX-License-Identifier: BSD-2-Clause
// The case runner (check.hpp): selects cases by the root task's command
// line ("only=PREFIX[,PREFIX...]"), runs them one by one in a clean
// environment and prints their TAP lines and the plan.
#include "check.hpp"

#include <l4/bootinfo.h>
#include <l4/walnut/abi.h>
#include <l4io.h>
#include <stdarg.h>

#include "env.hpp"

namespace conf {

namespace {

struct Current {
    bool failed;
    bool skipped;
    const char* skip_reason;
};
Current current;

unsigned results;
unsigned failures;

constexpr unsigned max_prefixes = 8;
char filter_text[64];
char filter_shown[64];   // filter_text before it is cut at the commas
const char* prefixes[max_prefixes];
unsigned prefix_count;

bool starts_with(const char* s, const char* prefix)
{
    while (*prefix && *s == *prefix) {
        s++;
        prefix++;
    }
    return *prefix == '\0';
}

// The root task's bootinfo record says its command line: "name args".
const char* my_cmdline()
{
    void* bi = reinterpret_cast<void*>(L4_BootInfo(env::facts.kip));
    if (!bi || !L4_BootInfo_Valid(bi))
        return nullptr;
    L4_BootRec_t* r = L4_BootInfo_FirstEntry(bi);
    for (L4_Word_t i = 0; i < L4_BootInfo_Entries(bi); i++, r = L4_BootRec_Next(r)) {
        if (L4_BootRec_Type(r) == L4_BootInfo_SimpleExec &&
            L4_SimpleExec_InitialIP(r) == env::facts.kcp->root_server.ip)
            return L4_SimpleExec_Cmdline(r);
    }
    return nullptr;
}

// Picks "only=a,b,c" out of the command line.
void parse_filter()
{
    const char* line = my_cmdline();
    if (!line)
        return;
    for (const char* p = line; *p; p++) {
        if ((p == line || p[-1] == ' ') && starts_with(p, "only=")) {
            p += 5;
            unsigned n = 0;
            while (p[n] && p[n] != ' ' && n + 1 < sizeof filter_text) {
                filter_text[n] = p[n];
                n++;
            }
            filter_text[n] = '\0';
            snprintf(filter_shown, sizeof filter_shown, "%s", filter_text);
            break;
        }
    }
    char* s = filter_text;
    while (*s && prefix_count < max_prefixes) {
        prefixes[prefix_count++] = s;
        while (*s && *s != ',')
            s++;
        if (*s == ',')
            *s++ = '\0';
    }
}

bool selected(const char* group, const char* name)
{
    if (prefix_count == 0)
        return true;
    char full[96];
    snprintf(full, sizeof full, "%s.%s", group, name);
    for (unsigned i = 0; i < prefix_count; i++)
        if (starts_with(full, prefixes[i]))
            return true;
    return false;
}

const char* base_name(const char* path)
{
    const char* b = path;
    for (const char* p = path; *p; p++)
        if (*p == '/')
            b = p + 1;
    return b;
}

}  // namespace

bool expect(bool cond, const char* what, unsigned line, const char* file)
{
    if (!cond) {
        current.failed = true;
        printf("#   failed: %s (%s:%u)\n", what, base_name(file), line);
    }
    return cond;
}

bool expect_eq(L4_Word_t got, L4_Word_t want, const char* what, unsigned line, const char* file)
{
    if (got != want) {
        current.failed = true;
        printf("#   failed: %s: got 0x%lx, expected 0x%lx (%s:%u)\n", what, got, want,
               base_name(file), line);
    }
    return got == want;
}

void skip(const char* why)
{
    current.skipped = true;
    current.skip_reason = why;
}

void note(const char* fmt, ...)
{
    char text[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    printf("#   %s\n", text);
}

bool failed()
{
    return current.failed;
}

int run(const Group* const* groups, unsigned count)
{
    env::init();
    parse_filter();
    if (prefix_count)
        printf("# running the cases starting with: %s\n", filter_shown);
    for (unsigned g = 0; g < count; g++) {
        const Group& group = *groups[g];
        for (unsigned c = 0; c < group.count; c++) {
            const Case& k = group.cases[c];
            if (!selected(group.name, k.name))
                continue;
            current = Current{false, false, nullptr};
            k.run();
            env::case_cleanup();
            results++;
            if (current.failed) {
                failures++;
                printf("not ok %u - %s.%s\n", results, group.name, k.name);
            } else if (current.skipped) {
                printf("ok %u - %s.%s # SKIP %s\n", results, group.name, k.name, current.skip_reason);
            } else {
                printf("ok %u - %s.%s\n", results, group.name, k.name);
            }
        }
    }
    printf("1..%u\n", results);
    printf("# %u of %u cases failed\n", failures, results);
    return failures == 0 && results > 0 ? WALNUT_EXIT_SUCCESS : WALNUT_EXIT_TEST_FAILURE;
}

}  // namespace conf
