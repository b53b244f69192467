// SPDX-License-Identifier: BSD-2-Clause
// Tests of X.2 time values (x2-api 1.4) and the sorted timeout list
// (timeout.cc): periods, the special values, absolute time points, and the
// order in which expired threads are woken.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <vector>

#include <host/fake_port.hpp>
#include <kern/tcb.hpp>
#include <kern/timeout.hpp>

namespace {

using kern::deadline_of;

constexpr uint16_t period(unsigned e, unsigned m) { return uint16_t(e << 10 | m); }
constexpr uint16_t point(unsigned e, unsigned c, unsigned m) {
    return uint16_t(0x8000 | e << 11 | c << 10 | m);
}

TEST(Time, SpecialValues) {
    EXPECT_EQ(kern::time_never, 0x0000);
    EXPECT_EQ(kern::time_zero, 0x0400);   // period e = 1, m = 0
    EXPECT_EQ(deadline_of(kern::time_never, 12345), 0u);   // never: no deadline
}

TEST(Time, PeriodsAreMTimesTwoToTheE) {
    const uint64_t now = 1'000'000;
    EXPECT_EQ(deadline_of(period(0, 1), now), now + 1);
    EXPECT_EQ(deadline_of(period(0, 1000), now), now + 1000);
    EXPECT_EQ(deadline_of(period(10, 1000), now), now + 1000u * 1024);
    EXPECT_EQ(deadline_of(period(31, 1023), now), now + (uint64_t{1023} << 31));   // 64-bit
    // Zero-length periods other than Never still give a deadline in the future.
    EXPECT_GT(deadline_of(kern::time_zero, now), now);
    EXPECT_GT(deadline_of(period(5, 0), now), now);
}

TEST(Time, PointsAreTheNextMatchingClockValue) {
    // e = 0: bits 9..0 of the deadline are m, bit 10 is c; strictly in the future.
    const uint64_t now = 0x12345;
    for (unsigned c : {0u, 1u})
        for (unsigned m : {0u, 1u, 0x345u, 0x3ffu}) {
            uint64_t t = deadline_of(point(0, c, m), now);
            EXPECT_GT(t, now) << c << " " << m;
            EXPECT_EQ(t & 0x3ff, m);
            EXPECT_EQ((t >> 10) & 1, c);
            EXPECT_LE(t - now, uint64_t{1} << 11) << "not the first such value";
        }
    // Larger e: the low e bits are 0, bits [e+9..e] are m.
    uint64_t t = deadline_of(point(4, 1, 0x155), 0xABCDEF);
    EXPECT_EQ(t & 0xf, 0u);
    EXPECT_EQ((t >> 4) & 0x3ff, 0x155u);
    EXPECT_EQ((t >> 14) & 1, 1u);
    EXPECT_GT(t, 0xABCDEFu);
    EXPECT_LE(t - 0xABCDEF, uint64_t{1} << 15);
}

/// TCBs in aligned blocks, as the kernel has them.
struct Thread {
    kern::Tcb* tcb;
    explicit Thread(uint64_t wakeup) {
        tcb = new (std::aligned_alloc(kern::Tcb::block_size, kern::Tcb::block_size)) kern::Tcb();
        tcb->wakeup_us = wakeup;
    }
    ~Thread() {
        kern::timeout_cancel(*tcb);
        tcb->~Tcb();
        std::free(tcb);
    }
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;
};

TEST(TimeoutList, ExpiresInDeadlineOrder) {
    host::timed_out().clear();
    Thread a(300), b(100), c(200), d(100);
    for (Thread* t : {&a, &b, &c, &d}) kern::timeout_arm(*t->tcb);
    kern::timeout_expire(99);
    EXPECT_TRUE(host::timed_out().empty());
    kern::timeout_expire(150);   // both 100s, in the order they were armed
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{b.tcb, d.tcb}));
    kern::timeout_expire(1000);
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{b.tcb, d.tcb, c.tcb, a.tcb}));
    kern::timeout_expire(2000);   // nothing left
    EXPECT_EQ(host::timed_out().size(), 4u);
}

TEST(TimeoutList, CancelAndRearm) {
    host::timed_out().clear();
    Thread a(100), b(200), c(300);
    for (Thread* t : {&a, &b, &c}) kern::timeout_arm(*t->tcb);
    kern::timeout_cancel(*b.tcb);             // the middle
    kern::timeout_cancel(*b.tcb);             // twice: harmless
    kern::timeout_cancel(*a.tcb);             // the head
    a.tcb->wakeup_us = 400;
    kern::timeout_arm(*a.tcb);                // re-armed later
    c.tcb->wakeup_us = 50;
    kern::timeout_arm(*c.tcb);                // arming again moves it
    kern::timeout_expire(1000);
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{c.tcb, a.tcb}));
    EXPECT_EQ(a.tcb->timer_next, nullptr);
    EXPECT_EQ(a.tcb->timer_prev, nullptr);
}

}  // namespace
