/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/syscalls.h>: X.2 system calls on riscv64 (docs/abi-riscv64.md).
 * A call is `ecall` with the number (WALNUT_SYS_*) in t0; arguments and
 * results travel in a0..a7. The kernel may clobber t0..t6 on any call and
 * preserves every other register that does not carry a result.
 */
#ifndef __L4__RISCV64__SYSCALLS_H__
#define __L4__RISCV64__SYSCALLS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

/* KernelInterface: a0 = KIP address, a1 = API version, a2 = API flags,
 * a3 = kernel id. */
static inline void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                       L4_Word_t *KernelId)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_KERNEL_INTERFACE;
    register L4_Word_t a0 __asm__("a0");
    register L4_Word_t a1 __asm__("a1");
    register L4_Word_t a2 __asm__("a2");
    register L4_Word_t a3 __asm__("a3");
    __asm__ __volatile__("ecall"
                         : "+r"(t0), "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3)
                         :
                         : "t1", "t2", "t3", "t4", "t5", "t6", "memory");
    *ApiVersion = a1;
    *ApiFlags = a2;
    *KernelId = a3;
    return (void *)a0;
}

/* SystemClock: a0 = microseconds. */
static inline L4_Clock_t L4_SystemClock(void)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_SYSTEM_CLOCK;
    register L4_Word_t a0 __asm__("a0");
    L4_Clock_t c;
    __asm__ __volatile__("ecall"
                         : "+r"(t0), "=r"(a0)
                         :
                         : "t1", "t2", "t3", "t4", "t5", "t6", "memory");
    c.raw = a0;
    return c;
}

/* ThreadSwitch: a0 = destination (nilthread: give up the time slice). */
static inline void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_THREAD_SWITCH;
    register L4_Word_t a0 __asm__("a0") = dest.raw;
    __asm__ __volatile__("ecall"
                         : "+r"(t0), "+r"(a0)
                         :
                         : "t1", "t2", "t3", "t4", "t5", "t6", "memory");
}

#endif /* !__L4__RISCV64__SYSCALLS_H__ */
