// SPDX-License-Identifier: BSD-2-Clause
// Kernel console output: a small printf over port::console_putc. One
// formatter serves both the console and snprintf through a sink.
#include <kern/console.hpp>
#include <kern/lib.hpp>
#include <kern/port/console.hpp>

namespace kern {

namespace {

/// Where formatted characters go: the console, or a bounded buffer.
struct Sink {
    char* buf;      // nullptr = console
    size_t size;
    size_t len = 0;

    void put(char c) {
        if (!buf) {
            putc(c);
        } else if (len + 1 < size) {
            buf[len] = c;
        }
        ++len;
    }
};

struct Spec {
    bool left = false;
    bool zero = false;
    unsigned width = 0;
};

void pad(Sink& out, unsigned n, char c) {
    while (n--) out.put(c);
}

void put_string(Sink& out, const char* s, const Spec& spec) {
    if (!s) s = "(null)";
    auto n = static_cast<unsigned>(strlen(s));
    if (!spec.left && spec.width > n) pad(out, spec.width - n, ' ');
    while (*s) out.put(*s++);
    if (spec.left && spec.width > n) pad(out, spec.width - n, ' ');
}

void put_number(Sink& out, uint64_t v, unsigned base, bool negative, const Spec& spec,
                const char* prefix) {
    char digits[24];
    unsigned n = 0;
    do {
        unsigned d = static_cast<unsigned>(v % base);
        digits[n++] = static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    unsigned prefix_len = static_cast<unsigned>(strlen(prefix)) + (negative ? 1u : 0u);
    unsigned total = n + prefix_len;
    unsigned fill = spec.width > total ? spec.width - total : 0;
    if (!spec.left && !spec.zero) pad(out, fill, ' ');
    if (negative) out.put('-');
    for (const char* p = prefix; *p; ++p) out.put(*p);
    if (!spec.left && spec.zero) pad(out, fill, '0');
    while (n) out.put(digits[--n]);
    if (spec.left) pad(out, fill, ' ');
}

void format(Sink& out, const char* fmt, va_list ap) {
    for (; *fmt; ++fmt) {
        if (*fmt != '%') {
            out.put(*fmt);
            continue;
        }
        Spec spec;
        ++fmt;
        for (;; ++fmt) {
            if (*fmt == '-') spec.left = true;
            else if (*fmt == '0') spec.zero = true;
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9') spec.width = spec.width * 10 + unsigned(*fmt++ - '0');
        bool is_long = false;
        while (*fmt == 'l' || *fmt == 'z') {
            is_long = true;
            ++fmt;
        }
        switch (*fmt) {
        case 'c': out.put(static_cast<char>(va_arg(ap, int))); break;
        case 's': put_string(out, va_arg(ap, const char*), spec); break;
        case 'd':
        case 'i': {
            int64_t v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            bool neg = v < 0;
            put_number(out, neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v), 10,
                       neg, spec, "");
            break;
        }
        case 'u':
            put_number(out, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10,
                       false, spec, "");
            break;
        case 'x':
            put_number(out, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16,
                       false, spec, "");
            break;
        case 'p': {
            Spec p = spec;
            p.zero = true;
            p.width = 18;
            put_number(out, reinterpret_cast<uintptr_t>(va_arg(ap, void*)), 16, false, p, "0x");
            break;
        }
        case '%': out.put('%'); break;
        case '\0': return;
        default:
            out.put('%');
            out.put(*fmt);
            break;
        }
    }
}

}  // namespace

void putc(char c) {
    if (c == '\n') port::console_putc('\r');
    port::console_putc(c);
}

void puts(const char* s) {
    while (*s) putc(*s++);
}

int vprintf(const char* fmt, va_list ap) {
    Sink out{nullptr, 0};
    format(out, fmt, ap);
    return static_cast<int>(out.len);
}

int printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap) {
    Sink out{buf, size};
    format(out, fmt, ap);
    if (size) buf[min(out.len, size - 1)] = '\0';
    return static_cast<int>(out.len);
}

int snprintf(char* buf, size_t size, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

}  // namespace kern
