/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/kdebug.h>: the kernel-debugger calls (convenience interface section
 * 13). The L4_KDB_* functions and L4_KDB_Enter come from the arch header,
 * which encodes the trap (WALNUT_SYS_KDB_BASE and WALNUT_KDB_* in
 * <l4/walnut/abi.h>); Walnut adds L4_KDB_Walnut_Exit and
 * L4_KDB_Walnut_TimerTicks there.
 */
#ifndef __L4__KDEBUG_H__
#define __L4__KDEBUG_H__

#include <l4/types.h>

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/kdebug.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/kdebug.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/kdebug.h>
#endif

/* Old names. */
#if !defined(enter_kdebug)
# define enter_kdebug(x) L4_KDB_Enter(x)
#endif
#if !defined(kd_inchar)
# define kd_inchar() L4_KDB_ReadChar_Blocked()
#endif

#endif /* !__L4__KDEBUG_H__ */
