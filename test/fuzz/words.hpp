// SPDX-License-Identifier: BSD-2-Clause
// The X.2 words the fuzzer builds and reads: ExchangeRegisters control
// bits, time values, message labels, and fpages as Unmap and map items see
// them (x2-api 1.3, 1.4, 4.2).
#pragma once

#include <l4/types.h>

namespace fuzz {

enum : L4_Word_t {
    ctl_H = 1u << 0, ctl_R = 1u << 1, ctl_S = 1u << 2, ctl_s = 1u << 3, ctl_i = 1u << 4,
    ctl_f = 1u << 5, ctl_u = 1u << 6, ctl_p = 1u << 7, ctl_h = 1u << 8, ctl_d = 1u << 9,
};

inline constexpr L4_Word_t unchanged = ~L4_Word_t{0};   // "leave it" in ThreadControl, Schedule, ...
inline constexpr L4_Word_t time_zero = 0x0400;
inline constexpr L4_Word_t time_never = 0;
inline constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;

inline bool overlaps(L4_Word_t a, L4_Word_t a_size, L4_Word_t b, L4_Word_t b_size)
{
    return a < b + b_size && b < a + a_size;
}

// What an fpage covers as Unmap and map items see it: complete space,
// nothing (nil or too small), or [base, base + 2^size).
struct Span {
    bool complete;
    bool empty;
    L4_Word_t base;
    unsigned size_log2;
};

inline Span span_of(L4_Word_t raw)
{
    unsigned s = (raw >> 4) & 0x3f;
    if (s == 1 && (raw >> 10) == 0)
        return Span{true, false, 0, 64};
    if (s < 10)
        return Span{false, true, 0, 0};
    unsigned size = s < 12 ? 12 : s;
    return Span{false, false, raw & ~((L4_Word_t{1} << size) - 1) & ~L4_Word_t{0x3ff}, size};
}

inline bool span_overlaps(const Span& sp, L4_Word_t base, L4_Word_t size)
{
    if (sp.empty)
        return false;
    if (sp.complete || sp.size_log2 >= 64)
        return true;
    return overlaps(sp.base, L4_Word_t{1} << sp.size_log2, base, size);
}

inline L4_Word_t make_fpage(L4_Word_t base, unsigned log2, L4_Word_t rights)
{
    L4_Word_t mask = log2 >= 64 ? ~L4_Word_t{0} : (L4_Word_t{1} << log2) - 1;
    return (base & ~mask & ~L4_Word_t{0x3ff}) | (L4_Word_t{log2 & 0x3f} << 4) | (rights & 7);
}

}  // namespace fuzz
