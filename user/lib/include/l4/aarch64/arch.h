/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/arch.h>: architecture extras of aarch64 for <l4/arch.h>
 * (convenience interface section 16.1). There are none: aarch64 has no IO
 * ports and Walnut defines no architecture fpages for it.
 */
#ifndef __L4__AARCH64__ARCH_H__
#define __L4__AARCH64__ARCH_H__

#include <l4/types.h>

#endif /* !__L4__AARCH64__ARCH_H__ */
