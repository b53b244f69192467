/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/exception.h>: the amd64 exception message (binding section 9,
 * docs/abi-x86_64.md): MR index of every register. u = 19; MR20 (error
 * code) is written into the faulting thread's MRs but not sent.
 */
#ifndef __L4__AMD64__EXCEPTION_H__
#define __L4__AMD64__EXCEPTION_H__

#define L4_EXC_MR_COUNT 19
#define L4_EXC_RIP      1
#define L4_EXC_RBX      2
#define L4_EXC_R10      3
#define L4_EXC_R12      4
#define L4_EXC_R13      5
#define L4_EXC_R14      6
#define L4_EXC_R15      7
#define L4_EXC_RAX      8
#define L4_EXC_RCX      9
#define L4_EXC_RDX      10
#define L4_EXC_RSI      11
#define L4_EXC_RDI      12
#define L4_EXC_RBP      13
#define L4_EXC_R8       14
#define L4_EXC_R9       15
#define L4_EXC_R11      16
#define L4_EXC_RSP      17
#define L4_EXC_RFLAGS   18
#define L4_EXC_VECTOR   19

/* Portable names (<l4/exception.h>). */
#define L4_EXC_IP       L4_EXC_RIP
#define L4_EXC_SP       L4_EXC_RSP
#define L4_EXC_FLAGS    L4_EXC_RFLAGS
#define L4_EXC_RESULT   L4_EXC_RAX
#define L4_EXC_CODE     L4_EXC_VECTOR
/* RFLAGS bits a reply can change: CF PF AF ZF SF OF. */
#define L4_EXC_USER_FLAGS 0x8D5ul
/* int3 is a trap: the IP of its message is that of the next instruction. */
#define L4_EXC_BREAKPOINT_IP_AFTER 1

L4_INLINE int L4_Exception_kind(L4_Word_t vector)
{
    switch (vector) {
    case 6: return L4_EXC_KIND_ILLEGAL;                       /* #UD */
    case 1: case 3: return L4_EXC_KIND_BREAKPOINT;            /* #DB #BP */
    case 17: return L4_EXC_KIND_ALIGNMENT;                    /* #AC */
    case 0: case 16: case 19: return L4_EXC_KIND_ARITHMETIC;  /* #DE #MF #XM */
    case 11: case 12: case 13: return L4_EXC_KIND_PROTECTION; /* #NP #SS #GP */
    default: return L4_EXC_KIND_OTHER;
    }
}

#endif /* !__L4__AMD64__EXCEPTION_H__ */
