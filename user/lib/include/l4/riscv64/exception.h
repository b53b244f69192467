/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/exception.h>: Walnut's riscv64 exception message
 * (docs/abi-riscv64.md): MR index of every register. u = 34.
 */
#ifndef __L4__RISCV64__EXCEPTION_H__
#define __L4__RISCV64__EXCEPTION_H__

#define L4_EXC_MR_COUNT 34
#define L4_EXC_PC       1
#define L4_EXC_X(n)     (1 + (n))   /* x1 .. x31; tp (x4) is not loaded from a reply */
#define L4_EXC_SCAUSE   33
#define L4_EXC_ADDRESS  34    /* stval of alignment and access faults, else 0 */

/* Portable names (<l4/exception.h>). */
#define L4_EXC_IP       L4_EXC_PC
#define L4_EXC_SP       L4_EXC_X(2)
#define L4_EXC_FLAGS    0     /* riscv64 has no user flags */
#define L4_EXC_RESULT   L4_EXC_X(10)   /* a0 */
#define L4_EXC_CODE     L4_EXC_SCAUSE
#define L4_EXC_USER_FLAGS 0ul
/* ebreak reports its own address. */
#define L4_EXC_BREAKPOINT_IP_AFTER 0

L4_INLINE int L4_Exception_kind(L4_Word_t scause)
{
    switch (scause) {
    case 2: return L4_EXC_KIND_ILLEGAL;
    case 3: return L4_EXC_KIND_BREAKPOINT;
    case 0: case 4: case 6: return L4_EXC_KIND_ALIGNMENT;
    case 1: case 5: case 7: return L4_EXC_KIND_PROTECTION;
    /* 8: an ecall the kernel did not take (unknown number, unclaimed KDB op) */
    default: return L4_EXC_KIND_OTHER;
    }
}

#endif /* !__L4__RISCV64__EXCEPTION_H__ */
