// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path on aarch64 (docs/fastpath.md): a short Call or
// ReplyWait whose partner already waits is done here, before the full user
// frame is saved, and returns straight to the partner. It is an exact subset
// of the slow path (kernel/generic/src/ipc.cc); everything else leaves for
// it with the user's registers untouched.
//
// Eligibility, checked in this order (labels check_1 .. check_11; check 1
// is made by the system-call entry before it comes here, svc_entry.S label
// fastpath_check_1, so that other calls do not pay for a second dispatch):
//  1. The call is Ipc or Lipc.
//  2. MR0 has t = 0 (untyped words only), u <= 7 (all words in registers)
//     and its flag bits 15..12 (E, X, r, p) clear.
//  3. Both phases: 'to' is not nilthread and FromSpecifier is either 'to'
//     (a call) or anythread (reply and wait).
//  4. The receive timeout is never.
//  5. 'to' is a global id (bits 5..0 not all zero, not anythread) whose
//     thread number is below 2^18, whose thread-table page exists, and
//     whose TCB's global id equals 'to' exactly.
//  6. The partner waits in its receive phase (waiting_receive), can be
//     completed by writing its user frame (fast_resumable) and has no halt
//     request.
//  7. The partner accepts the caller: its FromSpecifier is anythread or
//     the caller's global id.
//  8. The partner is on this CPU.
//  9. Nobody is queued to send to the caller, no interrupt is pending for it.
// 10. The partner's priority equals the caller's, and no ready thread has
//     a higher priority.
// 11. The caller's space has no redirector (SpaceControl, x2-api 4.10).
// Then, past the point of no return: the caller becomes a waiting receiver
// that the slow path can complete later (kernel context = the stub
// glue_fastpath_resume), the partner runs (neither is in the ready queue),
// the message stays in x3..x10, and the CPU switches to the partner and
// returns to its user mode.
//
// Registers: x0 to, x1 FromSpecifier, x2 Timeouts, x3..x10 MR0..MR7 (the
// message is never moved). x11..x18 are scratch from the start: the slow
// path (glue_ipc_slow, svc_entry.S) never reads them, it returns them
// from the frame (the Ipc register contract), so what a failed check
// leaves there never reaches the user. x29 and x30 go to the frame before
// check 7 (the caller's frame needs them if it blocks); x30 then holds the
// caller's space, and x0 the caller's global id from check 7 on ('to' is
// the partner's, check 5). A failed check restores x0 and x30 and goes to
// glue_ipc_slow as if nothing had happened; x1..x10 and x19..x29 are
// never changed before the point of no return. After it the caller's
// registers other than the outputs are dead (the Ipc register contract),
// so everything is scratch; the partner gets its own x1, x2, x11..x30
// back from its frame.
#include <arch/asm_offsets.h>
#include <arch/user_return.h>
#include <kern_asm_offsets.h>
#include <l4/walnut/abi.h>

// Layout facts the code below relies on beyond single offsets.
.if TCB_IPC_FROM != TCB_IPC_ERROR + 8
.error "fastpath.S: Tcb::ipc_from must follow ipc_error"
.endif
.if TCB_FAST_RESUMABLE != TCB_STATE + 1 || TCB_USER_IPC != TCB_STATE + 2 || TCB_HALT_REQUESTED != TCB_STATE + 3 || (TCB_STATE % 4) != 0
.error "fastpath.S: state .. halt_requested are read and written as one 32-bit word"
.endif
.if SPACE_ASID != SPACE_ROOT_PA + 8
.error "fastpath.S: commit_message loads Space::_root_pa and _asid as a pair"
.endif
.if UF_PC != UF_SP + 8 || UF_TPIDR != UF_PSTATE + 8
.error "fastpath.S: the frame's sp/pc and pstate/tpidr are stored and loaded as pairs"
.endif
.if TCB_CPU != TCB_GLOBAL_ID + 12 || (TCB_GLOBAL_ID % 8) != 0
.error "fastpath.S: check 7 loads global_id and the word ending with cpu as a pair"
.endif

// The word state, fast_resumable, user_ipc, halt_requested of a thread that
// waits in its own Ipc, resumable by a fast path, with no halt request.
#define WAITING_RESUMABLE (TCB_STATE_WAITING_RECEIVE | (1 << 8) | (1 << 16))

// Tcb::block_size is a power of two and a Tcb block is aligned to it.
#define TCB_BLOCK_MASK  (~(TCB_BLOCK_SIZE - 1))
// ldp/stp reach 504 bytes: x11 = the caller's Tcb + TCB_HIGH for the
// fields beyond that.
#define TCB_HIGH        512
// Thread number = directory index (high bits) and page slot (low bits).
#define DIR_INDEX_BITS  (THREAD_NUMBER_BITS - THREAD_TABLE_PER_PAGE_LOG2)

    .text
// glue_fastpath_ipc: from glue_el0_sync (svc_entry.S) once check 1 has
// passed. sp = the caller's user frame (x16/x17 saved in it), x16 and x17
// scratch, every other register the user's.
    .global glue_fastpath_ipc
glue_fastpath_ipc:
check_1:                                // (svc_entry.S: fastpath_check_1)

check_2:
    tst     x3, #0xfff8                 // MR0 bits 15..3: E X r p, t, u above 7
    b.ne    slow_esr

check_3:
    // 'to' = nilthread is refused by check 5's first test (bits 5..0 of
    // nilthread are zero), and nothing is decided in between.
    cmp     x1, x0                      // a call: FromSpecifier = to
    ccmn    x1, #1, #4, ne              // or else reply and wait: anythread
    b.ne    slow_esr

check_4:
    tst     x2, #0xffff                 // receive timeout (bits 15..0) = never (0)
    b.ne    slow_esr

check_5:
    tst     x0, #0x3f                   // a local id (or nilthread)
    b.eq    slow_esr
    lsr     x17, x0, #(32 + THREAD_NUMBER_BITS)
    cbnz    x17, slow_esr               // number out of range (so is anythread)
    ldr     x16, =(_ZN4kern7threadsE + THREAD_TABLE_DIR)
    ubfx    x17, x0, #(32 + THREAD_TABLE_PER_PAGE_LOG2), #DIR_INDEX_BITS
    ldr     x16, [x16, x17, lsl #3]     // the table page
    cbz     x16, slow_esr
    ubfx    x17, x0, #32, #THREAD_TABLE_PER_PAGE_LOG2
    ldr     x16, [x16, x17, lsl #3]     // x16 = the partner's Tcb
    cbz     x16, slow_esr
    ldr     x17, [x16, #TCB_GLOBAL_ID]
    cmp     x17, x0
    b.ne    slow_esr

check_6:
    // The word state, fast_resumable, user_ipc, halt_requested in one
    // compare: waiting_receive, resumable, no halt request (user_ipc is 1
    // whenever fast_resumable is: fast_resumable_wait needs it).
    ldr     w12, [x16, #TCB_STATE]
    mov     w17, #(WAITING_RESUMABLE & 0xffff)
    movk    w17, #(WAITING_RESUMABLE >> 16), lsl #16
    cmp     w12, w17
    b.ne    slow_esr

    stp     x29, x30, [sp, #UF_X(29)]
check_7:
    mov     x15, sp
    and     x15, x15, #TCB_BLOCK_MASK   // x15 = the caller's Tcb (the block of this stack)
    add     x11, x15, #TCB_HIGH
    // x0 = the caller's global id (kept: 'from'); x13 = the word with its
    // state, priority and (bits 63..32) CPU, for check 8.
    ldp     x0, x13, [x11, #TCB_GLOBAL_ID - TCB_HIGH]
    ldr     x17, [x16, #TCB_RECV_SPEC]
    cmn     x17, #1                     // anythread
    ccmp    x17, x0, #4, ne             // or else the caller's global id
    b.ne    slow_restore

check_8:
    ldr     w17, [x16, #TCB_CPU]
    cmp     x17, x13, lsr #32           // the caller runs on its own CPU
    b.ne    slow_restore

check_9:
.if TCB_IRQ_PENDING == TCB_SENDQ_HEAD + 8 && TCB_SENDQ_HEAD - TCB_HIGH <= 504
    // Both pointers in one load when the Tcb keeps them side by side.
    ldp     x17, x12, [x11, #TCB_SENDQ_HEAD - TCB_HIGH]
    orr     x17, x17, x12
    cbnz    x17, slow_restore
.else
    ldr     x17, [x15, #TCB_SENDQ_HEAD]
    cbnz    x17, slow_restore
    ldr     x17, [x15, #TCB_IRQ_PENDING]  // nor an interrupt (kern/interrupt.cc)
    cbnz    x17, slow_restore
.endif

check_10:
    ldrb    w13, [x15, #TCB_PRIORITY]   // x13 = the priority (kept)
    ldrb    w17, [x16, #TCB_PRIORITY]
    cmp     w13, w17
    b.ne    slow_restore
    // The running caller is not in the ready queue, so no queued thread
    // may have a higher priority: the highest queued priority (-1 if
    // none) is at most the caller's.
    mrs     x12, tpidr_el1              // kern::Cpu_local
    ldr     w14, [x12, #(CPU_LOCAL_READY + READY_TOP)]
    cmp     w14, w13
    b.gt    slow_restore

check_11:
    // The slow path decides where a message from a redirected space goes.
    ldr     x30, [x15, #TCB_SPACE]      // x30 = the caller's space (kept)
    ldr     x12, [x30, #SPACE_REDIRECTOR]
    cbnz    x12, slow_restore

// ---- point of no return -------------------------------------------------------
// x0 = the caller's global id, x11 = caller + TCB_HIGH, x13 = priority,
// x15 = caller, x16 = partner, x30 = the caller's space, sp = the caller's frame.

commit_caller_frame:
    // What the caller's user state needs when it runs again: sp, pc and
    // the thread pointer (x16, x17, x29, x30 are in the frame already).
    // Not NZCV: the flags are undefined after Ipc (docs/fastpath.md).
    mrs     x17, sp_el0
    mrs     x18, elr_el1
    stp     x17, x18, [sp, #UF_SP]
    mrs     x17, tpidr_el0
    str     x17, [sp, #UF_TPIDR]

commit_caller:
    // 1. The caller waits for 'FromSpecifier' as block() would leave it:
    // no deadline (check 4; a running thread has none, so wakeup_us is 0
    // already), fast_resumable = fast_resumable_wait(): its
    // own Ipc (user_ipc), acceptor = UTCB (it is in a user system call), and
    // no halt request (a running thread never has one: halt() halts it at
    // once). ipc_error = 0 and ipc_from = nil as do_ipc starts them: the
    // slow path may finish this wait with an error that sets no 'from'.
    // (ipc_done is read only by the sleeper's own do_ipc, which this wait
    // never returns to.) x11 = the caller's Tcb + TCB_HIGH (check 7).
    mov     w17, #(WAITING_RESUMABLE & 0xffff)
    movk    w17, #(WAITING_RESUMABLE >> 16), lsl #16
    str     w17, [x15, #TCB_STATE]      // state .. halt_requested as one word
    str     x1, [x15, #TCB_RECV_SPEC]
    stp     xzr, xzr, [x11, #TCB_IPC_ERROR - TCB_HIGH]
    // Its kernel context resumes at the stub (which finds its stack
    // itself: the context's sp is left as it was).
    adr     x17, glue_fastpath_resume
    str     x17, [x15, #TCB_CONTEXT + CTX_LR]

commit_partner:
    // 2. The partner runs, as wake() and block() leave it: neither thread
    // is in the ready queue, which holds only threads that do not run.
    // (wake's time-slice refill is not needed: remaining_ticks never is 0
    // for a thread that has run.)
    mrs     x12, tpidr_el1
    mov     w17, #TCB_STATE_RUNNING
    strh    w17, [x16, #TCB_STATE]      // and fast_resumable 0
    str     x16, [x12, #CPU_LOCAL_CURRENT]

commit_message:
    // 3. x3..x10 carry MR0..MR7 as sent (the flag bits are 0: check 2).
    // 'from': the caller's local id in a shared space, else its global id
    // (in x0 already); a different space is activated here
    // (Space::activate). The word after _asid is padding: shifted out.
    ldr     x18, [x16, #TCB_SPACE]
    cmp     x30, x18
    b.eq    same_space
    ldp     x17, x19, [x18, #SPACE_ROOT_PA]
    orr     x17, x17, x19, lsl #48
    msr     ttbr0_el1, x17              // the eret below synchronises it
    cmp     w19, #SPACE_SHARED_ASID
    b.eq    flush_shared_asid

switch_to_partner:
    // 4. FP/SIMD for EL0 only if the partner owns the registers (its
    // context's cpacr, fpu.cc), its kernel stack, its UTCB pointer, then its
    // user state from its frame: the outputs x0, x3..x10 excepted, every
    // register it gets is its own. The frame's pstate is NZCV only
    // (vectors.S), what ExchangeRegisters may have set or the thread's own.
    ldr     x19, [x16, #(TCB_CONTEXT + CTX_CPACR)]
    msr     cpacr_el1, x19
    add     x17, x16, #TCB_BLOCK_SIZE
    sub     sp, x17, #UF_SIZE           // the partner's frame (SP_EL1 stays there)
    load_user_return_state x17, x18
    ldr     x17, [sp, #UF_TPIDRRO]
    msr     tpidrro_el0, x17
    ldp     x1, x2, [sp, #UF_X(1)]
    ldp     x11, x12, [sp, #UF_X(11)]
    ldp     x13, x14, [sp, #UF_X(13)]
    ldp     x15, x16, [sp, #UF_X(15)]
    ldp     x17, x18, [sp, #UF_X(17)]
    ldp     x19, x20, [sp, #UF_X(19)]
    ldp     x21, x22, [sp, #UF_X(21)]
    ldp     x23, x24, [sp, #UF_X(23)]
    ldp     x25, x26, [sp, #UF_X(25)]
    ldp     x27, x28, [sp, #UF_X(27)]
    ldp     x29, x30, [sp, #UF_X(29)]
    eret
    dsb     nsh                         // no speculation past eret
    isb
    .ltorg                              // check 5's table address

// Out of line: caller and partner share a space (nothing to activate).
same_space:
    ldr     x0, [x15, #TCB_UTCB_UVA]
    add     x0, x0, #WALNUT_UTCB_MR0_OFFSET
    b       switch_to_partner

// Out of line: the partner's space shares the last ASID (Space::activate).
flush_shared_asid:
    lsl     x19, x19, #48
    dsb     ishst
    tlbi    aside1is, x19
    dsb     ish
    isb
    b       switch_to_partner

// A check failed: x0 = 'to' (= the partner's global id, check 5) and x30
// back if they were used, then the slow path from the start (it reads
// none of x11..x18).
slow_restore:
    ldr     x0, [x16, #TCB_GLOBAL_ID]
    ldr     x30, [sp, #UF_X(30)]
slow_esr:
    b       glue_ipc_slow

// glue_fastpath_resume: the kernel context of a caller the fast path put to
// sleep (commit_caller); the slow path's switch_context enters it, on the
// caller's kernel stack with an sp of no meaning, once the slow path has
// finished the caller's IPC (a message, an error, a cancel). Sets sp to
// the frame and completes the call as glue_ipc_slow does after sys_ipc
// ('from' into x0, MR0..MR7 from the UTCB into x3..x10, x1, x2, x11..x18,
// x29, x30 and the special registers from the frame), but x19..x28 come
// from the frame too: the registers hold whatever the kernel context had.
// The frame's x1, x2, x11..x28 are the thread's own of an earlier entry;
// x29 and x30 its own, saved by check 6.
    .global glue_fastpath_resume
glue_fastpath_resume:
    mrs     x9, tpidr_el1
    ldr     x9, [x9, #CPU_LOCAL_CURRENT]
    add     x9, x9, #TCB_BLOCK_SIZE
    sub     sp, x9, #UF_SIZE
    mov     x29, #0
    bl      _ZN4kern20ipc_complete_blockedEv   // x0 = from
    ldp     x19, x20, [sp, #UF_X(19)]
    ldp     x21, x22, [sp, #UF_X(21)]
    ldp     x23, x24, [sp, #UF_X(23)]
    ldp     x25, x26, [sp, #UF_X(25)]
    ldp     x27, x28, [sp, #UF_X(27)]
    b       glue_ipc_return
