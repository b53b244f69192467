// SPDX-License-Identifier: BSD-2-Clause
// Tests of kern/lib: the kernel's own memcpy family (linked under walnut_*
// names, see meson.build), string helpers and the inline bit/align helpers.
#include <gtest/gtest.h>

#include <cstring>
#include <numeric>
#include <vector>

#include <kern/lib.hpp>

extern "C" {
void* walnut_memcpy(void* dst, const void* src, size_t n);
void* walnut_memmove(void* dst, const void* src, size_t n);
void* walnut_memset(void* dst, int c, size_t n);
int walnut_memcmp(const void* a, const void* b, size_t n);
size_t walnut_strlen(const char* s);
}

namespace {

std::vector<unsigned char> pattern(size_t n) {
    std::vector<unsigned char> v(n);
    std::iota(v.begin(), v.end(), static_cast<unsigned char>(1));
    return v;
}

TEST(Lib, MemcpyCopiesEveryLengthAndAlignment) {
    auto src = pattern(80);
    for (size_t off = 0; off < 8; ++off)
        for (size_t n = 0; n <= 64; ++n) {
            std::vector<unsigned char> dst(80, 0xEE);
            EXPECT_EQ(walnut_memcpy(dst.data() + off, src.data() + 3, n), dst.data() + off);
            EXPECT_EQ(0, std::memcmp(dst.data() + off, src.data() + 3, n));
            for (size_t i = 0; i < off; ++i) ASSERT_EQ(dst[i], 0xEE) << "wrote before";
            for (size_t i = off + n; i < 80; ++i) ASSERT_EQ(dst[i], 0xEE) << "wrote past";
        }
}

TEST(Lib, MemmoveHandlesOverlapBothWays) {
    for (size_t n = 0; n <= 32; ++n)
        for (int shift = -7; shift <= 7; ++shift) {
            auto buf = pattern(64);
            auto ref = buf;
            size_t src = 16, dst = static_cast<size_t>(16 + shift);
            std::memmove(ref.data() + dst, ref.data() + src, n);
            EXPECT_EQ(walnut_memmove(buf.data() + dst, buf.data() + src, n), buf.data() + dst);
            ASSERT_EQ(buf, ref) << "n=" << n << " shift=" << shift;
        }
}

TEST(Lib, MemsetUsesTheLowByte) {
    std::vector<unsigned char> buf(40, 1);
    EXPECT_EQ(walnut_memset(buf.data() + 5, 0x1AB, 30), buf.data() + 5);
    for (size_t i = 0; i < 40; ++i) EXPECT_EQ(buf[i], (i >= 5 && i < 35) ? 0xAB : 1) << i;
    walnut_memset(buf.data(), 0, 0);
    EXPECT_EQ(buf[0], 1);
}

TEST(Lib, MemcmpOrdersAsUnsignedBytes) {
    const unsigned char a[] = {1, 2, 3, 0x80};
    const unsigned char b[] = {1, 2, 3, 0x7F};
    EXPECT_EQ(walnut_memcmp(a, a, 4), 0);
    EXPECT_GT(walnut_memcmp(a, b, 4), 0);   // 0x80 > 0x7F although signed char says no
    EXPECT_LT(walnut_memcmp(b, a, 4), 0);
    EXPECT_EQ(walnut_memcmp(a, b, 3), 0);
    EXPECT_EQ(walnut_memcmp(a, b, 0), 0);
}

TEST(Lib, Strlen) {
    EXPECT_EQ(walnut_strlen(""), 0u);
    EXPECT_EQ(walnut_strlen("walnut"), 6u);
    EXPECT_EQ(walnut_strlen("a\0b"), 1u);
}

TEST(Lib, StrcmpAndStrncmp) {
    EXPECT_EQ(kern::strcmp("abc", "abc"), 0);
    EXPECT_LT(kern::strcmp("abc", "abd"), 0);
    EXPECT_GT(kern::strcmp("abcd", "abc"), 0);
    EXPECT_LT(kern::strcmp("", "a"), 0);
    EXPECT_GT(kern::strcmp("\xff", "a"), 0);   // unsigned comparison
    EXPECT_EQ(kern::strncmp("abcX", "abcY", 3), 0);
    EXPECT_LT(kern::strncmp("abcX", "abcY", 4), 0);
    EXPECT_EQ(kern::strncmp("ab", "ab", 10), 0);   // stops at the NUL
    EXPECT_GT(kern::strncmp("abc", "ab", 10), 0);
    EXPECT_EQ(kern::strncmp("x", "y", 0), 0);
}

TEST(Lib, StrnlenStopsAtMax) {
    char buf[4] = {'a', 'b', 'c', 'd'};   // not terminated: must not read past max
    EXPECT_EQ(kern::strnlen(buf, sizeof buf), 4u);
    EXPECT_EQ(kern::strnlen(buf, 2), 2u);
    EXPECT_EQ(kern::strnlen("ab", 10), 2u);
    EXPECT_EQ(kern::strnlen("ab", 0), 0u);
}

TEST(Lib, AlignAndBitHelpers) {
    static_assert(kern::align_up(0x1001, 0x1000) == 0x2000);
    EXPECT_EQ(kern::align_down(0x1fff, 0x1000), 0x1000u);
    EXPECT_EQ(kern::align_up(0x1000, 0x1000), 0x1000u);
    EXPECT_EQ(kern::align_up(0, 8), 0u);
    EXPECT_TRUE(kern::is_aligned(0x4000, 0x1000));
    EXPECT_FALSE(kern::is_aligned(0x4008, 0x1000));
    EXPECT_TRUE(kern::is_pow2(1));
    EXPECT_TRUE(kern::is_pow2(kern::word_t{1} << 63));
    EXPECT_FALSE(kern::is_pow2(0));
    EXPECT_FALSE(kern::is_pow2(6));
    EXPECT_EQ(kern::msb(1), 0u);
    EXPECT_EQ(kern::msb(0x8000000000000001ul), 63u);
    EXPECT_EQ(kern::lsb(0x8000000000000000ul), 63u);
    EXPECT_EQ(kern::lsb(0x18), 3u);
    EXPECT_EQ(kern::min(3, -1), -1);
    EXPECT_EQ(kern::max(3u, 7u), 7u);
}

TEST(Lib, RangesOverlap) {
    EXPECT_TRUE(kern::ranges_overlap(0, 10, 9, 1));
    EXPECT_FALSE(kern::ranges_overlap(0, 10, 10, 1));   // touching is not overlapping
    EXPECT_FALSE(kern::ranges_overlap(10, 1, 0, 10));
    EXPECT_TRUE(kern::ranges_overlap(5, 1, 0, 10));       // contained
    EXPECT_FALSE(kern::ranges_overlap(5, 0, 0, 10));      // empty ranges never overlap
    EXPECT_FALSE(kern::ranges_overlap(5, 10, 7, 0));
}

}  // namespace
