/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/arch.h>: the IO-port fpages of the amd64 binding (convenience
 * interface section 16.1), brought in by <l4/arch.h> on x86_64.
 *
 * Walnut's x86_64 kernel does not map IO fpages yet (user code runs with
 * IOPL 0 and no IO bitmap), and sigma0 refuses IO-fpage requests; the
 * encodings below are here so that programs compile and can build them.
 */
#ifndef __L4__AMD64__ARCH_H__
#define __L4__AMD64__ARCH_H__

#include <l4/types.h>

/* An IO fpage: 2^s ports from port p; bits 9..4 hold 2, a size no memory
 * fpage can have. */
typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD5(L4_Word_t,
                     rwx : 4,
                     __two : 6,
                     s : 6,
                     p : 16,
                     __padding : L4_BITS_PER_WORD - 32);
    } X;
} L4_IoFpage_t;

#define __L4_IOFPAGE_MARK  (2UL << 4)
#define __L4_IOFPAGE_S_SHIFT 10
#define __L4_IOFPAGE_P_SHIFT 16

L4_INLINE L4_Fpage_t L4_IoFpageLog2(L4_Word_t BasePort, int FpageSize)
{
    L4_Fpage_t f;
    f.raw = ((BasePort & 0xFFFF) << __L4_IOFPAGE_P_SHIFT) |
            (((L4_Word_t)FpageSize & 0x3F) << __L4_IOFPAGE_S_SHIFT) | __L4_IOFPAGE_MARK;
    return f;
}

/* The number of ports is rounded up to a power of two. */
L4_INLINE L4_Fpage_t L4_IoFpage(L4_Word_t BasePort, int FpageSize)
{
    int log2 = 0;
    if (FpageSize > 1) {
        log2 = __L4_Msb((L4_Word_t)FpageSize);
        if ((1L << log2) < FpageSize)
            log2++;
    }
    return L4_IoFpageLog2(BasePort, log2);
}

L4_INLINE L4_Word_t L4_IoFpagePort(L4_Fpage_t f)
{
    return (f.raw >> __L4_IOFPAGE_P_SHIFT) & 0xFFFF;
}

L4_INLINE L4_Word_t L4_IoFpageSizeLog2(L4_Fpage_t f)
{
    return (f.raw >> __L4_IOFPAGE_S_SHIFT) & 0x3F;
}

L4_INLINE L4_Word_t L4_IoFpageSize(L4_Fpage_t f)
{
    return 1UL << L4_IoFpageSizeLog2(f);
}

L4_INLINE L4_Bool_t L4_IsIoFpage(L4_Fpage_t f)
{
    return (f.raw & (0x3FUL << 4)) == __L4_IOFPAGE_MARK;
}

#if defined(__cplusplus)
L4_INLINE L4_Fpage_t L4_Fpage(L4_IoFpage_t f)
{
    L4_Fpage_t g;
    g.raw = f.raw;
    return g;
}
#endif /* __cplusplus */

#endif /* !__L4__AMD64__ARCH_H__ */
