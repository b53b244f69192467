/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/specials.h>: bit scans used by the generic headers, and the
 * x86_64 counters (convenience spec section 2).
 */
#ifndef __L4__AMD64__SPECIALS_H__
#define __L4__AMD64__SPECIALS_H__

#include <l4/amd64/types.h>

/* Index of the most significant set bit; w must not be 0. */
static inline int __L4_Msb(L4_Word_t w)
{
    return 63 - __builtin_clzl(w);
}

/* Index of the least significant set bit; w must not be 0. */
static inline int __L4_Lsb(L4_Word_t w)
{
    return __builtin_ctzl(w);
}

/* Time-stamp counter (with QEMU -icount shift=0: one tick per instruction). */
static inline L4_Word64_t __L4_Rdtsc(void)
{
    L4_Word32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((L4_Word64_t)hi << 32) | lo;
}

/* Performance counter ctrsel; faults unless the kernel enabled user RDPMC
 * (Walnut does not: CR4.PCE is clear). */
static inline L4_Word64_t __L4_Rdpmc(const L4_Word_t ctrsel)
{
    L4_Word32_t lo, hi;
    __asm__ __volatile__("rdpmc" : "=a"(lo), "=d"(hi) : "c"(ctrsel));
    return ((L4_Word64_t)hi << 32) | lo;
}

/* Atomic increment of *w. */
static inline void __L4_Inc_Atomic(L4_Word_t *w)
{
    __atomic_fetch_add(w, 1, __ATOMIC_SEQ_CST);
}

#endif /* !__L4__AMD64__SPECIALS_H__ */
