// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path on x86_64 (docs/fastpath.md): a short Call or
// ReplyWait whose partner already waits, from the caller's SYSCALL to the
// partner's SYSRET without the generic kernel. It is an exact subset of the
// slow path (kernel/generic/src/ipc.cc); everything else goes to the slow
// path (x86_ipc_slow, syscall_entry.S) with the user registers untouched.
// Built only with the meson option 'fastpath' (kern::config::fastpath).
//
// Eligibility, checked in this order (each check below is a block with its
// number that jumps to the slow path):
//
//  1. The call is Ipc or Lipc.
//  2. MR0 has t = 0 (untyped words only), u <= 7 (all words in registers)
//     and its flag bits 15..12 (E, X, r, p) clear.
//  3. Both phases: `to` is not nilthread and FromSpecifier is either `to`
//     (a call) or anythread (reply and wait).
//  4. The receive timeout is never (no timer is needed; the send timeout is
//     irrelevant because the partner is waiting).
//  5. `to` is a global id (bits 5..0 not all zero, not anythread) whose
//     thread number is below 2^18, whose thread-table page exists, and
//     whose TCB's global id equals `to` exactly.
//  6. The partner waits in its receive phase (state == waiting_receive), can
//     be completed by writing its user frame (fast_resumable) and has no
//     halt request.
//  7. The partner accepts the caller: its FromSpecifier is anythread or the
//     caller's global id.
//  8. The partner is on this CPU.
//  9. Nobody is queued to send to the caller and no interrupt is pending
//     for it (its receive phase would take that sender or interrupt instead).
// 10. The partner's priority equals the caller's, and no ready thread has a
//     higher priority (the slow path would run that thread next).
// 11. The caller's space has no redirector (SpaceControl, x2-api 4.10).
//
// Then the point of no return: commit (the caller becomes a fast-resumable
// receiver whose kernel context is x86_ipc_complete; the partner runs:
// neither is in the ready queue, which holds only threads not running),
// message (MR0..MR7 stay in their
// registers; RSI = from), switch (current thread, kernel stack, address
// space, UTCB pointer, FPU access), return (SYSRET with the partner's RIP,
// RFLAGS, RSP, RBP from its User_frame, RDX its FromSpecifier; RAX, R8
// zero).
//
// Registers (docs/abi-x86_64.md): RAX number, RSI to, RDX FromSpecifier,
// R8 Timeouts, MR0..MR7 in R9, RDI, RBX, R10, R12, R13, R14, R15, RCX/R11 the
// user RIP/RFLAGS. The eight MR registers are never touched: they carry the
// message from the caller's SYSCALL to the partner's SYSRET. Until the point
// of no return only RAX, RCX, R11 and RBP change (IPC_SAVE_FRAME has put
// RIP, RFLAGS and RBP into the caller's frame); RSP is the caller's
// User_frame, at the top of its kernel stack, and nothing is pushed.
// Offsets: kern_asm_offsets.h (generated from the C++ structures) and
// <arch/asm_defs.hpp> (asserted against them).
#include <arch/asm_defs.hpp>
#include <glue/syscall_asm.h>
#include <kern_asm_offsets.h>
#include <l4/walnut/abi.h>

#define CALLER  %rbp    // the caller's TCB (the current thread)
// The word state, fast_resumable, user_ipc, halt_requested of a thread that
// waits in its own Ipc, resumable by a fast path, with no halt request.
#define WAITING_RESUMABLE (TCB_STATE_WAITING_RECEIVE | (1 << 8) | (1 << 16))
#define PARTNER %r11    // the partner's TCB, from check 5 on

// The highest ready priority of this CPU's kern::Cpu_local (GS base).
#define READY_TOP_PRIORITY       %gs:(CPU_LOCAL_READY + READY_TOP)

    .text
    .globl walnut_syscall_entry
    .globl x86_ipc_fastpath
walnut_syscall_entry:
x86_ipc_fastpath:
check_1_ipc_or_lipc:
    // One unsigned compare: RAX - Ipc is 0 or 1 for Ipc and Lipc. The
    // other calls get RAX back at x86_syscall_rebased.
    SYSCALL_ENTRY_IPC_OR_OTHER
    // Not a check: the kernel stack and what the caller's frame needs on
    // either path.
    IPC_SAVE_FRAME
    lea (FRAME_SIZE - TCB_BLOCK_SIZE)(%rsp), CALLER

check_2_untyped_words_in_registers:
    test $0xfff8, %r9d              // u bits 5..3, t bits 11..6, flags 15..12
    jnz x86_ipc_slow

check_3_send_and_receive:
    test %rsi, %rsi
    jz x86_ipc_slow
    cmp %rsi, %rdx
    je check_4_receive_timeout_never
    cmp $-1, %rdx
    jne x86_ipc_slow

check_4_receive_timeout_never:
    test %r8w, %r8w                 // receive timeout: bits 15..0, never = 0
    jnz x86_ipc_slow

check_5_partner_by_global_id:
    // A local id (bits 5..0 zero) needs no test of its own: every TCB's
    // global id is global (ThreadControl and the kernel's own threads
    // create only those), so the exact comparison at the end refuses it.
    mov %rsi, %rax
    shr $(32 + THREAD_TABLE_PER_PAGE_LOG2), %rax
    cmp $(1 << (THREAD_NUMBER_BITS - THREAD_TABLE_PER_PAGE_LOG2)), %rax
    jae x86_ipc_slow                // thread number >= 2^18 (anythread too)
    mov (_ZN4kern7threadsE + THREAD_TABLE_DIR)(, %rax, 8), %rax
    test %rax, %rax
    jz x86_ipc_slow                 // no thread-table page
    mov %rsi, %rcx
    shr $32, %rcx
    and $((1 << THREAD_TABLE_PER_PAGE_LOG2) - 1), %ecx
    mov (%rax, %rcx, 8), PARTNER
    test PARTNER, PARTNER
    jz x86_ipc_slow
    cmp %rsi, TCB_GLOBAL_ID(PARTNER)
    jne x86_ipc_slow                // another version, or none

check_6_partner_waits_resumable:
    // The word state, fast_resumable, user_ipc, halt_requested in one
    // compare: waiting_receive, resumable, no halt request. user_ipc must
    // be 1, which fast_resumable implies (fast_resumable_wait needs it), so
    // this accepts exactly what the three separate tests would.
    cmpl $WAITING_RESUMABLE, TCB_STATE(PARTNER)
    jne x86_ipc_slow

check_7_partner_accepts_caller:
    mov TCB_RECV_SPEC(PARTNER), %rax
    cmp $-1, %rax
    je check_8_partner_on_this_cpu
    cmp TCB_GLOBAL_ID(CALLER), %rax
    jne x86_ipc_slow

check_8_partner_on_this_cpu:
    mov TCB_CPU(CALLER), %eax       // the running caller is on this CPU
    cmp %eax, TCB_CPU(PARTNER)
    jne x86_ipc_slow

check_9_no_sender_for_caller:
    mov TCB_SENDQ_HEAD(CALLER), %rax
    or TCB_IRQ_PENDING(CALLER), %rax
    jnz x86_ipc_slow                // a sender or an interrupt (kern/interrupt.cc)

check_10_same_priority_none_higher:
    movzbl TCB_PRIORITY(CALLER), %ecx
    cmp %cl, TCB_PRIORITY(PARTNER)
    jne x86_ipc_slow
    // The running caller is not in the ready queue, so no queued thread
    // may have a higher priority: the highest queued priority (-1 if
    // none) is at most the caller's.
    cmp %ecx, READY_TOP_PRIORITY
    jg x86_ipc_slow

check_11_no_redirector:
    // The slow path decides where a message from a redirected space goes.
    mov TCB_SPACE(CALLER), %rax
    cmpq $0, SPACE_REDIRECTOR(%rax)
    jne x86_ipc_slow

// ======================= point of no return =======================
// From here on RDX and R8 are free too.

commit_caller:
    // The caller, as the slow path's receive phase would leave it: a
    // waiting receiver with no deadline (a running thread has none:
    // wakeup_us is 0 already), resumable by a fast path, whose own IPC is
    // pending. Of the result fields do_ipc resets, only
    // ipc_from needs it: whatever ends a wait in the receive phase writes
    // ipc_error (deliver, deliver_typed, ipc_fail, ipc_complete_receive,
    // the string transfer's end), but a failure leaves ipc_from, which
    // the thread then returns as its from. (ipc_done is read only by
    // do_ipc right after its own send phase.)
    // The word state .. halt_requested: waiting_receive, fast_resumable,
    // its own IPC, no halt request (a running thread never has one: halt()
    // halts it at once).
    movl $WAITING_RESUMABLE, TCB_STATE(CALLER)
    mov %rdx, TCB_RECV_SPEC(CALLER)
    movq $0, TCB_IPC_FROM(CALLER)
    // Its kernel context: x86_switch_stacks pops x86_ipc_complete_frame
    // and returns into x86_ipc_complete, so the slow path can complete it
    // later like any other waiter.
    movq $x86_ipc_complete_frame, (TCB_CONTEXT + CONTEXT_RSP)(CALLER)

commit_partner:
    // What wake() does: running, no longer resumable by a fast path, a
    // fresh time slice if it had none. (Its generic result fields are not
    // read again: it returns to user mode from here.)
    movw $TCB_STATE_RUNNING, TCB_STATE(PARTNER)    // and fast_resumable 0
    cmpq $0, TCB_REMAINING_TICKS(PARTNER)
    jne message
    mov TCB_TIMESLICE_TICKS(PARTNER), %rax
    mov %rax, TCB_REMAINING_TICKS(PARTNER)

message:
    // MR0..MR7 are in their registers already (MR0's flag bits are clear:
    // check 2). from = the caller's local id if both share a space (and
    // it has a UTCB: id_as_seen_by), else its global id.
    mov TCB_GLOBAL_ID(CALLER), %rsi
    mov TCB_SPACE(PARTNER), %rax
    cmp %rax, TCB_SPACE(CALLER)
    jne switch_address_space
    mov TCB_UTCB_UVA(CALLER), %rdx
    test %rdx, %rdx
    jz switch_thread
    lea WALNUT_UTCB_MR0_OFFSET(%rdx), %rsi
    jmp switch_thread

switch_address_space:
    // Space::activate / port::activate_space (mmu.cc): CR3, with the ASID
    // as PCID if PCIDs are on (switch_address_space_pcid).
    mov SPACE_ROOT_PA(%rax), %rdx
    cmpb $0, x86_use_pcid(%rip)
    jne switch_address_space_pcid
switch_address_space_cr3:
    mov %rdx, %cr3

switch_thread:
    // UTCB pointer: the user's GS base waits in IA32_KERNEL_GS_BASE
    // (port::set_utcb_pointer: MyLocalId - 512 = the UTCB location).
    mov TCB_UTCB_UVA(PARTNER), %eax        // WRMSR takes EDX:EAX
    mov (TCB_UTCB_UVA + 4)(PARTNER), %edx
    mov $MSR_KERNEL_GS_BASE, %ecx
    wrmsr
    // Current thread and its kernel stack (TSS.RSP0, for SYSCALL too).
    mov PARTNER, %gs:CPU_LOCAL_CURRENT
    lea TCB_BLOCK_SIZE(PARTNER), %rax
    mov %rax, %gs:CPU_KERNEL_RSP
    // FPU access (arch::fpu_switch): if FP/SIMD is enabled and the
    // registers hold another thread's state, disable it (CR0.TS); never
    // enable it here (the owner's next FP instruction does, walnut_nm_entry).
    cmpb $0, %gs:CPU_FPU_DISABLED
    jne return_to_partner
    cmp %gs:CPU_FPU_OWNER, PARTNER  // its Context is at TCB_CONTEXT = 0
    je return_to_partner
    mov %cr0, %rdx
    or $X86_CR0_TS, %rdx
    mov %rdx, %cr0
    movb $1, %gs:CPU_FPU_DISABLED

return_to_partner:
    // RAX = the partner's kernel stack top, right above its User_frame,
    // where its own IPC entry saved RIP (canonical), RFLAGS, RSP and RBP.
    // RDX = its FromSpecifier, which Ipc preserves: its receive phase
    // stored it as recv_spec.
    mov TCB_RECV_SPEC(PARTNER), %rdx
    mov TOP(FRAME_RIP)(%rax), %rcx
    mov TOP(FRAME_RFLAGS)(%rax), %r11
    mov TOP(FRAME_RBP)(%rax), %rbp
    mov TOP(FRAME_RSP)(%rax), %rsp
    xor %eax, %eax
    xor %r8d, %r8d
    swapgs
    sysretq

// CR3 with PCIDs (out of line; RAX = the space, RDX = its root): the ASID
// as PCID and bit 63 (keep its TLB entries), except for the shared last
// ASID, whose entries may be another space's.
switch_address_space_pcid:
    mov SPACE_ASID(%rax), %eax
    cmp $4095, %eax
    ja switch_address_space_cr3
    or %rax, %rdx
    cmp $SPACE_SHARED_ASID, %eax
    je switch_address_space_cr3
    bts $63, %rdx
    jmp switch_address_space_cr3

// The kernel context of a caller the fast path left waiting, when the slow
// path completes its IPC instead (a reply through the slow path, a cancel,
// a failure): switch_context returns here with RSP = its User_frame.
// kern::ipc_complete_blocked() does what the end of sys_ipc does; the
// message is in the UTCB, so the thread leaves as any slow-path Ipc does.
    .globl x86_ipc_complete
x86_ipc_complete:
    mov %gs:CPU_KERNEL_RSP, %rsp    // switch_context set it: this thread's stack top
    sub $FRAME_SIZE, %rsp
    call walnut_ipc_complete        // -> RAX = from
    mov %rax, %rsi
    mov (TCB_RECV_SPEC + FRAME_SIZE - TCB_BLOCK_SIZE)(%rsp), %rdx  // its FromSpecifier
    jmp x86_ipc_exit

// What x86_switch_stacks pops for such a caller (r15, r14, r13, r12, rbp,
// rbx, return address): one constant frame for all of them, so blocking
// costs one store.
    .section .rodata
    .balign 8
x86_ipc_complete_frame:
    .quad 0, 0, 0, 0, 0, 0, x86_ipc_complete

// Layout assumptions of the code above, checked by the assembler.
.if TCB_CONTEXT != 0 || CONTEXT_RSP != 0
    .error "fastpath.S compares TCB pointers with arch::Context pointers"
.endif
.if TCB_FAST_RESUMABLE != TCB_STATE + 1 || TCB_USER_IPC != TCB_STATE + 2 || TCB_HALT_REQUESTED != TCB_STATE + 3 || (TCB_STATE % 4) != 0
    .error "check 6 and the commit read and write state .. halt_requested as one 32-bit word"
.endif
.if SWITCH_FRAME_SIZE != 56 || SWITCH_FRAME_RET != 48
    .error "x86_ipc_complete_frame does not match x86_switch_stacks"
.endif
