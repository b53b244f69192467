// SPDX-License-Identifier: BSD-2-Clause
// Tests of the kernel's printf family (console.cc): formats against the C
// library where they agree, Walnut's own conventions where they differ,
// truncation in snprintf, and the console's "\r\n".
#include <gtest/gtest.h>

#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

#include <host/fake_port.hpp>
#include <kern/console.hpp>

namespace {

__attribute__((format(printf, 1, 2))) std::string kern_format(const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = kern::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    EXPECT_EQ(static_cast<size_t>(n), std::string(buf).size()) << "return value of " << fmt;
    return buf;
}

__attribute__((format(printf, 1, 2))) std::string libc_format(const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

TEST(Console, AgreesWithTheCLibrary) {
    EXPECT_EQ(kern_format("plain text"), libc_format("plain text"));
    EXPECT_EQ(kern_format("%d %i %d", 0, -17, INT_MIN), libc_format("%d %i %d", 0, -17, INT_MIN));
    EXPECT_EQ(kern_format("%u %u", 0u, UINT_MAX), libc_format("%u %u", 0u, UINT_MAX));
    EXPECT_EQ(kern_format("%ld %lu", LONG_MIN, ULONG_MAX), libc_format("%ld %lu", LONG_MIN, ULONG_MAX));
    EXPECT_EQ(kern_format("%lld %llx", LLONG_MAX, ~0ull), libc_format("%lld %llx", LLONG_MAX, ~0ull));
    EXPECT_EQ(kern_format("%zu %zx", size_t{12345}, size_t{0xabc}),
              libc_format("%zu %zx", size_t{12345}, size_t{0xabc}));
    EXPECT_EQ(kern_format("%x %lx", 0xdeadbeefu, 0x123456789abcdeful),
              libc_format("%x %lx", 0xdeadbeefu, 0x123456789abcdeful));
    EXPECT_EQ(kern_format("[%5d|%-5d|%05d|%05d]", 42, 42, 42, -42),
              libc_format("[%5d|%-5d|%05d|%05d]", 42, 42, 42, -42));
    EXPECT_EQ(kern_format("[%8x|%08x|%-8x]", 0xbeefu, 0xbeefu, 0xbeefu),
              libc_format("[%8x|%08x|%-8x]", 0xbeefu, 0xbeefu, 0xbeefu));
    EXPECT_EQ(kern_format("[%6s|%-6s|%2s]", "ab", "ab", "abcd"),
              libc_format("[%6s|%-6s|%2s]", "ab", "ab", "abcd"));
    EXPECT_EQ(kern_format("%c%c%c %%", 'W', 'a', 'l'), libc_format("%c%c%c %%", 'W', 'a', 'l'));
}

TEST(Console, WalnutConventions) {
    // Pointers: always 0x and 16 digits, so register dumps line up.
    EXPECT_EQ(kern_format("%p", reinterpret_cast<void*>(0x1234)), "0x0000000000001234");
    EXPECT_EQ(kern_format("%p", static_cast<void*>(nullptr)), "0x0000000000000000");
    const char* volatile null_string = nullptr;   // hidden from the format checker
    EXPECT_EQ(kern_format("%s", null_string), "(null)");
}

TEST(Console, SnprintfTruncatesAndTerminates) {
    char buf[8];
    std::memset(buf, 'X', sizeof buf);
    EXPECT_EQ(kern::snprintf(buf, 5, "%s-%d", "walnut", 7), 8);   // full length returned
    EXPECT_STREQ(buf, "waln");
    EXPECT_EQ(buf[5], 'X');                                        // nothing past size
    EXPECT_EQ(kern::snprintf(buf, 1, "abc"), 3);
    EXPECT_STREQ(buf, "");
    buf[0] = 'Q';
    EXPECT_EQ(kern::snprintf(buf, 0, "abc"), 3);                   // size 0 writes nothing
    EXPECT_EQ(buf[0], 'Q');
    EXPECT_EQ(kern::snprintf(buf, sizeof buf, "%s", "1234567"), 7);
    EXPECT_STREQ(buf, "1234567");
}

TEST(Console, TrailingPercentAndUnknownConversions) {
    EXPECT_EQ(kern_format("100%%"), "100%");
    // An unknown conversion is printed as is; a lone '%' at the end ends the output.
    char buf[32];
    const char* odd = "a%qb%";
    kern::snprintf(buf, sizeof buf, odd, 0);
    EXPECT_STREQ(buf, "a%qb");
}

TEST(Console, PrintfWritesCrLfToThePortConsole) {
    host::console_reset();
    int n = kern::printf("line %d\nnext\n", 1);
    EXPECT_EQ(host::console_output(), "line 1\r\nnext\r\n");
    EXPECT_EQ(n, 12);   // the count is of formatted characters, without the added '\r'
    host::console_reset();
    kern::puts("a\nb");
    kern::putc('!');
    EXPECT_EQ(host::console_output(), "a\r\nb!");
}

}  // namespace
