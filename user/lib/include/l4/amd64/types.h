/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/types.h>: the word types of the X.2 convenience interface on
 * x86_64 (LP64, little endian; convenience spec section 2): the common LP64 ones. Included by <l4/types.h>.
 */
#ifndef __L4__AMD64__TYPES_H__
#define __L4__AMD64__TYPES_H__

#include <l4/walnut/lp64_types.h>

#endif /* !__L4__AMD64__TYPES_H__ */
