// SPDX-License-Identifier: BSD-2-Clause
// Tests of kern::Thread_id against the X.2 encodings (x2-api 1.2): global
// ids are number(32) | version(32) with a version whose low 6 bits are not
// all zero; local ids are UTCB addresses with bits 5..0 clear.
#include <gtest/gtest.h>

#include <kern/thread_id.hpp>

namespace {

using kern::Thread_id;
using kern::word_t;

TEST(ThreadId, GlobalIdFields) {
    constexpr Thread_id t = Thread_id::global(0x12345, 7);
    static_assert(t.raw() == (word_t{0x12345} << 32 | 7));
    EXPECT_EQ(t.number(), 0x12345u);
    EXPECT_EQ(t.version(), 7u);
    EXPECT_TRUE(t.is_global());
    EXPECT_FALSE(t.is_local());
    EXPECT_FALSE(t.is_nil());
    // The version is cut to 32 bits instead of spilling into the number.
    Thread_id wide = Thread_id::global(1, 0x1'0000'0003);
    EXPECT_EQ(wide.number(), 1u);
    EXPECT_EQ(wide.version(), 3u);
}

TEST(ThreadId, SpecialIds) {
    EXPECT_EQ(Thread_id::nil().raw(), 0u);
    EXPECT_TRUE(Thread_id::nil().is_nil());
    EXPECT_TRUE(Thread_id().is_nil());
    EXPECT_EQ(Thread_id::any().raw(), ~word_t{0});
    EXPECT_TRUE(Thread_id::any().is_any());
    EXPECT_TRUE(Thread_id::any().is_global());
    EXPECT_EQ(Thread_id::any_local().raw(), ~word_t{0} << 6);
    EXPECT_TRUE(Thread_id::any_local().is_any_local());
    EXPECT_TRUE(Thread_id::any_local().is_local());
    EXPECT_FALSE(Thread_id::any().is_any_local());
    EXPECT_FALSE(Thread_id::any_local().is_any());
}

TEST(ThreadId, LocalIdsAreUtcbAddresses) {
    // MyLocalId = UTCB location + 512 (1 KiB aligned UTCBs): bits 5..0 clear.
    Thread_id local(0x3FFF000000ul + 512);
    EXPECT_TRUE(local.is_local());
    EXPECT_FALSE(local.is_global());
    for (word_t low = 1; low < 64; ++low) EXPECT_TRUE(Thread_id(0x1000 | low).is_global()) << low;
}

TEST(ThreadId, Equality) {
    EXPECT_EQ(Thread_id::global(5, 1), Thread_id::global(5, 1));
    EXPECT_NE(Thread_id::global(5, 1), Thread_id::global(5, 2));
    EXPECT_NE(Thread_id::global(5, 1), Thread_id::global(6, 1));
    static_assert(sizeof(Thread_id) == sizeof(word_t));
}

}  // namespace
