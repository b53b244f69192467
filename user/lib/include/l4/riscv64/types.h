/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/types.h>: the word types of the X.2 convenience interface on
 * riscv64 (RV64, LP64 / LP64D, little endian): the common LP64 ones. Included by <l4/types.h>.
 */
#ifndef __L4__RISCV64__TYPES_H__
#define __L4__RISCV64__TYPES_H__

#include <l4/walnut/lp64_types.h>

#endif /* !__L4__RISCV64__TYPES_H__ */
