// SPDX-License-Identifier: BSD-2-Clause
// SYSCALL entry (the target in LSTAR) and the system-call exits. In: RAX =
// number, arguments per docs/abi-x86_64.md, RCX = user RIP, R11 = user
// RFLAGS (the CPU's), GS = the user's base, RSP = the user stack, IF = 0
// (FMASK). Three ways through:
//  - Ipc/Lipc: the fast path (fastpath.S, if built), else the IPC slow path
//    here, which passes the message registers through the UTCB and saves
//    only the part of the User_frame the register contract keeps;
//  - SystemClock: answered here, without a frame;
//  - everything else: the full User_frame, walnut_syscall in C, and SYSRET
//    when that restores the frame exactly, else IRET.
#include <arch/asm_defs.hpp>
#include <glue/syscall_asm.h>
#include <kern_asm_offsets.h>
#include <l4/walnut/abi.h>

    .text

// With the fast path built, walnut_syscall_entry is its first instruction
// (fastpath.S): it switches the stack itself, and its check 1 sends every
// other number to x86_syscall_rebased and failed IPC checks to x86_ipc_slow.
#if !WALNUT_FASTPATH
    .globl walnut_syscall_entry
walnut_syscall_entry:
    SYSCALL_ENTRY_IPC_OR_OTHER     // as fastpath.S's check 1
    IPC_SAVE_FRAME
    // fall through to x86_ipc_slow
#endif

// Ipc and Lipc through the generic kernel. In: RSP = the User_frame at the
// kernel stack top, its RIP, RFLAGS, RSP and RBP saved (IPC_SAVE_FRAME), every other
// user register as at the SYSCALL. The generic IPC works on the UTCB: the
// register MRs go straight there (the thread's TCB is at the bottom of its
// stack block), and come back from there at x86_ipc_exit. RDX (the
// FromSpecifier, which Ipc preserves) waits in the frame's RDX slot.
    .globl x86_ipc_slow
x86_ipc_slow:
    mov %rdx, FRAME_RDX(%rsp)
    mov (TCB_UTCB + FRAME_SIZE - TCB_BLOCK_SIZE)(%rsp), %rax
    mov %r9, 0(%rax)
    mov %rdi, 8(%rax)
    mov %rbx, 16(%rax)
    mov %r10, 24(%rax)
    mov %r12, 32(%rax)
    mov %r13, 40(%rax)
    mov %r14, 48(%rax)
    mov %r15, 56(%rax)
    mov %r8, %rcx                  // Timeouts; RSI = to, RDX = FromSpecifier
    call walnut_ipc                // -> RAX = from
    mov %rax, %rsi
    mov FRAME_RDX(%rsp), %rdx
    // fall through

// The end of every Ipc/Lipc that went through the generic kernel, also of
// a caller the fast path blocked (x86_ipc_complete). In: RSP = the current
// thread's User_frame, RSI = from, RDX = the thread's FromSpecifier.
// MR0..MR7 from the UTCB, RIP, RFLAGS, RSP and RBP from the frame
// (ExchangeRegisters may have changed the first three; every writer keeps
// RIP canonical), RAX and R8 zero (the contract leaves them undefined; no
// kernel value may leak), RCX and R11 as SYSRET leaves them.
    .globl x86_ipc_exit
x86_ipc_exit:
    mov (TCB_UTCB + FRAME_SIZE - TCB_BLOCK_SIZE)(%rsp), %rax
    mov 0(%rax), %r9
    mov 8(%rax), %rdi
    mov 16(%rax), %rbx
    mov 24(%rax), %r10
    mov 32(%rax), %r12
    mov 40(%rax), %r13
    mov 48(%rax), %r14
    mov 56(%rax), %r15
    mov FRAME_RIP(%rsp), %rcx
    mov FRAME_RFLAGS(%rsp), %r11
    mov FRAME_RBP(%rsp), %rbp
    mov FRAME_RSP(%rsp), %rsp
    xor %eax, %eax
    xor %r8d, %r8d
    swapgs
    sysretq

// Every call but Ipc and Lipc. In: the kernel's GS, RSP still the user's,
// RAX = the number - WALNUT_SYS_IPC (SYSCALL_ENTRY_IPC_OR_OTHER), all
// other user registers as at the SYSCALL.
    .globl x86_syscall_rebased
x86_syscall_rebased:
    cmp $(WALNUT_SYS_SYSTEM_CLOCK - WALNUT_SYS_IPC), %rax
    je system_clock
    add $WALNUT_SYS_IPC, %rax
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

// SystemClock: RAX = microseconds since boot, as port::clock_us computes
// them (tsc.cc): ((TSC - x86_tsc_at_boot) * x86_us_per_tsc) >> 32, the
// 128-bit product of one MUL. Nothing but RAX (and RCX, R11) changes and
// nothing touches memory, so it runs on the user stack with interrupts
// off, without a frame; RDX waits in the per-CPU scratch word meanwhile.
system_clock:
    mov %rdx, %gs:CPU_USER_RSP
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    sub x86_tsc_at_boot(%rip), %rax
    mulq x86_us_per_tsc(%rip)
    shrd $32, %rdx, %rax
    mov %gs:CPU_USER_RSP, %rdx
    bt $47, %rcx                   // a SYSCALL in the last two bytes below 2^47
    jnc 1f
    movabs $0x7fffffffffff, %rcx
1:  swapgs
    sysretq
