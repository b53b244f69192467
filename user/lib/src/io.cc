// SPDX-License-Identifier: BSD-2-Clause
// libio's console and string output (<l4io.h>). Console output is formatted
// into a line buffer on the caller's stack and handed to the kernel debugger
// a line at a time (L4_KDB_PrintString), so one printf costs a system call
// per line rather than per character, and concurrent threads never share a
// buffer. Every public function is a weak alias of its __l4_ version.
#include <l4/kdebug.h>
#include <l4io.h>

#include "format.hpp"

namespace {

/// Collects characters and prints them whenever a line is complete, the
/// buffer is full, or the owner is done.
struct Console_sink : libio::Sink {
    static constexpr size_t capacity = 160;
    char _line[capacity];
    size_t _used = 0;

    Console_sink() { put = &Console_sink::put_char; }
    ~Console_sink() { flush(); }

    void flush()
    {
        if (_used == 0)
            return;
        _line[_used] = 0;
        L4_KDB_PrintString(_line);
        _used = 0;
    }

    static void put_char(libio::Sink& sink, char c)
    {
        auto& self = static_cast<Console_sink&>(sink);
        if (c == 0) {  // would end the string early: print it on its own
            self.flush();
            L4_KDB_PrintChar(c);
            return;
        }
        self._line[self._used++] = c;
        if (c == '\n' || self._used == capacity - 1)
            self.flush();
    }
};

/// Writes into a caller's buffer of 'size' bytes, always NUL-terminated
/// (if size > 0); counts what did not fit, as C99 vsnprintf does.
struct String_sink : libio::Sink {
    char* _buffer;
    size_t _size;

    String_sink(char* buffer, size_t size) : _buffer(buffer), _size(size)
    {
        put = &String_sink::put_char;
    }

    static void put_char(libio::Sink& sink, char c)
    {
        auto& self = static_cast<String_sink&>(sink);
        if (self.count + 1 < self._size)
            self._buffer[self.count] = c;
    }

    void terminate()
    {
        if (_size > 0)
            _buffer[count < _size ? count : _size - 1] = 0;
    }
};

bool is_hex_digit(char c, unsigned* value)
{
    if (c >= '0' && c <= '9')
        *value = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
        *value = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
        *value = static_cast<unsigned>(c - 'A' + 10);
    else
        return false;
    return true;
}

}  // namespace

extern "C" {

int __l4_vsnprintf(char* str, L4_Size_t size, const char* fmt, va_list ap)
{
    String_sink sink(str, size);
    int n = libio::format(sink, fmt, ap);
    sink.terminate();
    return n;
}

int __l4_snprintf(char* str, L4_Size_t size, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = __l4_vsnprintf(str, size, fmt, ap);
    va_end(ap);
    return n;
}

int __l4_printf(const char* fmt, ...)
{
    Console_sink sink;
    va_list ap;
    va_start(ap, fmt);
    int n = libio::format(sink, fmt, ap);
    va_end(ap);
    return n;
}

void __l4_putc(int c)
{
    L4_KDB_PrintChar(static_cast<char>(c));
}

int __l4_putchar(int c)
{
    __l4_putc(c);
    return static_cast<unsigned char>(c);
}

int __l4_puts(const char* str)
{
    Console_sink sink;
    while (*str != 0)
        sink.emit(*str++);
    sink.emit('\n');
    return static_cast<int>(sink.count);
}

int __l4_getc(void)
{
    return static_cast<unsigned char>(L4_KDB_ReadChar_Blocked());
}

int printf(const char* fmt, ...) __attribute__((weak, alias("__l4_printf")));
int snprintf(char* str, L4_Size_t size, const char* fmt, ...)
    __attribute__((weak, alias("__l4_snprintf")));
int vsnprintf(char* str, L4_Size_t size, const char* fmt, va_list ap)
    __attribute__((weak, alias("__l4_vsnprintf")));
void putc(int c) __attribute__((weak, alias("__l4_putc")));
int getc(void) __attribute__((weak, alias("__l4_getc")));
int puts(const char* str) __attribute__((weak, alias("__l4_puts")));
int putchar(int c) __attribute__((weak, alias("__l4_putchar")));

/// Reads hexadecimal digits (echoed; backspace deletes) until return and
/// gives their value; at most 16 digits count.
L4_Word_t get_hex(void)
{
    L4_Word_t value = 0;
    unsigned digits = 0;
    for (;;) {
        char c = static_cast<char>(getc());
        unsigned digit;
        if (c == '\r' || c == '\n') {
            putc('\n');
            return value;
        }
        if ((c == '\b' || c == 0x7F) && digits > 0) {
            value >>= 4;
            digits--;
            printf("\b \b");
        } else if (digits < 16 && is_hex_digit(c, &digit)) {
            value = (value << 4) | digit;
            digits++;
            putc(c);
        }
    }
}

}  // extern "C"
