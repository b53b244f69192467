// SPDX-License-Identifier: BSD-2-Clause
// Assembler macros shared by the SYSCALL entry (syscall_entry.S) and the
// IPC fast path (fastpath.S). Included by assembly only.
#pragma once

#include <arch/asm_defs.hpp>
#include <l4/walnut/abi.h>

// A User_frame slot addressed from the top of the kernel stack (where RSP
// points right after the SYSCALL entry's stack switch).
#define TOP(slot) ((slot) - FRAME_SIZE)

// First instructions of every system call, still on the user stack with
// the kernel's GS: Ipc and Lipc fall through, every other call goes to
// x86_syscall_rebased with RAX = number - WALNUT_SYS_IPC (one unsigned
// compare for both numbers; x86_syscall_rebased adds it back).
.macro SYSCALL_ENTRY_IPC_OR_OTHER
    swapgs
    sub $WALNUT_SYS_IPC, %rax
    cmp $(WALNUT_SYS_LIPC - WALNUT_SYS_IPC), %rax
    ja x86_syscall_rebased
.endm

// Ipc/Lipc: onto the kernel stack, saving only what the register contract
// (docs/fastpath.md) keeps beyond the message: RIP, RFLAGS, RSP and RBP go
// to the User_frame, where ExchangeRegisters, a later SYSRET of this
// thread and the fast path of its partner find them. RAX (the number) is
// free, so the user RSP goes straight into the frame. SYSCALL leaves RCX =
// the next instruction, so a SYSCALL in the last two bytes below 2^47 gives
// the non-canonical 2^47; it becomes the last user byte
// (User_frame::set_ip does the same), so no SYSRET ever sees a
// non-canonical RIP. Afterwards RAX, RCX, R11 and RBP are free for the
// kernel; RSP = the current thread's User_frame (at the top of its kernel
// stack), where the slow path's C code can start its stack.
.macro IPC_SAVE_FRAME
    mov %gs:CPU_KERNEL_RSP, %rax
    mov %rsp, TOP(FRAME_RSP)(%rax)
    lea -FRAME_SIZE(%rax), %rsp
    bt $47, %rcx
    jnc 1f
    movabs $0x7fffffffffff, %rcx
1:  mov %rcx, FRAME_RIP(%rsp)
    mov %r11, FRAME_RFLAGS(%rsp)
    mov %rbp, FRAME_RBP(%rsp)
.endm
