/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/pagefault.h>: the page-fault message (MR0..MR2, x2-api 7.1) and the
 * pager's reply (convenience interface section 15), in working form.
 */
#ifndef __L4__PAGEFAULT_H__
#define __L4__PAGEFAULT_H__

#include <l4/message.h>

typedef union {
    L4_Word_t raw[3];
    struct {
        L4_BITFIELD5(L4_Word_t,
                     u : 6,
                     t : 6,
                     __zero : 4,
                     wrx : 4,    /* access: r = 4, w = 2, x = 1 */
                     __padding : L4_BITS_PER_WORD - 20);  /* label -2 << 4 */
        L4_Word_t fault_address;
        L4_Word_t fault_ip;
    } X;
} L4_PfRequest_t;

typedef union {
    L4_Word_t raw[3];
    struct {
        L4_BITFIELD4(L4_Word_t,
                     u : 6,
                     t : 6,
                     __zero : 4,
                     __padding : L4_BITS_PER_WORD - 16);
        L4_MapItem_t MapItem;
    } X;
} L4_PfReply_t;

#endif /* !__L4__PAGEFAULT_H__ */
