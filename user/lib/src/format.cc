// SPDX-License-Identifier: BSD-2-Clause
// The printf engine of libio: flags "-+ 0#", width and precision (also '*'),
// lengths hh h l ll L z, conversions d i u o x X b p c s % n f and the X.2
// extension %t (thread id). Unknown conversions are printed as they are.
#include "format.hpp"

#include <l4/types.h>

namespace libio {
namespace {

enum class Length { none, hh, h, l, ll, L, z };

struct Spec {
    bool left = false;    // '-'
    bool plus = false;    // '+'
    bool space = false;   // ' '
    bool zero = false;    // '0'
    bool alt = false;     // '#'
    int width = 0;
    int precision = -1;   // -1: none given
    Length length = Length::none;
};

void pad(Sink& out, char c, int n)
{
    for (; n > 0; n--)
        out.emit(c);
}

void emit_string(Sink& out, const char* s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out.emit(s[i]);
}

size_t bounded_length(const char* s, int precision)
{
    size_t n = 0;
    while (s[n] != 0 && (precision < 0 || n < static_cast<size_t>(precision)))
        n++;
    return n;
}

/// A string field: width, '-' and (for %s) the precision as maximum length.
void emit_field(Sink& out, const char* s, size_t n, const Spec& spec)
{
    int fill = spec.width - static_cast<int>(n);
    if (!spec.left)
        pad(out, ' ', fill);
    emit_string(out, s, n);
    if (spec.left)
        pad(out, ' ', fill);
}

/// An integer field: [sign][prefix][precision zeros]digits, padded to width
/// with spaces, or with zeros after sign and prefix for '0'.
void emit_integer(Sink& out, unsigned long long value, bool negative, unsigned base, bool upper,
                  const char* prefix, const Spec& spec)
{
    const char* digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char digits[64];
    int n = 0;
    // C: precision 0 and value 0 print no digits.
    if (value != 0 || spec.precision != 0) {
        do {
            digits[n++] = digit_chars[value % base];
            value /= base;
        } while (value != 0);
    }
    char sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : 0;
    int prefix_len = static_cast<int>(bounded_length(prefix, -1));
    int zeros = spec.precision > n ? spec.precision - n : 0;
    int fill = spec.width - (sign ? 1 : 0) - prefix_len - zeros - n;
    bool zero_fill = spec.zero && !spec.left && spec.precision < 0;

    if (!spec.left && !zero_fill)
        pad(out, ' ', fill);
    if (sign)
        out.emit(sign);
    emit_string(out, prefix, static_cast<size_t>(prefix_len));
    if (zero_fill)
        pad(out, '0', fill);
    pad(out, '0', zeros);
    while (n > 0)
        out.emit(digits[--n]);
    if (spec.left)
        pad(out, ' ', fill);
}

/// Decimal digits of a double's integer part (v >= 0), most significant first.
void emit_integer_part(Sink& out, double v)
{
    double scale = 1;
    while (v / scale >= 10)
        scale *= 10;
    for (; scale >= 1; scale /= 10) {
        int d = static_cast<int>(v / scale);
        d = d < 0 ? 0 : d > 9 ? 9 : d;
        out.emit(static_cast<char>('0' + d));
        v -= d * scale;
    }
}

int integer_digits(double v)
{
    int n = 1;
    for (double scale = 10; v >= scale; scale *= 10)
        n++;
    return n;
}

/// %f: fixed point, precision decimals (default 6), rounded half up.
void emit_double(Sink& out, double v, const Spec& spec)
{
    bool negative = v < 0 || (v == 0 && 1 / v < 0);
    if (negative)
        v = -v;
    char sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : 0;
    if (v != v || v > 1.7976931348623157e308) {
        char buf[4] = {sign, 0, 0, 0};
        const char* word = v != v ? "nan" : "inf";
        int at = sign ? 1 : 0;
        for (int i = 0; i < 3; i++)
            buf[at + i] = word[i];
        emit_field(out, buf, static_cast<size_t>(at + 3), spec);
        return;
    }
    int precision = spec.precision < 0 ? 6 : spec.precision > 30 ? 30 : spec.precision;
    double rounding = 0.5;
    for (int i = 0; i < precision; i++)
        rounding /= 10;
    v += rounding;

    int point = precision > 0 || spec.alt ? 1 : 0;
    int fill = spec.width - (sign ? 1 : 0) - integer_digits(v) - point - precision;
    bool zero_fill = spec.zero && !spec.left;
    if (!spec.left && !zero_fill)
        pad(out, ' ', fill);
    if (sign)
        out.emit(sign);
    if (zero_fill)
        pad(out, '0', fill);
    emit_integer_part(out, v);
    if (point)
        out.emit('.');
    // Doubles from 2^52 up have no fraction bits (and may not fit a long long).
    double fraction = 0;
    if (v < 4503599627370496.0)
        fraction = v - static_cast<double>(static_cast<unsigned long long>(v));
    for (int i = 0; i < precision; i++) {
        fraction *= 10;
        int d = static_cast<int>(fraction);
        d = d < 0 ? 0 : d > 9 ? 9 : d;
        out.emit(static_cast<char>('0' + d));
        fraction -= d;
    }
    if (spec.left)
        pad(out, ' ', fill);
}

/// %Lf takes a long double. Where that is IEEE binary128 (aarch64, riscv64)
/// the compiler would convert through a soft-float library routine, so the
/// bits are converted by hand (subnormals become 0, the mantissa is cut).
double to_double(long double v)
{
#if __LDBL_MANT_DIG__ == 113
    unsigned long long words[2];
    static_assert(sizeof(words) == sizeof(v));
    __builtin_memcpy(words, &v, sizeof(v));
    unsigned long long low = words[0], high = words[1];
    unsigned long long sign = high >> 63;
    long exponent = static_cast<long>((high >> 48) & 0x7FFF);
    unsigned long long mantissa = ((high & 0xFFFFFFFFFFFFull) << 4) | (low >> 60);
    unsigned long long bits;
    if (exponent == 0x7FFF)
        bits = (0x7FFull << 52) | (mantissa != 0 || low != 0 ? 1ull << 51 : 0);
    else if (exponent - 16383 + 1023 >= 0x7FF)
        bits = 0x7FFull << 52;
    else if (exponent - 16383 + 1023 <= 0)
        bits = 0;
    else
        bits = (static_cast<unsigned long long>(exponent - 16383 + 1023) << 52) | mantissa;
    bits |= sign << 63;
    double d;
    __builtin_memcpy(&d, &bits, sizeof(d));
    return d;
#else
    return static_cast<double>(v);
#endif
}

/// Appends the decimal form of v to buf at *at.
void append_decimal(char* buf, size_t* at, unsigned long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        buf[(*at)++] = digits[--n];
}

void append_text(char* buf, size_t* at, const char* s)
{
    while (*s != 0)
        buf[(*at)++] = *s++;
}

/// %t: "NIL_ID", "GlobThread=<no>,ver=<version>" or "LocThread=<local id>".
void emit_thread_id(Sink& out, L4_ThreadId_t tid, const Spec& spec)
{
    char buf[64];
    size_t n = 0;
    if (L4_IsNilThread(tid)) {
        append_text(buf, &n, "NIL_ID");
    } else if (L4_IsGlobalId(tid)) {
        append_text(buf, &n, "GlobThread=");
        append_decimal(buf, &n, L4_ThreadNo(tid));
        append_text(buf, &n, ",ver=");
        append_decimal(buf, &n, L4_Version(tid));
    } else {
        append_text(buf, &n, "LocThread=");
        append_decimal(buf, &n, tid.raw >> 6);
    }
    emit_field(out, buf, n, spec);
}

/// Reads flags, width, precision and length at *p; advances *p to the
/// conversion character.
Spec parse_spec(const char** p, va_list* ap)
{
    Spec spec;
    const char* f = *p;
    for (;; f++) {
        if (*f == '-') spec.left = true;
        else if (*f == '+') spec.plus = true;
        else if (*f == ' ') spec.space = true;
        else if (*f == '0') spec.zero = true;
        else if (*f == '#') spec.alt = true;
        else break;
    }
    if (*f == '*') {
        spec.width = va_arg(*ap, int);
        if (spec.width < 0) {
            spec.left = true;
            spec.width = -spec.width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9')
            spec.width = spec.width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        spec.precision = 0;
        if (*f == '*') {
            spec.precision = va_arg(*ap, int);
            if (spec.precision < 0)
                spec.precision = -1;
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                spec.precision = spec.precision * 10 + (*f++ - '0');
        }
    }
    switch (*f) {
    case 'h':
        spec.length = f[1] == 'h' ? Length::hh : Length::h;
        f += spec.length == Length::hh ? 2 : 1;
        break;
    case 'l':
        spec.length = f[1] == 'l' ? Length::ll : Length::l;
        f += spec.length == Length::ll ? 2 : 1;
        break;
    case 'L': spec.length = Length::L; f++; break;
    case 'z': spec.length = Length::z; f++; break;
    default: break;
    }
    *p = f;
    return spec;
}

long long signed_argument(const Spec& spec, va_list* ap)
{
    switch (spec.length) {
    case Length::hh: return static_cast<signed char>(va_arg(*ap, int));
    case Length::h: return static_cast<short>(va_arg(*ap, int));
    case Length::l: return va_arg(*ap, long);
    case Length::ll:
    case Length::L: return va_arg(*ap, long long);
    case Length::z: return static_cast<long long>(va_arg(*ap, size_t));
    case Length::none: break;
    }
    return va_arg(*ap, int);
}

unsigned long long unsigned_argument(const Spec& spec, va_list* ap)
{
    switch (spec.length) {
    case Length::hh: return static_cast<unsigned char>(va_arg(*ap, unsigned));
    case Length::h: return static_cast<unsigned short>(va_arg(*ap, unsigned));
    case Length::l: return va_arg(*ap, unsigned long);
    case Length::ll:
    case Length::L: return va_arg(*ap, unsigned long long);
    case Length::z: return va_arg(*ap, size_t);
    case Length::none: break;
    }
    return va_arg(*ap, unsigned);
}

void store_count(const Spec& spec, va_list* ap, size_t count)
{
    switch (spec.length) {
    case Length::hh: *va_arg(*ap, signed char*) = static_cast<signed char>(count); break;
    case Length::h: *va_arg(*ap, short*) = static_cast<short>(count); break;
    case Length::l: *va_arg(*ap, long*) = static_cast<long>(count); break;
    case Length::ll:
    case Length::L: *va_arg(*ap, long long*) = static_cast<long long>(count); break;
    case Length::z: *va_arg(*ap, size_t*) = count; break;
    case Length::none: *va_arg(*ap, int*) = static_cast<int>(count); break;
    }
}

/// One conversion; c is the conversion character.
void convert(Sink& out, char c, const Spec& spec, va_list* ap)
{
    switch (c) {
    case 'd':
    case 'i': {
        long long v = signed_argument(spec, ap);
        unsigned long long magnitude =
            v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
        emit_integer(out, magnitude, v < 0, 10, false, "", spec);
        break;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'b': {
        Spec unsigned_spec = spec;
        unsigned_spec.plus = unsigned_spec.space = false;
        unsigned long long v = unsigned_argument(spec, ap);
        unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : c == 'b' ? 2 : 16;
        const char* prefix = "";
        if (spec.alt && v != 0) {
            prefix = c == 'x' ? "0x" : c == 'X' ? "0X" : c == 'b' ? "0b" : c == 'o' ? "0" : "";
        }
        emit_integer(out, v, false, base, c == 'X', prefix, unsigned_spec);
        break;
    }
    case 'p': {
        Spec pointer_spec = spec;
        pointer_spec.plus = pointer_spec.space = false;
        auto v = reinterpret_cast<unsigned long>(va_arg(*ap, void*));
        emit_integer(out, v, false, 16, false, "0x", pointer_spec);
        break;
    }
    case 'c': {
        char ch = static_cast<char>(va_arg(*ap, int));
        emit_field(out, &ch, 1, spec);
        break;
    }
    case 's': {
        const char* s = va_arg(*ap, const char*);
        if (s == nullptr)
            s = "(null)";
        emit_field(out, s, bounded_length(s, spec.precision), spec);
        break;
    }
    case 'f':
    case 'F': {
        double v = spec.length == Length::L ? to_double(va_arg(*ap, long double))
                                            : va_arg(*ap, double);
        emit_double(out, v, spec);
        break;
    }
    case 't':
        emit_thread_id(out, va_arg(*ap, L4_ThreadId_t), spec);
        break;
    case 'n':
        store_count(spec, ap, out.count);
        break;
    case '%':
        out.emit('%');
        break;
    default:  // not a conversion we know: show it
        out.emit('%');
        if (c != 0)
            out.emit(c);
        break;
    }
}

}  // namespace

int format(Sink& out, const char* fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    const char* p = fmt;
    while (*p != 0) {
        if (*p != '%') {
            out.emit(*p++);
            continue;
        }
        p++;
        Spec spec = parse_spec(&p, &args);
        char c = *p;
        convert(out, c, spec, &args);
        if (c != 0)
            p++;
    }
    va_end(args);
    return static_cast<int>(out.count);
}

}  // namespace libio
