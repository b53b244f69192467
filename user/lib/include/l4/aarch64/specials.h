/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/specials.h>: bit scans used by the generic headers, and the
 * generic-timer counter user mode may read (CNTVCT_EL0; the kernel leaves
 * EL0 access to the virtual counter on).
 */
#ifndef __L4__AARCH64__SPECIALS_H__
#define __L4__AARCH64__SPECIALS_H__

#include <l4/aarch64/types.h>

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

/* The virtual counter (with QEMU -icount shift=0: one tick per 16
 * instructions). The isb keeps the read in program order. */
static inline L4_Word64_t __L4_Cntvct(void)
{
    L4_Word64_t v;
    __asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
    return v;
}

/* Counter frequency in Hz. */
static inline L4_Word64_t __L4_Cntfrq(void)
{
    L4_Word64_t v;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

#endif /* !__L4__AARCH64__SPECIALS_H__ */
