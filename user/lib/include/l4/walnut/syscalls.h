/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call wrappers of this architecture plus what Pistachio's
 * <l4/ARCH/syscalls.h> makes visible with them (<l4/message.h>, the
 * virtual-register accessors, the KDB calls): programs rely on getting
 * all of that from <l4/kip.h>, <l4/thread.h> and friends.
 */
#ifndef __L4__WALNUT__SYSCALLS_H__
#define __L4__WALNUT__SYSCALLS_H__

#include <l4/types.h>
/* The wrappers take and return message tags and use the UTCB accessors. */
#include <l4/walnut/vregs.h>
#include <l4/message.h>

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/syscalls.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/syscalls.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/syscalls.h>
#endif

#include <l4/kdebug.h>

/* What Pistachio declares with the system calls (its __L4_Ipc-style
 * pointers), and X.2's time points, which need L4_SystemClock. */
#include <l4/walnut/syscall_links.h>
#include <l4/walnut/time.h>

#endif /* !__L4__WALNUT__SYSCALLS_H__ */
