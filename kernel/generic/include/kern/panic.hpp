// SPDX-License-Identifier: BSD-2-Clause
// Stopping the kernel. panic() prints its message and powers the machine off
// with a failure status, so a test harness sees the failure at once instead
// of waiting for a timeout. assert() checks kernel invariants only when the
// 'assertions' option is on; check() is always on. User input is never
// asserted: it is validated and answered with an X.2 error code.
#pragma once

#include <kern/config.hpp>
#include <kern/types.hpp>

namespace kern {

/// Exit statuses handed to the platform's power-off (see docs/testing.md).
enum class Exit_status : unsigned { success = 0, test_failure = 1, kernel_panic = 2, boot_error = 3 };

[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
/// Like panic but for a bad boot image or configuration: clear message, exit status boot_error.
[[noreturn]] void boot_error(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void assertion_failed(const char* expr, const char* file, int line);
/// Prints "Walnut: power off (status N)" and powers the machine off.
[[noreturn]] void shutdown(Exit_status status);

}  // namespace kern

#define check(expr) \
    ((expr) ? static_cast<void>(0) : ::kern::assertion_failed(#expr, __FILE__, __LINE__))
#define assert(expr)                                                                     \
    ((!::kern::config::assertions || (expr)) ? static_cast<void>(0)                      \
                                             : ::kern::assertion_failed(#expr, __FILE__, __LINE__))
