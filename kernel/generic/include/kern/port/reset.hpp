// SPDX-License-Identifier: BSD-2-Clause
// Contract: restarting the machine. Implemented by platforms/<board>/
// (reset is a board matter: chipset register, PSCI, SBI). Only the kernel
// debugger's reboot command uses it, so kernels built without the debugger
// do not need it.
#pragma once

namespace port {

/// Resets the machine (a warm or cold reboot, whatever the board offers);
/// falls back to port::power_off(0) if the reset does not happen.
/// Interrupts are disabled.
[[noreturn]] void reboot();

}  // namespace port
