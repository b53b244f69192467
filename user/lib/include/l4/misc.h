/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/misc.h>: memory attributes through MemoryControl (convenience
 * interface section 11). The call is privileged. Attribute values are
 * architecture-defined (docs/abi-<arch>.md); unsupported values are refused
 * (result 0, ErrorCode InvalidParam).
 */
#ifndef __L4__MISC_H__
#define __L4__MISC_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>


#define L4_DefaultMemory (0)

/* The two lowest bits of each fpage select which of the four attributes is
 * applied to it. */
#define __L4_ATTRIBUTE_SELECTOR 0x3UL

/* One fpage, attribute 0. */
L4_INLINE L4_Word_t L4_Set_PageAttribute(L4_Fpage_t f, L4_Word_t attribute)
{
    L4_Word_t attributes[4] = { attribute, 0, 0, 0 };
    L4_LoadMR(0, f.raw & ~__L4_ATTRIBUTE_SELECTOR);
    return L4_MemoryControl(0, attributes);
}

/* n fpages (1 ... 64) in MR0 ... MRn-1, each with its own selector bits. */
L4_INLINE L4_Word_t L4_Set_PageAttributes(L4_Word_t n, L4_Fpage_t *f,
                                          const L4_Word_t *attributes)
{
    if (n == 0)
        return 1;
    L4_LoadMRs(0, (int)n, &f->raw);
    return L4_MemoryControl(n - 1, attributes);
}

#endif /* !__L4__MISC_H__ */
