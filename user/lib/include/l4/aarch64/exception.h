/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/exception.h>: Walnut's aarch64 exception message
 * (docs/abi-aarch64.md): MR index of every register. u = 36.
 */
#ifndef __L4__AARCH64__EXCEPTION_H__
#define __L4__AARCH64__EXCEPTION_H__

#define L4_EXC_MR_COUNT 36
#define L4_EXC_PC       1
#define L4_EXC_SP_EL0   2
#define L4_EXC_NZCV     3     /* PSTATE.NZCV (bits 31..28); nothing else */
#define L4_EXC_X(n)     (4 + (n))   /* x0 .. x30 */
#define L4_EXC_ESR      35    /* ESR_EL1 of the exception */
#define L4_EXC_ADDRESS  36    /* FAR for aborts, sp for sp alignment, else 0 */

/* Portable names (<l4/exception.h>). */
#define L4_EXC_IP       L4_EXC_PC
#define L4_EXC_SP       L4_EXC_SP_EL0
#define L4_EXC_FLAGS    L4_EXC_NZCV
#define L4_EXC_RESULT   L4_EXC_X(0)
#define L4_EXC_CODE     L4_EXC_ESR
/* PSTATE bits a reply can change: N Z C V. */
#define L4_EXC_USER_FLAGS 0xF0000000ul
/* brk reports its own address. */
#define L4_EXC_BREAKPOINT_IP_AFTER 0

L4_INLINE int L4_Exception_kind(L4_Word_t esr)
{
    switch ((esr >> 26) & 0x3f) {
    case 0x00: case 0x0e: case 0x18: case 0x01: case 0x07: return L4_EXC_KIND_ILLEGAL;
    case 0x3c: case 0x30: case 0x32: case 0x34: return L4_EXC_KIND_BREAKPOINT;
    case 0x22: case 0x26: return L4_EXC_KIND_ALIGNMENT;
    case 0x2c: return L4_EXC_KIND_ARITHMETIC;
    case 0x24: case 0x20:   /* aborts other than translation/permission faults */
        return ((esr & 0x3f) == 0x21) ? L4_EXC_KIND_ALIGNMENT : L4_EXC_KIND_PROTECTION;
    default: return L4_EXC_KIND_OTHER;
    }
}

#endif /* !__L4__AARCH64__EXCEPTION_H__ */
