/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/vregs.h>: where an aarch64 thread finds its UTCB. The kernel
 * keeps TPIDRRO_EL0 (read-only for user mode) = MyLocalId, the address of
 * MR0. The accessors are in <l4/walnut/vregs.h>.
 */
#ifndef __L4__AARCH64__VREGS_H__
#define __L4__AARCH64__VREGS_H__

#include <l4/aarch64/types.h>

static inline L4_Word_t *__L4_Utcb(void)
{
    L4_Word_t *utcb;
    /* Not volatile: the register never changes under the thread, so the
     * compiler may reuse the value. */
    __asm__("mrs %0, tpidrro_el0" : "=r"(utcb));
    return utcb;
}

#endif /* !__L4__AARCH64__VREGS_H__ */
