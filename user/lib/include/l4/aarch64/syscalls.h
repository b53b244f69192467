/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/syscalls.h>: X.2 system calls on aarch64 (docs/abi-aarch64.md).
 * A call is `svc #n` with the number (WALNUT_SYS_*) as the immediate;
 * arguments and results travel in x0..x7. The kernel may clobber x8..x17 on
 * any call and preserves every other register that does not carry a result
 * (x18..x30, sp, the FP/SIMD registers).
 */
#ifndef __L4__AARCH64__SYSCALLS_H__
#define __L4__AARCH64__SYSCALLS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

#define __L4_AARCH64_SVC(n) "svc #" __L4_AARCH64_STR(n)
#define __L4_AARCH64_STR(n) __L4_AARCH64_STR2(n)
#define __L4_AARCH64_STR2(n) #n
#define __L4_AARCH64_CLOBBERS \
    "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory"

/* KernelInterface: x0 = KIP address, x1 = API version, x2 = API flags,
 * x3 = kernel id. */
static inline void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                       L4_Word_t *KernelId)
{
    register L4_Word_t x0 __asm__("x0");
    register L4_Word_t x1 __asm__("x1");
    register L4_Word_t x2 __asm__("x2");
    register L4_Word_t x3 __asm__("x3");
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_KERNEL_INTERFACE)
                         : "=r"(x0), "=r"(x1), "=r"(x2), "=r"(x3)
                         :
                         : __L4_AARCH64_CLOBBERS);
    *ApiVersion = x1;
    *ApiFlags = x2;
    *KernelId = x3;
    return (void *)x0;
}

/* SystemClock: x0 = microseconds. */
static inline L4_Clock_t L4_SystemClock(void)
{
    register L4_Word_t x0 __asm__("x0");
    L4_Clock_t c;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_SYSTEM_CLOCK)
                         : "=r"(x0)
                         :
                         : __L4_AARCH64_CLOBBERS);
    c.raw = x0;
    return c;
}

/* ThreadSwitch: x0 = destination (nilthread: give up the time slice). */
static inline void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    register L4_Word_t x0 __asm__("x0") = dest.raw;
    __asm__ __volatile__(__L4_AARCH64_SVC(WALNUT_SYS_THREAD_SWITCH)
                         : "+r"(x0)
                         :
                         : __L4_AARCH64_CLOBBERS);
}

#endif /* !__L4__AARCH64__SYSCALLS_H__ */
