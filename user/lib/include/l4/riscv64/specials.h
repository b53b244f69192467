/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/specials.h>: bit scans used by the generic headers, and the
 * riscv64 counters user mode may read (the kernel enables cycle, time and
 * instret for user mode in scounteren).
 */
#ifndef __L4__RISCV64__SPECIALS_H__
#define __L4__RISCV64__SPECIALS_H__

#include <l4/riscv64/types.h>

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

/* Clock cycles (with QEMU -icount shift=0: instructions). */
static inline L4_Word64_t __L4_Rdcycle(void)
{
    L4_Word64_t v;
    __asm__ __volatile__("rdcycle %0" : "=r"(v));
    return v;
}

/* Retired instructions. */
static inline L4_Word64_t __L4_Rdinstret(void)
{
    L4_Word64_t v;
    __asm__ __volatile__("rdinstret %0" : "=r"(v));
    return v;
}

/* The platform timer (device tree timebase-frequency ticks per second). */
static inline L4_Word64_t __L4_Rdtime(void)
{
    L4_Word64_t v;
    __asm__ __volatile__("rdtime %0" : "=r"(v));
    return v;
}

#endif /* !__L4__RISCV64__SPECIALS_H__ */
