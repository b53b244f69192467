// SPDX-License-Identifier: BSD-2-Clause
// Contract: the debug console, implemented by the platform's UART driver.
// Must work from the first line of kernel_main (arch boot initialises it).
#pragma once

namespace port {

/// Writes one character, waiting for the transmitter if needed. '\n' is
/// written as is; the generic console adds '\r'.
void console_putc(char c);

/// Reads one character if one is waiting; returns -1 otherwise. Never blocks.
int console_getc();

/// True when user level has taken the console's input: its receive
/// interrupt is enabled in the device (the kernel never enables it; a
/// user-level driver does, docs/interrupts.md). The kernel then leaves the
/// receive register alone (no break-key polling).
bool console_input_claimed();

}  // namespace port
