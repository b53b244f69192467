/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Walnut's kernel/user ABI constants: the single source of truth shared by
 * the kernel (C++) and user code (C, C++ and assembly). Per-architecture
 * register assignments are in docs/abi-<arch>.md; everything here is the
 * same on every architecture.
 */
#ifndef __L4__WALNUT__ABI_H__
#define __L4__WALNUT__ABI_H__

/* System-call numbers. How the number reaches the kernel is per
 * architecture: x86_64 RAX before SYSCALL, aarch64 the SVC immediate,
 * riscv64 register t0 before ECALL. The order is the KIP link order. */
#define WALNUT_SYS_KERNEL_INTERFACE    0
#define WALNUT_SYS_EXCHANGE_REGISTERS  1
#define WALNUT_SYS_THREAD_CONTROL      2
#define WALNUT_SYS_SYSTEM_CLOCK        3
#define WALNUT_SYS_THREAD_SWITCH       4
#define WALNUT_SYS_SCHEDULE            5
#define WALNUT_SYS_IPC                 6
#define WALNUT_SYS_LIPC                7
#define WALNUT_SYS_UNMAP               8
#define WALNUT_SYS_SPACE_CONTROL       9
#define WALNUT_SYS_PROCESSOR_CONTROL   10
#define WALNUT_SYS_MEMORY_CONTROL      11
#define WALNUT_SYS_COUNT               12

/* Kernel-debugger operations (x2-api section 10). On x86_64 they follow
 * the amd64 binding (int3; cmpb $op, %al). On aarch64 they are
 * 'svc #(WALNUT_SYS_KDB_BASE + op)', on riscv64 'ecall' with
 * t0 = WALNUT_SYS_KDB_BASE + op. Argument and result travel in the first
 * argument register (rax / x0 / a0). */
#define WALNUT_SYS_KDB_BASE            0x100
#define WALNUT_KDB_PRINT_CHAR          0x00
#define WALNUT_KDB_PRINT_STRING        0x01
#define WALNUT_KDB_CLEAR_PAGE          0x02
#define WALNUT_KDB_TOGGLE_BREAKIN      0x03
#define WALNUT_KDB_READ_CHAR           0x08
#define WALNUT_KDB_READ_CHAR_BLOCKED   0x0D
#define WALNUT_KDB_ENTER               0x20 /* aarch64/riscv64: arg = text address */
/* Walnut extensions (debugger builds only; documented in docs/debugger.md). */
#define WALNUT_KDB_EXIT                0x40 /* arg = exit status: ends the machine */
#define WALNUT_KDB_TIMER_TICKS         0x41 /* result = timer interrupts on this CPU */
#define WALNUT_KDB_CHECK               0x42 /* debug kernels: consistency check, result = violations */
#define WALNUT_KDB_KMEM_FREE           0x43 /* result = free kernel memory in bytes */
#define WALNUT_KDB_MEM_ATTR            0x44 /* arg = address in the caller's space: result = 1 + the
                                               kern::Mem_attr its user mapping's page-table entry
                                               selects, 0 = no user mapping (MemoryControl tests) */
#define WALNUT_KDB_OP_LIMIT            0x80 /* ops are below this */

/* Value ReadChar returns when no character is waiting. */
#define WALNUT_KDB_NO_CHAR             0

/* Exit statuses (WALNUT_KDB_EXIT and kernel power-off). */
#define WALNUT_EXIT_SUCCESS            0
#define WALNUT_EXIT_TEST_FAILURE       1
#define WALNUT_EXIT_KERNEL_PANIC       2
#define WALNUT_EXIT_BOOT_ERROR         3

/* UTCB: 1 KiB, 1 KiB aligned on every architecture. MyLocalId is the
 * address of MR0 = UTCB location + 512. Word offsets below are relative
 * to MyLocalId (the amd64 binding's layout). */
#define WALNUT_UTCB_SIZE               1024
#define WALNUT_UTCB_ALIGN_LOG2         10
#define WALNUT_UTCB_MR0_OFFSET         512
#define WALNUT_UTCB_MR_COUNT           64
#define WALNUT_UTCB_BR_COUNT           33
#define WALNUT_TCR_SELF_POINTER        (-64) /* holds MyLocalId (x86_64 %gs:0) */
#define WALNUT_TCR_BR0                 (-16) /* BR i at word -16 - i */
#define WALNUT_TCR_MY_GLOBAL_ID        (-15)
#define WALNUT_TCR_PROCESSOR_NO        (-14)
#define WALNUT_TCR_USER_DEFINED_HANDLE (-13)
#define WALNUT_TCR_PAGER               (-12)
#define WALNUT_TCR_EXCEPTION_HANDLER   (-11)
#define WALNUT_TCR_PREEMPT_COP_FLAGS   (-10)
#define WALNUT_TCR_ERROR_CODE          (-9)
#define WALNUT_TCR_XFER_TIMEOUT        (-8)
#define WALNUT_TCR_INTENDED_RECEIVER   (-7)
#define WALNUT_TCR_VIRTUAL_SENDER      (-6)
#define WALNUT_TCR_THREAD_WORD_1       (-5)
#define WALNUT_TCR_THREAD_WORD_0       (-4)
#define WALNUT_TCR_WORD_SIZE_MASK      (-1)

/* KIP page layout (byte offsets from the KIP base). */
#define WALNUT_KIP_PROC_DESC_OFFSET    0x240
#define WALNUT_KIP_STUBS_OFFSET        0xE00 /* system-call stubs, 32-byte slots */
#define WALNUT_KIP_STUB_SLOT_SIZE      32

/* Areas of the initial servers (sigma0, sigma1, root server): the same
 * virtual addresses on every architecture, inside the smallest user part
 * (riscv64 Sv39: 256 GiB) and above any RAM a QEMU board has. */
#define WALNUT_INITIAL_UTCB_AREA       0x0000003FFF000000ul
#define WALNUT_INITIAL_UTCB_AREA_LOG2  20
#define WALNUT_INITIAL_KIP_AREA        0x0000003FFFF00000ul
#define WALNUT_KIP_AREA_LOG2           12

/* Thread numbers: X.2 ThreadInfo. */
#define WALNUT_THREAD_BITS             18
#define WALNUT_KERNEL_THREADS          32 /* UserBase = SystemBase + this */

#endif
