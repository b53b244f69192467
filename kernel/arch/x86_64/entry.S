// SPDX-License-Identifier: BSD-2-Clause
// x86_64 trap entry and exit, and the kernel stack switch. Every exception and interrupt vector has a 16-byte stub at
// x86_trap_stubs + 16 * vector; all of them build an arch::User_frame and
// call walnut_trap (implemented by the glue layer).
#include <arch/asm_defs.hpp>

    .text

// Vectors for which the CPU pushes an error code.
#define HAS_ERROR(v) ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || \
                      (v) == 14 || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

    .balign 16
    .globl x86_trap_stubs
x86_trap_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if !HAS_ERROR(vec)
    pushq $0
    .endif
    .if vec < 128
    pushq $vec
    .else
    .byte 0x68                  // push imm32 (sign-extended; vectors >= 128)
    .long vec
    .endif
    jmp trap_common
    .set vec, vec + 1
    .endr

// In:  stack = vector, error code, hardware interrupt frame.
// Out: never returns; leaves through x86_return_from_trap.
trap_common:
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
    // From user mode: GS still holds the user's base; switch to the kernel's.
    // The CPU also left SS = null, and on AMD CPUs SYSRET keeps a null SS's
    // attributes, so a thread that leaves through SYSRET after this one was
    // switched away could return with an unusable SS: load a real one here
    // (Linux: SYSRET_SS_ATTRS). SYSCALL loads one itself, and entries from
    // kernel mode keep SS, so SS is always this one outside trap entries
    // and x86_switch_stacks need not load it.
    testb $3, FRAME_CS(%rsp)
    jz 1f
    swapgs
    mov $X86_KERNEL_DS, %eax
    mov %eax, %ss
1:  cld
    mov %rsp, %rdi
    call walnut_trap
    // fall through

// In:  RSP = an arch::User_frame (kernel or user), interrupts disabled.
// Out: restores it and returns with IRETQ (to user: after SWAPGS).
    .globl x86_return_from_trap
x86_return_from_trap:
    testb $3, FRAME_CS(%rsp)
    jz 1f
    swapgs
1:  popq %r15
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
    add $16, %rsp               // vector, error code
    iretq

// void x86_switch_stacks(word_t* save_rsp, word_t new_rsp)
// Saves the callee-saved registers on the current stack, stores RSP to
// *save_rsp, loads new_rsp and pops the target's callee-saved registers.
// Returns on the target stack (to wherever it last called this, or to a
// start trampoline prepared by context_init_*).
    .globl x86_switch_stacks
x86_switch_stacks:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    ret

// [[noreturn]] void x86_return_to_user(User_frame* frame): leaves the
// kernel through the frame, which is the current thread's (at the top of
// its kernel stack); whatever the kernel had on that stack is abandoned.
    .globl x86_return_to_user
x86_return_to_user:
    mov %rdi, %rsp
    jmp x86_return_from_trap

// First return of a new user thread: RSP = its User_frame (context_init_user).
    .globl x86_enter_user_first
x86_enter_user_first:
    jmp x86_return_from_trap

// First return of a new kernel thread: R12 = entry function (context_init_kernel).
    .globl x86_kernel_thread_start
x86_kernel_thread_start:
    and $-16, %rsp
    xor %ebp, %ebp
    call *%r12
    ud2
