// SPDX-License-Identifier: BSD-2-Clause
// Tests of X.2 time values (x2-api 1.4) and the timeout wheel (timeout.cc):
// periods, the special values, absolute time points, and when armed threads
// expire (never early, at the first tick at or after the deadline).
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <set>
#include <vector>

#include <host/fake_port.hpp>
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/cpu.hpp>
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

// Granule = one tick = 1000 us (the host config's tick_hz is 1000).
constexpr uint64_t tick = 1000000 / kern::config::tick_hz;
uint64_t next_start = 0;

/// The wheel belongs to a CPU: install one through the fake port.
class Wheel : public ::testing::Test {
protected:
    void SetUp() override {
        // The wheels are the kernel's globals and the clock never goes
        // back: each test starts a good while after the previous one.
        t0 = next_start;
        next_start += 100 * kern::timeout_slots * tick;
        cpu = std::make_unique<kern::Cpu_local>();
        port::set_cpu_local(cpu.get());
        kern::timeout_expire(t0);
        host::timed_out().clear();
    }
    void TearDown() override { port::set_cpu_local(nullptr); }

    static std::set<kern::Tcb*> woken() {
        return {host::timed_out().begin(), host::timed_out().end()};
    }
    static size_t armed() {
        size_t n = 0;
        EXPECT_EQ(kern::timeout_check(&n), 0u);
        return n;
    }

    /// Clock value x microseconds into the test.
    uint64_t at(uint64_t x) const { return t0 + x; }

    std::unique_ptr<kern::Cpu_local> cpu;
    uint64_t t0 = 0;
};

TEST_F(Wheel, ExpiresAtTheFirstTickAtOrAfterTheDeadline) {
    Thread a(at(3500)), b(at(1200)), c(at(2200)), d(at(1200));
    for (Thread* t : {&a, &b, &c, &d}) kern::timeout_arm(*t->tcb);
    EXPECT_EQ(armed(), 4u);
    kern::timeout_expire(at(1199));
    EXPECT_TRUE(host::timed_out().empty());
    kern::timeout_expire(at(1200));   // both 1200s, same tick: order not specified
    EXPECT_EQ(woken(), (std::set<kern::Tcb*>{b.tcb, d.tcb}));
    kern::timeout_expire(at(2199));   // c's granule, before its deadline: stays
    EXPECT_EQ(host::timed_out().size(), 2u);
    kern::timeout_expire(at(2300));
    EXPECT_EQ(host::timed_out().back(), c.tcb);
    kern::timeout_expire(at(10000));   // several granules at once
    EXPECT_EQ(host::timed_out().back(), a.tcb);
    EXPECT_EQ(host::timed_out().size(), 4u);
    EXPECT_EQ(armed(), 0u);
    kern::timeout_expire(at(20000));   // nothing left
    EXPECT_EQ(host::timed_out().size(), 4u);
}

TEST_F(Wheel, CancelAndRearm) {
    Thread a(at(100)), b(at(200)), c(at(300));
    for (Thread* t : {&a, &b, &c}) kern::timeout_arm(*t->tcb);
    kern::timeout_cancel(*b.tcb);             // the middle of a slot list
    kern::timeout_cancel(*b.tcb);             // twice: harmless
    kern::timeout_cancel(*a.tcb);
    a.tcb->wakeup_us = at(4000);
    kern::timeout_arm(*a.tcb);                // re-armed later, another slot
    c.tcb->wakeup_us = at(50);
    kern::timeout_arm(*c.tcb);                // arming again moves it
    EXPECT_EQ(armed(), 2u);
    kern::timeout_expire(at(1000));
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{c.tcb}));
    kern::timeout_expire(at(4000));
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{c.tcb, a.tcb}));
    EXPECT_FALSE(a.tcb->timer_armed);
    EXPECT_EQ(a.tcb->timer_next, nullptr);
    EXPECT_EQ(a.tcb->timer_prev, nullptr);
}

TEST_F(Wheel, LaterTurnsOfTheWheelWait) {
    // Same slot as granule 5, but 3 turns later.
    uint64_t deadline = (5 + 3 * kern::timeout_slots) * tick + 10;
    Thread far(at(deadline)), near(at(5 * tick + 10));
    kern::timeout_arm(*far.tcb);
    kern::timeout_arm(*near.tcb);
    EXPECT_EQ(far.tcb->timer_slot, near.tcb->timer_slot);
    for (uint64_t now = tick; now < deadline; now += tick) kern::timeout_expire(at(now));
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{near.tcb}));
    kern::timeout_expire(at(deadline));
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{near.tcb, far.tcb}));
}

TEST_F(Wheel, AStallScansEverySlotOnce) {
    std::vector<std::unique_ptr<Thread>> ts;
    for (uint64_t i = 0; i < 600; ++i) {
        ts.push_back(std::make_unique<Thread>(at(1 + i * 997)));
        kern::timeout_arm(*ts.back()->tcb);
    }
    EXPECT_EQ(armed(), 600u);
    kern::timeout_expire(at(1000 * tick));   // a long jump: all due
    EXPECT_EQ(host::timed_out().size(), 600u);
    EXPECT_EQ(armed(), 0u);
}

TEST_F(Wheel, ADeadlineAlreadyPassedFiresAtTheNextTick) {
    kern::timeout_expire(at(50 * tick));
    Thread late(at(10));   // long past
    kern::timeout_arm(*late.tcb);
    kern::timeout_expire(at(50 * tick + 1));
    EXPECT_EQ(host::timed_out(), (std::vector<kern::Tcb*>{late.tcb}));
}

}  // namespace
