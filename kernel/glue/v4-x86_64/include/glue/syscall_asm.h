// SPDX-License-Identifier: BSD-2-Clause
// Assembler macros shared by the SYSCALL entry (syscall_entry.S) and the
// IPC fast path (fastpath.S). Included by assembly only.
#pragma once

#include <arch/asm_defs.hpp>

// A User_frame slot addressed from the top of the kernel stack (where RSP
// points right after the SYSCALL entry's stack switch).
#define TOP(slot) ((slot) - FRAME_SIZE)

// First instructions of every system call: the kernel's GS, the user RSP
// parked in the per-CPU block, RSP = the current thread's kernel stack top.
.macro SYSCALL_SWITCH_STACK
    swapgs
    mov %rsp, %gs:CPU_USER_RSP
    mov %gs:CPU_KERNEL_RSP, %rsp
.endm

// Ipc/Lipc save only what the register contract (docs/fastpath.md) keeps
// beyond the message: RIP, RFLAGS, RSP and RBP go to the User_frame, where
// ExchangeRegisters, a later SYSRET of this thread and the fast path of its
// partner find them. SYSCALL leaves RCX = the next instruction, so a
// SYSCALL in the last two bytes below 2^47 gives the non-canonical 2^47;
// it becomes the last user byte (User_frame::set_ip does the same), so no
// SYSRET ever sees a non-canonical RIP. Afterwards RCX, R11 and RBP are
// free for the kernel.
.macro IPC_SAVE_FRAME
    bt $47, %rcx
    jnc 1f
    movabs $0x7fffffffffff, %rcx
1:  mov %rcx, TOP(FRAME_RIP)(%rsp)
    mov %r11, TOP(FRAME_RFLAGS)(%rsp)
    mov %rbp, TOP(FRAME_RBP)(%rsp)
    mov %gs:CPU_USER_RSP, %rcx
    mov %rcx, TOP(FRAME_RSP)(%rsp)
.endm
