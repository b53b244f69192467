// SPDX-License-Identifier: BSD-2-Clause
// Kernel console: formatted output on the platform's debug UART.
// printf understands %c %s %d %i %u %x %p %% with the flags '0' and '-',
// a field width, and the length modifiers l / ll / z (all 64-bit here).
#pragma once

#include <stdarg.h>
#include <kern/types.hpp>

namespace kern {

void putc(char c);
void puts(const char* s);  // no newline appended
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap);
/// Formats into buf (always NUL-terminated when size > 0); returns the
/// length the full output would have had.
int snprintf(char* buf, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap);

}  // namespace kern
