/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Pistachio's system-call pointers (convenience interface sections 3 and
 * 17.1): one variable per call, filled by __L4_Init with the address of the
 * call's stub in the KIP page (KIP base + the KIP's link word), and the
 * function-pointer types they have. Declared with the system calls
 * (<l4/walnut/syscalls.h>), as Pistachio's <l4/ARCH/syscalls.h> does.
 *
 * Walnut's L4_* wrappers trap inline and never use these pointers; they
 * exist so that code written for Pistachio compiles and links. A stub takes
 * and returns registers as docs/abi-<arch>.md says, not as the C calling
 * convention does. The two agree, so a call through the pointer works from
 * C, on aarch64 and riscv64 for every call but Ipc and Lipc (their message
 * registers cannot be loaded from C), and on x86_64 only for SystemClock,
 * ThreadSwitch and Unmap (a C call passes the fourth word in RCX, the stub
 * expects R10, and a second result comes back in RSI, not RDX). Only the
 * first result word reaches the caller, except for Schedule and SpaceControl
 * (__L4_Return_t). Programs should call the L4_* functions.
 */
#ifndef __L4__WALNUT__SYSCALL_LINKS_H__
#define __L4__WALNUT__SYSCALL_LINKS_H__

#include <l4/types.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* Two result words as the C convention returns a two-word struct; Pistachio
 * names the members after the amd64 registers. */
typedef struct {
#if defined(L4_ARCH_AMD64)
    L4_Word_t rax;
    L4_Word_t rdx;
#elif defined(L4_ARCH_AARCH64)
    L4_Word_t x0;
    L4_Word_t x1;
#else
    L4_Word_t a0;
    L4_Word_t a1;
#endif
} __L4_Return_t;

/* The argument words in X.2 order (thread ids, fpages as raw words). */
typedef void (*__L4_Nop_t)(void);
typedef L4_Word_t (*__L4_Ipc_t)(L4_Word_t to, L4_Word_t FromSpecifier, L4_Word_t Timeouts);
typedef L4_Word_t (*__L4_Lipc_t)(L4_Word_t to, L4_Word_t FromSpecifier, L4_Word_t Timeouts);
typedef void (*__L4_Unmap_t)(L4_Word_t control);
typedef __L4_Return_t (*__L4_Schedule_t)(L4_Word_t dest, L4_Word_t TimeControl,
                                         L4_Word_t ProcessorControl, L4_Word_t PrioControl,
                                         L4_Word_t PreemptionControl);
typedef L4_Word_t (*__L4_ThreadSwitch_t)(L4_Word_t dest);
typedef L4_Clock_t (*__L4_SystemClock_t)(void);
typedef L4_Word_t (*__L4_ExchangeRegisters_t)(L4_Word_t dest, L4_Word_t control,
                                              L4_Word_t sp, L4_Word_t ip, L4_Word_t flags,
                                              L4_Word_t UserDefHandle, L4_Word_t pager);
typedef L4_Word_t (*__L4_ThreadControl_t)(L4_Word_t dest, L4_Word_t SpaceSpecifier,
                                          L4_Word_t Scheduler, L4_Word_t Pager,
                                          L4_Word_t UtcbLocation);
typedef __L4_Return_t (*__L4_SpaceControl_t)(L4_Word_t SpaceSpecifier, L4_Word_t control,
                                             L4_Word_t KernelInterfacePageArea,
                                             L4_Word_t UtcbArea, L4_Word_t redirector);
typedef L4_Word_t (*__L4_ProcessorControl_t)(L4_Word_t ProcessorNo,
                                             L4_Word_t InternalFrequency,
                                             L4_Word_t ExternalFrequency, L4_Word_t voltage);
typedef L4_Word_t (*__L4_MemoryControl_t)(L4_Word_t control, L4_Word_t attribute0,
                                          L4_Word_t attribute1, L4_Word_t attribute2,
                                          L4_Word_t attribute3);

/* NULL until __L4_Init (or __L4_init_syscalls) has run. */
extern __L4_Ipc_t __L4_Ipc;
extern __L4_Lipc_t __L4_Lipc;
extern __L4_Unmap_t __L4_Unmap;
extern __L4_Schedule_t __L4_Schedule;
extern __L4_ThreadSwitch_t __L4_ThreadSwitch;
extern __L4_SystemClock_t __L4_SystemClock;
extern __L4_ExchangeRegisters_t __L4_ExchangeRegisters;
extern __L4_ThreadControl_t __L4_ThreadControl;
extern __L4_SpaceControl_t __L4_SpaceControl;
extern __L4_ProcessorControl_t __L4_ProcessorControl;
extern __L4_MemoryControl_t __L4_MemoryControl;

/* Fills the pointers above from the KIP (KernelInterface, so it works
 * before __L4_Init, which calls it). Pistachio's ia32 name for this step. */
void __L4_init_syscalls(void);

#if defined(__cplusplus)
}
#endif

#endif /* !__L4__WALNUT__SYSCALL_LINKS_H__ */
