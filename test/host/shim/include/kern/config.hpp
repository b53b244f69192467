// SPDX-License-Identifier: BSD-2-Clause
// <kern/config.hpp> for the host unit tests: the same constants the build
// generates from kernel/generic/include/kern/config.hpp.in, with the
// default option values (meson_options.txt) and "host" as arch and platform.
#pragma once

namespace kern::config {
inline constexpr bool kdb = true;
inline constexpr bool assertions = true;
inline constexpr bool fastpath = true;
inline constexpr unsigned max_cpus = 4;
inline constexpr unsigned long kmem_bytes = 16ul * 1024 * 1024;
inline constexpr unsigned tick_hz = 1000;
inline constexpr const char* platform = "host";
inline constexpr const char* arch = "host";
inline constexpr const char* version = "0.1.0";
}  // namespace kern::config
