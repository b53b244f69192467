// SPDX-License-Identifier: BSD-2-Clause
// Tests of panic.cc: every way of stopping the kernel prints its message and
// powers off with the exit status docs/testing.md promises (0 success,
// 2 kernel panic, 3 boot error), with interrupts disabled.
#include <gtest/gtest.h>

#include <string>

#include <host/fake_port.hpp>
#include <kern/port/cpu.hpp>
// kern/panic.hpp defines the kernel's own assert(); the C library's, pulled
// in by GoogleTest, has to make way.
#undef assert
#include <kern/panic.hpp>
#include <l4/walnut/abi.h>

namespace {

unsigned power_off_status(void (*stop)()) {
    host::console_reset();
    port::irq_enable();
    try {
        stop();
    } catch (const host::Power_off& off) {
        EXPECT_FALSE(host::irqs_enabled()) << "powered off with interrupts enabled";
        return off.status;
    }
    ADD_FAILURE() << "did not power off";
    return ~0u;
}

TEST(Panic, StatusesMatchTheAbi) {
    EXPECT_EQ(static_cast<unsigned>(kern::Exit_status::success), unsigned{WALNUT_EXIT_SUCCESS});
    EXPECT_EQ(static_cast<unsigned>(kern::Exit_status::test_failure),
              unsigned{WALNUT_EXIT_TEST_FAILURE});
    EXPECT_EQ(static_cast<unsigned>(kern::Exit_status::kernel_panic),
              unsigned{WALNUT_EXIT_KERNEL_PANIC});
    EXPECT_EQ(static_cast<unsigned>(kern::Exit_status::boot_error), unsigned{WALNUT_EXIT_BOOT_ERROR});
}

TEST(Panic, PanicPrintsAndExitsWithStatus2) {
    EXPECT_EQ(power_off_status([] { kern::panic("bad thing %d at %s", 42, "here"); }), 2u);
    const std::string& out = host::console_output();
    EXPECT_NE(out.find("KERNEL PANIC: bad thing 42 at here\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Walnut: power off (status 2)"), std::string::npos) << out;
}

TEST(Panic, BootErrorExitsWithStatus3) {
    EXPECT_EQ(power_off_status([] { kern::boot_error("no root task in the boot archive"); }), 3u);
    const std::string& out = host::console_output();
    EXPECT_NE(out.find("BOOT ERROR: no root task in the boot archive"), std::string::npos) << out;
    EXPECT_NE(out.find("Walnut: power off (status 3)"), std::string::npos) << out;
}

TEST(Panic, ShutdownPassesTheStatusOn) {
    EXPECT_EQ(power_off_status([] { kern::shutdown(kern::Exit_status::success); }), 0u);
    EXPECT_NE(host::console_output().find("Walnut: power off (status 0)"), std::string::npos);
    EXPECT_EQ(power_off_status([] { kern::shutdown(kern::Exit_status::test_failure); }), 1u);
}

TEST(Panic, FailedCheckAndAssertPanicWithTheExpression) {
    EXPECT_EQ(power_off_status([] {
                  volatile int answer = 41;
                  check(answer == 42);
              }),
              2u);
    const std::string& out = host::console_output();
    EXPECT_NE(out.find("assertion 'answer == 42' failed at"), std::string::npos) << out;
    EXPECT_NE(out.find("panic_test.cc:"), std::string::npos) << out;
    ASSERT_TRUE(kern::config::assertions);   // the host config has them on
    EXPECT_EQ(power_off_status([] {
                  volatile bool ok = false;
                  assert(ok);
              }),
              2u);
    host::console_reset();
    check(1 + 1 == 2);   // a passing check prints nothing
    assert(true);
    EXPECT_EQ(host::console_output(), "");
}

}  // namespace
