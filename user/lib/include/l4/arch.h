/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/arch.h>: architecture extras (convenience interface section 16.1).
 * On x86_64 these are the IO-port fpages of the amd64 binding; aarch64 and
 * riscv64 have no architecture fpages, so there the header only gives what
 * every architecture has (the types and the system calls). The
 * architecture's part is <l4/ARCH/arch.h>.
 */
#ifndef __L4__ARCH_H__
#define __L4__ARCH_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/arch.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/arch.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/arch.h>
#endif

#endif /* !__L4__ARCH_H__ */
