/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/syscalls.h>: X.2 system calls on x86_64 (docs/abi-x86_64.md).
 * A call is SYSCALL with the number (WALNUT_SYS_*) in RAX; SYSCALL itself
 * destroys RCX and R11. The kernel preserves every other register that does
 * not carry a result. KernelInterface is `lock; nop` (amd64 binding).
 */
#ifndef __L4__AMD64__SYSCALLS_H__
#define __L4__AMD64__SYSCALLS_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

/* KernelInterface: the bytes F0 90 raise #UD, which the kernel recognises;
 * RAX = KIP address, RCX = API version, RDX = API flags, RSI = kernel id. */
static inline void *L4_KernelInterface(L4_Word_t *ApiVersion, L4_Word_t *ApiFlags,
                                       L4_Word_t *KernelId)
{
    L4_Word_t kip, version, flags, id;
    __asm__ __volatile__(".byte 0xf0, 0x90"
                         : "=a"(kip), "=c"(version), "=d"(flags), "=S"(id)
                         :
                         : "memory");
    *ApiVersion = version;
    *ApiFlags = flags;
    *KernelId = id;
    return (void *)kip;
}

/* SystemClock: RAX = microseconds. */
static inline L4_Clock_t L4_SystemClock(void)
{
    L4_Word_t rax = WALNUT_SYS_SYSTEM_CLOCK;
    L4_Clock_t c;
    __asm__ __volatile__("syscall" : "+a"(rax) : : "rcx", "r11", "memory");
    c.raw = rax;
    return c;
}

/* ThreadSwitch: RDI = destination (nilthread: give up the time slice). */
static inline void L4_ThreadSwitch(L4_ThreadId_t dest)
{
    L4_Word_t rax = WALNUT_SYS_THREAD_SWITCH;
    __asm__ __volatile__("syscall" : "+a"(rax) : "D"(dest.raw) : "rcx", "r11", "memory");
}

#endif /* !__L4__AMD64__SYSCALLS_H__ */
