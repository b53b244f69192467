/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The start-up and exit interface between crt0 (user/lib/arch/<arch>/) and
 * libl4, and what __L4_Init stores for later calls.
 */
#ifndef __L4__WALNUT__RUNTIME_H__
#define __L4__WALNUT__RUNTIME_H__

#include <l4/types.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* Called by crt0 before anything else: asks the kernel for its interface
 * page (KernelInterface), keeps the results below and fills Pistachio's
 * system-call pointers (__L4_Ipc ..., <l4/walnut/syscall_links.h>). */
void __L4_Init(void);

/* crt0 calls main(0, 0) after __L4_Init and the static constructors. In C++
 * define it as extern "C" int main(): the compiler does not treat main
 * specially in a freestanding build and would mangle its name. */

/* Called by crt0 with main's return value: ends the machine through
 * L4_KDB_Walnut_Exit with status & 0xFF (0 = success, see WALNUT_EXIT_* in
 * <l4/walnut/abi.h>) and never returns, even in a kernel without KDB. */
__attribute__((noreturn)) void __walnut_exit(int status);

/* Set by __L4_Init. */
extern void *__walnut_kip;
extern L4_Word_t __walnut_api_version;
extern L4_Word_t __walnut_api_flags;
extern L4_Word_t __walnut_kernel_id;

#if defined(__cplusplus)
}
#endif

#endif /* !__L4__WALNUT__RUNTIME_H__ */
