// SPDX-License-Identifier: BSD-2-Clause
// SYSCALL entry (the target in LSTAR). In: RAX = system-call number,
// arguments per docs/abi-x86_64.md, RCX = user RIP, R11 = user RFLAGS (the
// CPU's), GS = the user's base, RSP = the user stack, IF = 0 (FMASK).
// Saves the full arch::User_frame at the top of the current thread's kernel
// stack (same layout as the trap stubs), calls walnut_syscall, and returns
// with SYSRET when that restores the frame exactly, else through IRET.
#include <arch/asm_defs.hpp>

    .text
    .globl walnut_syscall_entry
walnut_syscall_entry:
    swapgs
    mov %rsp, %gs:CPU_USER_RSP
    mov %gs:CPU_KERNEL_RSP, %rsp
    pushq $X86_USER_DS             // ss
    pushq %gs:CPU_USER_RSP         // rsp
    pushq %r11                     // rflags
    pushq $X86_USER_CS             // cs
    pushq %rcx                     // rip
    pushq $0                       // error code
    pushq $X86_SYSCALL_VECTOR      // vector
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    mov %rsp, %rdi
    call walnut_syscall

    // SYSRET loads RIP from RCX and RFLAGS from R11: use it only if the
    // frame asks for exactly that (nothing changed RIP, RFLAGS, RCX or R11
    // behind the call's back). walnut_syscall has made RIP canonical and
    // CS/SS the user selectors.
    mov FRAME_RIP(%rsp), %rcx
    cmp FRAME_RCX(%rsp), %rcx
    jne 1f
    mov FRAME_RFLAGS(%rsp), %r11
    cmp FRAME_R11(%rsp), %r11
    jne 1f
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    // RSP now at the vector word; the user RSP is 4 words above it.
    swapgs
    mov (FRAME_RSP - FRAME_VECTOR)(%rsp), %rsp
    sysretq
1:  jmp x86_return_from_trap
