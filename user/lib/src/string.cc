// SPDX-License-Identifier: BSD-2-Clause
// The memory and string functions the compiler may call on its own (struct
// copies, zeroing) and that freestanding programs need anyway.
#include <stddef.h>
#include <stdint.h>

namespace {

// A word that may alias anything, for the aligned fast paths.
using Word = unsigned long __attribute__((may_alias));
constexpr size_t word_size = sizeof(Word);

bool both_aligned(const void* a, const void* b)
{
    return ((reinterpret_cast<uintptr_t>(a) | reinterpret_cast<uintptr_t>(b)) &
            (word_size - 1)) == 0;
}

}  // namespace

extern "C" {

void* memcpy(void* dst, const void* src, size_t n)
{
    auto* d = static_cast<unsigned char*>(dst);
    auto* s = static_cast<const unsigned char*>(src);
    if (both_aligned(d, s)) {
        for (; n >= word_size; n -= word_size, d += word_size, s += word_size)
            *reinterpret_cast<Word*>(d) = *reinterpret_cast<const Word*>(s);
    }
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

void* memmove(void* dst, const void* src, size_t n)
{
    auto* d = static_cast<unsigned char*>(dst);
    auto* s = static_cast<const unsigned char*>(src);
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    // Overlapping with the destination above the source: copy backwards.
    while (n-- > 0)
        d[n] = s[n];
    return dst;
}

void* memset(void* dst, int c, size_t n)
{
    auto* d = static_cast<unsigned char*>(dst);
    auto byte = static_cast<unsigned char>(c);
    if (both_aligned(d, d)) {
        Word pattern = byte * (~0UL / 0xFF);
        for (; n >= word_size; n -= word_size, d += word_size)
            *reinterpret_cast<Word*>(d) = pattern;
    }
    while (n-- > 0)
        *d++ = byte;
    return dst;
}

int memcmp(const void* a, const void* b, size_t n)
{
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    for (; n > 0; n--, x++, y++) {
        if (*x != *y)
            return *x < *y ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char* s)
{
    const char* p = s;
    while (*p != 0)
        p++;
    return static_cast<size_t>(p - s);
}

}  // extern "C"
