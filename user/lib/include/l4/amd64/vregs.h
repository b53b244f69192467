/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/vregs.h>: where an x86_64 thread finds its UTCB. The GS base
 * is the UTCB block start, whose first word the kernel fills with
 * MyLocalId (the address of MR0), so `mov %gs:0` yields it (amd64 binding
 * section 6). User code must not change GS. The accessors are in
 * <l4/walnut/vregs.h>.
 */
#ifndef __L4__AMD64__VREGS_H__
#define __L4__AMD64__VREGS_H__

#include <l4/amd64/types.h>

static inline L4_Word_t *__L4_Utcb(void)
{
    L4_Word_t *utcb;
    /* Not volatile: MyLocalId never changes under the thread, so the
     * compiler may reuse the value. */
    __asm__("mov %%gs:0, %0" : "=r"(utcb));
    return utcb;
}

#endif /* !__L4__AMD64__VREGS_H__ */
