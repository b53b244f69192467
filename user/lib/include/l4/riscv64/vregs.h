/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/vregs.h>: where a riscv64 thread finds its UTCB. The kernel
 * sets tp to MyLocalId (the address of MR0) when the thread starts; user
 * code must not change tp. The accessors are in <l4/walnut/vregs.h>.
 */
#ifndef __L4__RISCV64__VREGS_H__
#define __L4__RISCV64__VREGS_H__

#include <l4/riscv64/types.h>

static inline L4_Word_t *__L4_Utcb(void)
{
    L4_Word_t *utcb;
    /* Not volatile: tp never changes under the thread, so the compiler may
     * reuse the value. */
    __asm__("mv %0, tp" : "=r"(utcb));
    return utcb;
}

#endif /* !__L4__RISCV64__VREGS_H__ */
