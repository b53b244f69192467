/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/compat.h>: the 32-bit thread ids of convenience interface section
 * 16.2 under the name Pistachio gives them (L4_COMPAT_H_LOCATION). They are
 * the same on every architecture, so this only forwards to
 * <l4/walnut/compat32.h>.
 */
#ifndef __L4__AARCH64__COMPAT_H__
#define __L4__AARCH64__COMPAT_H__

#include <l4/walnut/compat32.h>

#endif /* !__L4__AARCH64__COMPAT_H__ */
