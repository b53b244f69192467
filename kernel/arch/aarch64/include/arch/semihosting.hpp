// SPDX-License-Identifier: BSD-2-Clause
// Arm semihosting (hlt #0xf000): the debugger/emulator interface QEMU uses
// with -semihosting. Used to end a test run with an exit status.
#pragma once

namespace arch::semihosting {

/// SYS_EXIT with ADP_Stopped_ApplicationExit and the status (QEMU exits
/// with it). Returns if semihosting is not enabled: the hlt then raises an
/// undefined-instruction exception, which the kernel's exception handler
/// recognises and skips (see trap.cc).
void exit(unsigned status);

}  // namespace arch::semihosting
