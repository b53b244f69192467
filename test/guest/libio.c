/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task (C): libio's formatter on the target, through snprintf and
 * printf: every flag, width, precision, length and conversion of <l4io.h>,
 * including %t, plus the C99 truncation rules of snprintf.
 */
#include <l4/thread.h>
#include <l4io.h>

#include "tap.h"

static char buffer[256];

/* One check: the formatted text and the returned length. */
static void expect(const char *want, int returned, const char *format)
{
    int length = 0;
    while (want[length] != 0)
        length++;
    int same = returned == length;
    for (int i = 0; same && i <= length; i++)
        same = buffer[i] == want[i];
    if (!tap_ok(same, format))
        printf("#   got \"%s\" (%d), want \"%s\" (%d)\n", buffer, returned, want, length);
}

#define CHECK(want, ...) expect(want, snprintf(buffer, sizeof buffer, __VA_ARGS__), #__VA_ARGS__)

static void integers(void)
{
    CHECK("-42", "%d", -42);
    CHECK("0", "%i", 0);
    CHECK("   42|", "%5d|", 42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("+5  5", "%+d % d", 5, 5);
    CHECK("007", "%.3d", 7);
    CHECK("|", "%.0d|", 0);
    CHECK("4294967295", "%u", 4294967295u);
    CHECK("18446744073709551615", "%lu", ~0ul);
    CHECK("-9223372036854775808", "%ld", -9223372036854775807l - 1);
    CHECK("-1", "%lld", -1ll);
    CHECK("-1", "%hd", 65535);
    CHECK("1", "%hhu", 257);
    CHECK("12345", "%zu", (L4_Size_t)12345);
    CHECK("  42", "%*d", 4, 42);
    CHECK("42  |", "%-*d|", 4, 42);
}

static void radixes(void)
{
    CHECK("beef", "%x", 0xbeef);
    CHECK("BEEF", "%X", 0xbeef);
    CHECK("0xbeef", "%#x", 0xbeef);
    CHECK("0XBEEF", "%#X", 0xbeef);
    CHECK("0", "%#x", 0);
    CHECK("00000abc", "%08lx", 0xabcul);
    CHECK("10 010", "%o %#o", 8, 8);
    CHECK("101 0b101", "%b %#b", 5, 5);
    CHECK("0x1234", "%p", (void *)0x1234);
}

static void characters_and_strings(void)
{
    CHECK("ok", "%c%c", 'o', 'k');
    CHECK("  x|", "%3c|", 'x');
    CHECK("walnut", "%s", "walnut");
    CHECK("wal", "%.3s", "walnut");
    CHECK("walnut  |", "%-8s|", "walnut");
    CHECK("  walnut|", "%8s|", "walnut");
    CHECK("ab", "%.*s", 2, "abc");
    CHECK("(null)", "%s", (char *)0);
    CHECK("100%", "%d%%", 100);
}

static void thread_ids(void)
{
    L4_ThreadId_t local;
    local.raw = 0x1000;
    CHECK("NIL_ID", "%t", L4_nilthread);
    CHECK("GlobThread=69,ver=1", "%t", L4_GlobalId(69, 1));
    CHECK("LocThread=64", "%t", local);
    CHECK("[NIL_ID  ]", "[%-8t]", L4_nilthread);
}

static void floating_point(void)
{
    CHECK("3.250000", "%f", 3.25);
    CHECK("-0.50", "%.2f", -0.5);
    CHECK("   3.142|", "%8.3f|", 3.14159);
    CHECK("3", "%.0f", 2.75);
    CHECK("+1.0", "%+.1f", 1.0);
    CHECK("0001.50", "%07.2f", 1.5);
    CHECK("-1234.50", "%.2Lf", -1234.5L);
}

static void limits(void)
{
    int n = snprintf(buffer, 4, "abcdef");
    tap_ok(n == 6 && buffer[0] == 'a' && buffer[2] == 'c' && buffer[3] == 0,
           "snprintf truncates, terminates and returns the full length");
    tap_ok(snprintf((char *)0, 0, "%d", 12345) == 5, "snprintf with size 0 only counts");
    int at = -1;
    snprintf(buffer, sizeof buffer, "abc%n", &at);
    tap_ok(at == 3, "%n stores the count so far");
    tap_ok(printf("# %s\n", "printf") == 9, "printf returns the number of characters");
}

int main(void)
{
    integers();
    radixes();
    characters_and_strings();
    thread_ids();
    floating_point();
    limits();
    tap_plan(tap_number);
    return tap_exit_status();
}
