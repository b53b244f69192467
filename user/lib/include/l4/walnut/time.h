/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Absolute time points and time arithmetic (convenience interface section
 * 1.7, which Pistachio compiles out): L4_TimePoint and, in C++, the
 * operators on L4_Time_t. They read the system clock, so they come with the
 * system calls (any of kip/ipc/thread/schedule/space/misc/arch.h), not with
 * <l4/types.h> alone.
 *
 * A point (a = 1) names the first clock value after the kernel reads it
 * whose bits e+9..e are m and whose bit e+10 is c (docs/decisions.md,
 * point 24; kernel/generic/src/timeout.cc).
 */
#ifndef __L4__WALNUT__TIME_H__
#define __L4__WALNUT__TIME_H__

#include <l4/types.h>
/* L4_SystemClock. When this header is included first, the system calls
 * include it again at their end (a no-op) and are complete afterwards. */
#include <l4/walnut/syscalls.h>

/* A point's exponent has 4 bits, so a point reaches at most 2^26 µs
 * (about 67 s) ahead. */
#define __L4_TIMEPOINT_E_MAX 15

/* The point for the absolute clock value at, seen at clock value now: the
 * smallest exponent e whose window 2^(e+11) µs covers at - now, and at's
 * bits e+10..e. The kernel then wakes at at rounded down to a multiple of
 * 2^e µs. A point at or before now gives L4_ZeroTime (it has passed), one
 * too far ahead L4_Never (like L4_TimePeriod for a period too long). */
L4_INLINE L4_Time_t __L4_TimePointAt(L4_Word64_t at, L4_Word64_t now)
{
    L4_Time_t t;
    L4_Word64_t e = 0;
    if (at <= now)
        return L4_ZeroTime;
    while (at - now >= (1ull << (e + 11))) {
        if (++e > __L4_TIMEPOINT_E_MAX)
            return L4_Never;
    }
    t.raw = (L4_Word16_t)(0x8000u | (e << 11) | (((at >> (e + 10)) & 1) << 10) |
                          ((at >> e) & 0x3FF));
    return t;
}

/* The clock value at which time value t expires when given at clock value
 * now, as the kernel computes it; ~0 for L4_Never. A period of 0 µs
 * (L4_ZeroTime) expires at now. */
L4_INLINE L4_Word64_t __L4_TimeDeadline(L4_Time_t t, L4_Word64_t now)
{
    L4_Word64_t m = t.raw & 0x3FFu;
    if (t.raw == L4_Never.raw)
        return ~0ull;
    if (!(t.raw & 0x8000u)) {
        return now + (m << ((t.raw >> 10) & 0x1F));
    } else {
        L4_Word64_t e = (t.raw >> 11) & 0xF;
        L4_Word64_t c = (t.raw >> 10) & 1;
        L4_Word64_t span = 1ull << (e + 11);
        L4_Word64_t d = (now & ~(span - 1)) | (c << (e + 10)) | (m << e);
        return d <= now ? d + span : d;
    }
}

/* X.2's time point for the absolute clock value at (see __L4_TimePointAt:
 * L4_ZeroTime if at has passed, L4_Never if it is more than 2^26 µs away).
 * If the thread is delayed past the point before the kernel reads the
 * timeout, the kernel takes the next clock value with the same bits, up to
 * 2^(e+11) µs later. */
L4_INLINE L4_Time_t L4_TimePoint(L4_Clock_t at)
{
    return __L4_TimePointAt(at.raw, L4_SystemClock().raw);
}

#if defined(__cplusplus)
/* Time arithmetic of the X.2 convenience interface. A period stays a
 * period (L4_TimePeriod of the new length, so it is rounded down to what
 * the format can say), a point stays a point (L4_TimePoint of the moved
 * clock value), L4_Never stays L4_Never. */
static inline L4_Time_t operator+(const L4_Time_t l, const L4_Word_t r)
{
    if (l.raw == L4_Never.raw)
        return l;
    if (!(l.raw & 0x8000u))
        return L4_TimePeriod(__L4_TimeDeadline(l, 0) + r);
    L4_Word64_t now = L4_SystemClock().raw;
    return __L4_TimePointAt(__L4_TimeDeadline(l, now) + r, now);
}

static inline L4_Time_t operator-(const L4_Time_t l, const L4_Word_t r)
{
    if (l.raw == L4_Never.raw)
        return l;
    if (!(l.raw & 0x8000u)) {
        L4_Word64_t us = __L4_TimeDeadline(l, 0);
        return L4_TimePeriod(us > r ? us - r : 0);
    }
    L4_Word64_t now = L4_SystemClock().raw;
    L4_Word64_t at = __L4_TimeDeadline(l, now);
    return __L4_TimePointAt(at > r ? at - r : 0, now);
}

static inline L4_Time_t operator+=(L4_Time_t &l, const L4_Word_t r)
{
    l = l + r;
    return l;
}

static inline L4_Time_t operator-=(L4_Time_t &l, const L4_Word_t r)
{
    l = l - r;
    return l;
}

/* l < r: l expires earlier than r would if both were given now. Two periods
 * compare by length without reading the clock; L4_Never is the latest. */
static inline L4_Word64_t __L4_TimeCompareNow(const L4_Time_t l, const L4_Time_t r)
{
    return ((l.raw | r.raw) & 0x8000u) ? L4_SystemClock().raw : 0;
}

static inline L4_Bool_t operator<(const L4_Time_t l, const L4_Time_t r)
{
    L4_Word64_t now = __L4_TimeCompareNow(l, r);
    return __L4_TimeDeadline(l, now) < __L4_TimeDeadline(r, now);
}

static inline L4_Bool_t operator>(const L4_Time_t l, const L4_Time_t r)
{
    L4_Word64_t now = __L4_TimeCompareNow(l, r);
    return __L4_TimeDeadline(l, now) > __L4_TimeDeadline(r, now);
}

static inline L4_Bool_t operator<=(const L4_Time_t l, const L4_Time_t r)
{
    L4_Word64_t now = __L4_TimeCompareNow(l, r);
    return __L4_TimeDeadline(l, now) <= __L4_TimeDeadline(r, now);
}

static inline L4_Bool_t operator>=(const L4_Time_t l, const L4_Time_t r)
{
    L4_Word64_t now = __L4_TimeCompareNow(l, r);
    return __L4_TimeDeadline(l, now) >= __L4_TimeDeadline(r, now);
}

static inline L4_Bool_t operator==(const L4_Time_t l, const L4_Time_t r)
{
    L4_Word64_t now = __L4_TimeCompareNow(l, r);
    return __L4_TimeDeadline(l, now) == __L4_TimeDeadline(r, now);
}

static inline L4_Bool_t operator!=(const L4_Time_t l, const L4_Time_t r)
{
    L4_Word64_t now = __L4_TimeCompareNow(l, r);
    return __L4_TimeDeadline(l, now) != __L4_TimeDeadline(r, now);
}
#endif /* __cplusplus */

#endif /* !__L4__WALNUT__TIME_H__ */
