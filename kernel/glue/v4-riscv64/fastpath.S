/* SPDX-License-Identifier: BSD-2-Clause
 * The riscv64 IPC fast path (docs/fastpath.md): a short Call or ReplyWait
 * whose partner already waits, done in one pass from the caller's ecall to
 * the partner's sret. An exact subset of the generic path
 * (kernel/generic/src/ipc.cc); everything else goes to glue_ipc_slow
 * (entry.S) with the user's registers as they were. Eligibility, checked
 * in this order:
 *
 *   1. The call is Ipc or Lipc.
 *   2. MR0 has t = 0 (untyped words only), u <= 7 (all words in registers)
 *      and its flag bits 15..12 (E, X, r, p) clear.
 *   3. Both phases: `to` is not nilthread and FromSpecifier is either `to`
 *      (a call) or anythread (reply and wait).
 *   4. The receive timeout is never (no timer is needed; the send timeout
 *      is irrelevant because the partner is waiting).
 *   5. `to` is a global id (bits 5..0 not all zero, not anythread) whose
 *      thread number is below 2^18, whose thread-table page exists, and
 *      whose TCB's global id equals `to` exactly.
 *   6. The partner waits in its receive phase (state == waiting_receive),
 *      can be completed by writing its user frame (fast_resumable) and has
 *      no halt request.
 *   7. The partner accepts the caller: its FromSpecifier is anythread or
 *      the caller's global id.
 *   8. The partner is on this CPU.
 *   9. Nobody is queued to send to the caller and no interrupt is pending
 *      for it (its receive phase would take that sender or interrupt instead).
 *  10. The partner's priority equals the caller's, and no ready thread has
 *      a higher priority (the slow path would run that thread next).
 *  11. The caller's space has no redirector (SpaceControl, x2-api 4.10).
 *
 * Then, past the point of no return: the caller becomes a waiting receiver
 * whose kernel context resumes at glue_ipc_resume_slow (entry.S; so the
 * slow path can complete it like any other waiter), the partner runs
 * (neither is in the ready queue), gets MR0..MR7 in the same registers and `from` in a0, and
 * the hart switches to it (current thread, user frame, address space, UTCB
 * pointer tp) and returns to its user mode. FP: only the FP owner's frame
 * has sstatus.FS on (arch fpu.cc), so restoring the partner's sstatus
 * from its frame is the whole lazy FP switch.
 *
 * Registers. In (from glue_user_trap, entry.S): an ecall, tp = per-CPU
 * block, sscratch = the user's tp, sp free (the user's is in CPU_USER_SP),
 * every other register the user's: t0 number, a0 to, a1 FromSpecifier,
 * a2 Timeouts, a3..a7 t1..t3 MR0..MR7. During the checks: s0 = caller's
 * TCB, gp = partner's TCB, ra and sp scratch; the user's ra, gp and s0
 * wait in the caller's frame (with its sp, ip and sstatus), where both
 * the commit and glue_ipc_slow need them, and where glue_ipc_slow
 * (fastpath_slow) takes them from on its way out.
 * After the point of no return every register the contract leaves
 * undefined is scratch, and is zeroed at the end.
 *
 * The labels of the checks and phases are local symbols (not .L), so that
 * fault reports and disassembly name them. Only offsets from
 * <kern_asm_offsets.h> and <arch/asm_offsets.h>. */
#include <arch/asm_offsets.h>
#include <kern_asm_offsets.h>
#include <l4/walnut/abi.h>

/* Layout facts the code below relies on, checked at assembly time. */
.if CPU_LOCAL_READY + READY_TOP > 2047
.error "check 10 loads the highest ready priority with a 12-bit offset from tp"
.endif
.if TCB_FAST_RESUMABLE != TCB_STATE + 1 || TCB_USER_IPC != TCB_STATE + 2 || TCB_HALT_REQUESTED != TCB_STATE + 3 || (TCB_STATE % 4) != 0
.error "the commit writes state .. halt_requested as one word, state and fast_resumable as a halfword"
.endif

/* The highest ready priority of this CPU (kern::Ready_queue), from tp. */
#define READY_TOP_PRIORITY (CPU_LOCAL_READY + READY_TOP)

    .section .text.trap, "ax", @progbits
    .option push
    .option norelax                     /* the auipc pair below must stay a pair */

    .globl glue_ipc_fastpath
glue_ipc_fastpath:

fastpath_check1_ipc_or_lipc:
    addi    sp, t0, -WALNUT_SYS_IPC
    srli    sp, sp, 1                   /* 0 for Ipc (6) and Lipc (7) only */
    /* Any other call, nothing touched yet: "bnez sp, glue_syscall_not_ipc"
     * as one short branch to entry.S (see the arch's trap vector). */
    .insn b BRANCH, 1, sp, zero, glue_syscall_not_ipc
    /* The caller's frame gets what both a fast-path commit and
     * glue_ipc_slow put there (so a failed check goes on behind those
     * stores): ra, gp and s0, which frees them for the checks, its sp,
     * its ip behind the ecall and its sstatus (SPP = 0, SPIE = 1, its FS). */
    ld      sp, CPU_USER_FRAME(tp)
    sd      ra, UF_X(1)(sp)
    sd      gp, UF_X(3)(sp)
    sd      s0, UF_X(8)(sp)
    ld      ra, CPU_USER_SP(tp)
    sd      ra, UF_X(2)(sp)
    csrr    ra, sepc
    addi    ra, ra, 4                   /* it resumes behind the ecall */
    sd      ra, UF_SEPC(sp)
    csrr    ra, sstatus
    sd      ra, UF_SSTATUS(sp)
    ld      s0, CPU_LOCAL_CURRENT(tp)   /* s0 = the caller */

fastpath_check2_untyped_words_in_registers:
    slli    ra, a3, 48
    srli    ra, ra, 51                  /* MR0 bits 15..3: flags, t, u/8 */
    bnez    ra, fastpath_slow

fastpath_check3_call_or_reply_wait:
    beqz    a0, fastpath_slow           /* to = nilthread */
    beq     a1, a0, fastpath_check4_receive_timeout_never
    addi    ra, a1, 1
    bnez    ra, fastpath_slow           /* FromSpecifier neither to nor anythread */

fastpath_check4_receive_timeout_never:
    slli    ra, a2, 48                  /* receive timeout = Timeouts bits 15..0 */
    bnez    ra, fastpath_slow

fastpath_check5_partner_tcb:
    /* No test of bits 5..0: a local id (bits 5..0 zero) equals no TCB's
     * global id (ThreadControl and the kernel's own threads take global
     * ids only), so the exact comparison at the end rejects it. */
    srli    ra, a0, 32 + THREAD_NUMBER_BITS
    bnez    ra, fastpath_slow           /* number >= 2^18 (anythread too) */
    srli    ra, a0, 32 + THREAD_TABLE_PER_PAGE_LOG2
    slli    ra, ra, 3                   /* directory index * 8 */
1:  auipc   gp, %pcrel_hi(_ZN4kern7threadsE + THREAD_TABLE_DIR)
    add     gp, gp, ra
    ld      gp, %pcrel_lo(1b)(gp)       /* the thread-table page */
    beqz    gp, fastpath_slow
    slli    ra, a0, 64 - 32 - THREAD_TABLE_PER_PAGE_LOG2
    srli    ra, ra, 64 - THREAD_TABLE_PER_PAGE_LOG2 - 3 /* (number mod 512) * 8 */
    add     gp, gp, ra
    ld      gp, 0(gp)                   /* gp = the partner */
    beqz    gp, fastpath_slow
    ld      ra, TCB_GLOBAL_ID(gp)
    bne     ra, a0, fastpath_slow       /* another version */

fastpath_check6_partner_waits_fast_resumable:
    /* fast_resumable is set only with state = waiting_receive and cleared
     * whenever that state ends (block, take, wake, string transfers; the
     * kernel's consistency checker, kern/checker.cc, verifies it), so it
     * answers the state test too. */
    lbu     ra, TCB_FAST_RESUMABLE(gp)
    beqz    ra, fastpath_slow
    lbu     ra, TCB_HALT_REQUESTED(gp)
    bnez    ra, fastpath_slow

fastpath_check7_partner_accepts_caller:
    ld      ra, TCB_RECV_SPEC(gp)
    addi    sp, ra, 1
    beqz    sp, fastpath_check8_partner_on_this_cpu /* anythread */
    ld      sp, TCB_GLOBAL_ID(s0)
    bne     ra, sp, fastpath_slow

fastpath_check8_partner_on_this_cpu:
    lwu     ra, TCB_CPU(gp)
    lwu     sp, TCB_CPU(s0)             /* the caller runs here */
    bne     ra, sp, fastpath_slow

fastpath_check9_no_sender_waits_for_caller:
    ld      ra, TCB_SENDQ_HEAD(s0)
    bnez    ra, fastpath_slow
    ld      ra, TCB_IRQ_PENDING(s0)   /* nor an interrupt (kern/interrupt.cc) */
    bnez    ra, fastpath_slow

fastpath_check10_same_priority_none_higher:
    lbu     ra, TCB_PRIORITY(gp)
    lbu     sp, TCB_PRIORITY(s0)
    bne     ra, sp, fastpath_slow
    /* ra = p. The running caller is not in the ready queue, so no queued
     * thread may have a higher priority: the highest queued priority (-1
     * if none) is at most p. */
    lw      sp, READY_TOP_PRIORITY(tp)
    blt     ra, sp, fastpath_slow

fastpath_check11_no_redirector:
    /* The slow path decides where a message from a redirected space goes. */
    ld      ra, TCB_SPACE(s0)           /* ra = the caller's space, kept for step 3 */
    ld      sp, SPACE_REDIRECTOR(ra)
    bnez    sp, fastpath_slow

/* ======================= point of no return ======================= */
fastpath_commit:

    /* 1. The caller becomes a waiting receiver: what block() would have
     * made of it, resumable by the slow path through its kernel context
     * or by a fast path through its user frame. No deadline: a running
     * thread has none, so its wakeup_us is 0 already. */
    /* state .. halt_requested as one word: waiting_receive,
     * fast_resumable, its own IPC, no halt request (a running thread never
     * has one). */
    li      t4, TCB_STATE_WAITING_RECEIVE | (1 << 8) | (1 << 16)
    sw      t4, TCB_STATE(s0)
    sd      a1, TCB_RECV_SPEC(s0)
    /* do_ipc's start values, which a failed completion (cancel, partner
     * deleted) leaves as they are; ipc_done is read only by do_ipc right
     * after its own send phase. */
    sd      zero, TCB_IPC_ERROR(s0)
    sd      zero, TCB_IPC_FROM(s0)
    /* Its frame already has its sp, ip, sstatus, ra, gp and s0 (check 1).
     * Its kernel context resumes at the slow-completion stub (entry.S),
     * which takes its sp from switch_context (a2 = the user frame): only
     * ra here, from the per-CPU block (one load, not an address pair). */
    ld      t4, CPU_IPC_RESUME(tp)
    sd      t4, TCB_CONTEXT + CTX_RA(s0)

fastpath_partner_runs:
    /* 2. The partner runs, as wake() and block() leave it: neither thread
     * is in the ready queue, which holds only threads that do not run. */
    ld      t4, TCB_REMAINING_TICKS(gp)
    beqz    t4, .Lpartner_new_slice
.Lpartner_sliced:
    li      t5, TCB_STATE_RUNNING
    sh      t5, TCB_STATE(gp)           /* running, no longer fast-resumable */

fastpath_message:
    /* 3. The message: MR0..MR7 stay in a3..a7, t1..t3 (MR0 as sent: its
     * flag bits are clear); from = the caller's global id, or its local id
     * if both share the address space (ra = the caller's space). */
    ld      t4, TCB_SPACE(gp)
    ld      a0, TCB_GLOBAL_ID(s0)
    beq     t4, ra, .Lsame_space

fastpath_switch_space:
    /* The partner lives in another address space: Space::activate() as
     * port::activate_space (arch mmu.cc) does it. Per hart and ASID, the
     * root last activated under it and its satp value: the same root means
     * this ASID's TLB entries are the partner's, and satp is that value.
     * Any other root, an ASID the hart does not tag, ASID 0 and the shared
     * ASID (whose slots hold no root) go out of line. t4 = its space. */
    lwu     t5, SPACE_ASID(t4)
    ld      t6, SPACE_ROOT_PA(t4)
    ld      a2, CPU_ASID_SLOTS(tp)
    slli    a1, t5, ASID_SLOT_LOG2
    add     a2, a2, a1
    ld      a1, ASID_SLOT_ROOT(a2)
    bne     a1, t6, .Lasid_other_root
    ld      a1, ASID_SLOT_SATP(a2)
    csrw    satp, a1

    /* 4. Switch: current thread, user frame (where its next trap lands),
     * address space (above), UTCB pointer; FP access comes with its
     * sstatus; then its user registers. */
.Lspace_switched:
fastpath_switch:
    sd      gp, CPU_LOCAL_CURRENT(tp)
    ld      sp, TCB_CONTEXT + CTX_USER_FRAME(gp) /* sp = the partner's user frame */
    sd      sp, CPU_USER_FRAME(tp)
    ld      t4, UF_SEPC(sp)
    csrw    sepc, t4
    ld      t4, UF_SSTATUS(sp)
    csrw    sstatus, t4
fastpath_exit:
    csrw    sscratch, tp                /* user mode: sscratch = per-CPU block */
    ld      tp, UF_X(4)(sp)             /* MyLocalId (port::set_utcb_pointer) */
    ld      ra, UF_X(1)(sp)
    ld      gp, UF_X(3)(sp)
    ld      s0, UF_X(8)(sp)
    /* Undefined after Ipc: zero, never the caller's or the kernel's. */
    li      t0, 0
    li      a1, 0
    li      a2, 0
    li      t4, 0
    li      t5, 0
    li      t6, 0
    li      s1, 0
    li      s2, 0
    li      s3, 0
    li      s4, 0
    li      s5, 0
    li      s6, 0
    li      s7, 0
    li      s8, 0
    li      s9, 0
    li      s10, 0
    li      s11, 0
    ld      sp, UF_X(2)(sp)
    sret

/* ---- out of line ---------------------------------------------------------- */

/* A check failed: on into glue_ipc_slow behind the frame stores check 1
 * has done for it (ra, gp and s0 come back from the frame on its way
 * out); every other register is still the user's. */
fastpath_slow:
    ld      sp, CPU_USER_FRAME(tp)
    j       glue_ipc_slow_framed

/* switch_to_woken: a thread with no ticks left starts a new time slice. */
.Lpartner_new_slice:
    ld      t4, TCB_TIMESLICE_TICKS(gp)
    sd      t4, TCB_REMAINING_TICKS(gp)
    j       .Lpartner_sliced

/* Both in the same address space: from = the caller's local id. */
.Lsame_space:
    ld      a0, TCB_UTCB_UVA(s0)
    addi    a0, a0, WALNUT_UTCB_MR0_OFFSET
    j       .Lspace_switched

/* The ASID's slot holds another root (or none): t5 = ASID, t6 = root,
 * a2 = the slot. A tagged ASID gets satp, a flush of what the other root
 * left under it, and the slot; anything else runs as hardware ASID 0
 * with a flush of everything, as port::activate_space does. */
.Lasid_other_root:
    ld      a1, CPU_ASID_LIMIT(tp)
    lui     t4, 0x80                    /* Sv39 mode (8 << 60) once shifted by 44 */
    beqz    t5, .Lasid_untagged         /* (never a space's, see hw_asid) */
    bgeu    t5, a1, .Lasid_untagged
    or      t4, t4, t5
    slli    t4, t4, 44
    srli    a1, t6, 12
    or      a1, a1, t4
    csrw    satp, a1
    sfence.vma zero, t5
    sd      t6, ASID_SLOT_ROOT(a2)
    sd      a1, ASID_SLOT_SATP(a2)
    j       .Lspace_switched
.Lasid_untagged:
    slli    t4, t4, 44
    srli    a1, t6, 12
    or      a1, a1, t4
    csrw    satp, a1                    /* hardware ASID 0 */
    sfence.vma
    j       .Lspace_switched

    .option pop
