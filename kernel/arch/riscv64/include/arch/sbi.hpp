// SPDX-License-Identifier: BSD-2-Clause
// Calls into the Supervisor Binary Interface (OpenSBI on QEMU virt): the
// v0.2+ extensions TIME, HSM and SRST when the firmware has them, the legacy
// v0.1 calls otherwise and for the pre-UART console.
#pragma once

#include <kern/types.hpp>

namespace arch::sbi {

struct Result {
    long error;   // 0 = success, negative SBI error code
    long value;
};

/// Extension ids.
inline constexpr long ext_base = 0x10;
inline constexpr long ext_time = 0x54494D45;   // "TIME"
inline constexpr long ext_hsm = 0x48534D;      // "HSM"
inline constexpr long ext_srst = 0x53525354;   // "SRST"
inline constexpr long legacy_set_timer = 0x00;
inline constexpr long legacy_console_putchar = 0x01;
inline constexpr long legacy_console_getchar = 0x02;
inline constexpr long legacy_shutdown = 0x08;

Result call(long ext, long fid, unsigned long a0 = 0, unsigned long a1 = 0, unsigned long a2 = 0);

/// Probes the firmware once (spec version, available extensions).
void init();

/// SBI specification version as major << 24 | minor; 0x1 for v0.1 firmware.
unsigned long spec_version();
bool has_time();
bool has_hsm();
bool has_srst();

/// Programs the next supervisor timer interrupt at absolute time stime
/// (clears a pending one).
void set_timer(uint64_t stime);

/// HSM hart state: 0 started, 1 stopped, 2 start pending, ...; negative = error.
long hart_status(unsigned long hartid);

/// SRST system reset: type 0 = shutdown, 1 = cold reboot; reason 0 = none,
/// 1 = system failure. Falls back to the legacy shutdown call. Only returns
/// if the firmware refuses.
void system_reset(unsigned long type, unsigned long reason);

/// Legacy console (works before the UART is mapped; OpenSBI v1.1 has no DBCN).
void console_putchar(char c);
/// -1 if no character is waiting.
int console_getchar();

}  // namespace arch::sbi
