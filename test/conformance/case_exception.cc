// SPDX-License-Identifier: BSD-2-Clause
// Exception IPC (x2-api 7.2, amd64 binding section 9, docs/abi-<arch>.md):
// user exceptions other than page faults reach the thread's ExceptionHandler
// as a call carrying the registers; the reply sets them. Written once
// against <l4/exception.h>; each architecture supplies a few faulting
// routines below.
#include <l4/exception.h>
#include <l4/kdebug.h>
#include <l4/kip.h>

#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

// Faulting routines, one per kind of exception. Each has a label *_at on the
// instruction that traps (or, for exc_trap on aarch64, the aligned target
// of the misaligned jump). They take one word argument and return the
// result register, so a reply that changes it is visible.
extern "C" {
L4_Word_t exc_ud(L4_Word_t);        // undefined instruction
L4_Word_t exc_bp(L4_Word_t);        // breakpoint instruction
L4_Word_t exc_priv(L4_Word_t);      // privileged instruction
L4_Word_t exc_trap(L4_Word_t);      // x86 divide by zero; aarch64 misaligned pc;
                                    // riscv64 misaligned AMO
L4_Word_t exc_data(L4_Word_t);      // x86 non-canonical access (#GP); aarch64
                                    // misaligned ldxr; riscv64 misaligned lr.d
L4_Word_t exc_sys(L4_Word_t);       // unknown system call number
L4_Word_t exc_regs(L4_Word_t);      // result = arg, second register = arg ^ 0x5a5a
L4_Word_t exc_flags(L4_Word_t*);    // stores flags (riscv64: tp) before, returns them after
extern char exc_ud_at[], exc_bp_at[], exc_priv_at[], exc_trap_at[], exc_data_at[], exc_sys_at[],
    exc_regs_at[], exc_flags_at[];
}

#if defined(L4_ARCH_AMD64)
asm(R"(
    .text
    .globl exc_ud, exc_ud_at, exc_bp, exc_bp_at, exc_priv, exc_priv_at, exc_trap, exc_trap_at
    .globl exc_data, exc_data_at, exc_sys, exc_sys_at, exc_regs, exc_regs_at, exc_flags, exc_flags_at
exc_ud:     mov %rdi, %rax
exc_ud_at:  ud2
            ret
exc_bp:     mov %rdi, %rax
exc_bp_at:  int3
            ret                         # not cmpb/jmp/nop: no KDB call
exc_priv:   mov %rdi, %rax
exc_priv_at: hlt
            ret
exc_trap:   xor %edx, %edx
            mov %edi, %eax
            xor %ecx, %ecx
exc_trap_at: div %ecx
            ret
exc_data:   movabs $0x8000000000000000, %rax
exc_data_at: mov (%rax), %rax
            ret
exc_sys:    mov $0x7ff, %eax
exc_sys_at: syscall
            mov %rdi, %rax
            ret
exc_regs:   mov %rdi, %rax
            mov %rdi, %rdx
            xor $0x5a5a, %rdx
exc_regs_at: ud2
            ret
exc_flags:  pushfq
            popq %rdx
            movq %rdx, (%rdi)
exc_flags_at: ud2
            pushfq
            popq %rax
            ret
)");
constexpr L4_Word_t len_ud = 2, len_priv = 1, len_trap = 2, len_data = 3, len_sys = 2;
constexpr L4_Word_t ip_off_trap = 0;      // the trap is reported at exc_trap_at + this
constexpr unsigned second_mr = L4_EXC_RDX;
constexpr L4_Word_t code_ud = 6, code_bp = 3, code_priv = 13, code_trap = 0, code_data = 13,
                    code_sys = 0x100;     // the SYSCALL pseudo-vector
constexpr L4_Word_t code_trap_alt = code_trap;
constexpr int kind_priv = L4_EXC_KIND_PROTECTION, kind_trap = L4_EXC_KIND_ARITHMETIC,
              kind_data = L4_EXC_KIND_PROTECTION;
constexpr L4_Word_t code_kdb = 3, len_kdb = 2;   // #BP after the int3; skip the cmpb
inline L4_Word_t code_of(L4_Word_t c) { return c; }
#elif defined(L4_ARCH_AARCH64)
asm(R"(
    .text
    .globl exc_ud, exc_ud_at, exc_bp, exc_bp_at, exc_priv, exc_priv_at, exc_trap, exc_trap_at
    .globl exc_data, exc_data_at, exc_sys, exc_sys_at, exc_regs, exc_regs_at, exc_flags, exc_flags_at
    .balign 4
exc_ud:
exc_ud_at:  udf #0
            ret
exc_bp:
exc_bp_at:  brk #0x77
            ret
exc_priv:
exc_priv_at: mrs x1, sctlr_el1
            ret
exc_trap:   adr x1, exc_trap_at
            add x1, x1, #2
            br x1
exc_trap_at: ret
exc_data:   add x1, x0, #1
exc_data_at: ldxr x2, [x1]
            ret
exc_sys:
exc_sys_at: svc #0x7ff
            ret
exc_regs:   mov x10, #0x5a5a
            eor x9, x0, x10
exc_regs_at: udf #0
            ret
exc_flags:  mrs x1, nzcv
            str x1, [x0]
exc_flags_at: udf #0
            mrs x0, nzcv
            ret
)");
constexpr L4_Word_t len_ud = 4, len_priv = 4, len_trap = L4_Word_t(-2), len_data = 4, len_sys = 4;
constexpr L4_Word_t ip_off_trap = 2;      // the misaligned pc itself
constexpr unsigned second_mr = L4_EXC_X(9);
constexpr L4_Word_t code_ud = 0x00, code_bp = 0x3c, code_priv = 0x00, code_trap = 0x22,
                    code_data = 0x24, code_sys = 0x15;   // exception classes
constexpr L4_Word_t code_trap_alt = code_trap;
constexpr int kind_priv = L4_EXC_KIND_ILLEGAL, kind_trap = L4_EXC_KIND_ALIGNMENT,
              kind_data = L4_EXC_KIND_ALIGNMENT;
constexpr L4_Word_t code_kdb = 0x15, len_kdb = 4;   // at the svc
inline L4_Word_t code_of(L4_Word_t esr) { return (esr >> 26) & 0x3f; }
#elif defined(L4_ARCH_RISCV64)
asm(R"(
    .text
    .option push
    .option norvc
    .globl exc_ud, exc_ud_at, exc_bp, exc_bp_at, exc_priv, exc_priv_at, exc_trap, exc_trap_at
    .globl exc_data, exc_data_at, exc_sys, exc_sys_at, exc_regs, exc_regs_at, exc_flags, exc_flags_at
    .balign 4
exc_ud:
exc_ud_at:  unimp
            ret
exc_bp:
exc_bp_at:  ebreak
            ret
exc_priv:
exc_priv_at: csrr a1, sstatus
            ret
exc_trap:   addi a1, a0, 1
exc_trap_at: amoadd.d a2, a2, (a1)
            ret
exc_data:   addi a1, a0, 1
exc_data_at: lr.d a2, (a1)
            ret
exc_sys:    li t0, 0x7ff
exc_sys_at: ecall
            ret
exc_regs:   li t1, 0x5a5a
            xor a7, a0, t1
exc_regs_at: unimp
            ret
exc_flags:  sd tp, 0(a0)
exc_flags_at: unimp
            mv a0, tp
            ret
    .option pop
)");
constexpr L4_Word_t len_ud = 4, len_priv = 4, len_trap = 4, len_data = 4, len_sys = 4;
constexpr L4_Word_t ip_off_trap = 0;
constexpr unsigned second_mr = L4_EXC_X(17);   // a7
constexpr L4_Word_t code_ud = 2, code_bp = 3, code_priv = 2, code_trap = 6, code_data = 4,
                    code_sys = 8;
// QEMU 7.2 reports a misaligned AMO as a misaligned load (4), not the
// store/AMO cause (6) the privileged spec names.
constexpr L4_Word_t code_trap_alt = 4;
constexpr int kind_priv = L4_EXC_KIND_ILLEGAL, kind_trap = L4_EXC_KIND_ALIGNMENT,
              kind_data = L4_EXC_KIND_ALIGNMENT;
constexpr L4_Word_t code_kdb = 8, len_kdb = 4;      // at the ecall
inline L4_Word_t code_of(L4_Word_t c) { return c; }
#endif

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t len_bp = L4_EXC_BREAKPOINT_IP_AFTER ? 0 : 4;
constexpr L4_Word_t ip_off_bp = L4_EXC_BREAKPOINT_IP_AFTER ? 1 : 0;
constexpr L4_Word_t done_word = 0xE0D0;

// ---- The handler thread ------------------------------------------------------------

/// What the handler does with the n-th message (n from 1): edits mr[] and
/// returns how many words to reply with, or -1 for no reply.
using Action = int (*)(L4_Word_t* mr, unsigned n);

struct Log {
    volatile unsigned count;
    L4_Word_t tag;
    L4_ThreadId_t from;
    L4_Word_t mr[L4_EXC_MR_COUNT + 1];    // of the last message
    L4_Word_t first_ip;
};

Log log;
Action action;
L4_Word_t advance;                        // for act_advance and its relatives
L4_ThreadId_t handler_id;

void handler_loop(L4_Word_t)
{
    for (;;) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait(&from);
        if (env::ipc_failed(tag))
            continue;
        L4_Word_t mr[L4_EXC_MR_COUNT + 1] = {};
        unsigned u = static_cast<unsigned>(L4_UntypedWords(tag));
        if (u > L4_EXC_MR_COUNT)
            u = L4_EXC_MR_COUNT;
        L4_StoreMRs(1, static_cast<int>(u), mr + 1);
        log.tag = tag.raw;
        log.from = from;
        for (unsigned i = 0; i <= L4_EXC_MR_COUNT; i++)
            log.mr[i] = mr[i];
        if (log.count == 0)
            log.first_ip = mr[L4_EXC_IP];
        unsigned n = log.count + 1;
        log.count = n;
        int words = action(mr, n);
        if (words < 0)
            continue;
        L4_LoadMRs(1, words, mr + 1);
        L4_MsgTag_t reply = L4_Niltag;
        reply.raw = static_cast<L4_Word_t>(words);
        L4_Set_MsgTag(reply);
        (void)L4_Reply(from);
    }
}

int act_advance(L4_Word_t* mr, unsigned)
{
    mr[L4_EXC_IP] += advance;
    return L4_EXC_MR_COUNT;
}

// Starts a fresh handler with this action; false (noted) if it could not.
bool start_handler(Action a, L4_Word_t adv = 0)
{
    log = Log{};
    action = a;
    advance = adv;
    handler_id = env::spawn(handler_loop, 0);
    return expect(!L4_IsNilThread(handler_id), "a handler thread");
}

// Waits until the handler has seen n messages (up to wait_us).
bool wait_messages(unsigned n)
{
    L4_Word_t start = env::now_us();
    while (log.count < n) {
        if (env::now_us() - start > env::wait_us)
            return false;
        env::sleep_us(500);
    }
    return true;
}

// ---- Faulting threads ---------------------------------------------------------------

using Fault_fn = L4_Word_t (*)(L4_Word_t);
Fault_fn fault_fn;
L4_Word_t fault_arg;

// Runs fault_fn(fault_arg) with handler_id as its ExceptionHandler, then
// reports its result to main.
void faulting(L4_Word_t with_handler)
{
    if (with_handler)
        L4_Set_ExceptionHandler(handler_id);
    L4_Word_t r = fault_fn(fault_arg);
    env::signal_main(done_word, r, 0);
}

L4_ThreadId_t spawn_faulting(Fault_fn fn, L4_Word_t arg, bool with_handler = true)
{
    fault_fn = fn;
    fault_arg = arg;
    return env::spawn(faulting, with_handler ? 1 : 0);
}

alignas(16) L4_Word_t aligned_words[4];

// The common shape: fn traps once at 'at' (reported IP at + ip_off), the
// handler moves the IP on by len, the thread goes on and reports.
void one_exception(Fault_fn fn, L4_Word_t arg, const char* at, L4_Word_t ip_off, L4_Word_t len,
                   L4_Word_t code, int kind, L4_Word_t code_alt = ~L4_Word_t{0})
{
    if (!start_handler(act_advance, len))
        return;
    L4_ThreadId_t t = spawn_faulting(fn, arg);
    if (!expect(!L4_IsNilThread(t), "a faulting thread"))
        return;
    L4_Word_t got[3];
    bool done = env::wait_done(t, got);
    expect(done, "the thread resumes after the handler's reply");
    if (!expect_eq(log.count, 1, "exactly one exception message"))
        return;
    L4_MsgTag_t tag = {log.tag};
    expect_eq(L4_Label(tag), L4_EXCEPTION_LABEL, "label -5");
    expect_eq(L4_UntypedWords(tag), L4_EXC_MR_COUNT, "u of the architecture's layout");
    expect_eq(L4_TypedWords(tag), 0, "t = 0");
    expect(L4_IsExceptionTag(tag.raw), "L4_IsExceptionTag");
    expect(L4_IsThreadEqual(log.from, t) || L4_IsThreadEqual(L4_GlobalIdOf(log.from), t),
           "sent in the faulting thread's name");
    expect_eq(log.mr[L4_EXC_IP], reinterpret_cast<L4_Word_t>(at) + ip_off, "IP of the exception");
    L4_Word_t got_code = code_of(log.mr[L4_EXC_CODE]);
    if (got_code != code_alt)
        expect_eq(got_code, code, "the architecture's cause code");
    expect_eq(static_cast<L4_Word_t>(L4_Exception_kind(log.mr[L4_EXC_CODE])),
              static_cast<L4_Word_t>(kind), "L4_Exception_kind");
    L4_Word_t top = env::stack_top_of(t);
    expect(log.mr[L4_EXC_SP] < top && log.mr[L4_EXC_SP] > top - 16384, "SP in the thread's stack");
    if (done)
        expect_eq(got[0], done_word, "it ran to its report");
}

// ---- Cases ----------------------------------------------------------------------------

void illegal_instruction()
{
    one_exception(exc_ud, 0x1234, exc_ud_at, 0, len_ud, code_ud, L4_EXC_KIND_ILLEGAL);
}

void breakpoint()
{
    one_exception(exc_bp, 0x1234, exc_bp_at, ip_off_bp, len_bp, code_bp, L4_EXC_KIND_BREAKPOINT);
}

void privileged_instruction()
{
    one_exception(exc_priv, 0x1234, exc_priv_at, 0, len_priv, code_priv, kind_priv);
}

void arch_trap()
{
    one_exception(exc_trap, reinterpret_cast<L4_Word_t>(aligned_words), exc_trap_at, ip_off_trap,
                  len_trap, code_trap, kind_trap, code_trap_alt);
}

void data_access_trap()
{
    one_exception(exc_data, reinterpret_cast<L4_Word_t>(aligned_words), exc_data_at, 0, len_data,
                  code_data, kind_data);
#if !defined(L4_ARCH_AMD64)
    expect_eq(log.mr[L4_EXC_ADDRESS], reinterpret_cast<L4_Word_t>(aligned_words) + 1,
              "the misaligned address");
#endif
}

void unknown_system_call()
{
    one_exception(exc_sys, 0x1234, exc_sys_at, 0, len_sys, code_sys, L4_EXC_KIND_OTHER);
}

void registers_reported()
{
    constexpr L4_Word_t k = 0x0123456789ABCDEFul;
    one_exception(exc_regs, k, exc_regs_at, 0, len_ud, code_ud, L4_EXC_KIND_ILLEGAL);
    expect_eq(log.mr[L4_EXC_RESULT], k, "the result register");
    expect_eq(log.mr[second_mr], k ^ 0x5a5a, "a second register");
}

int act_set_result(L4_Word_t* mr, unsigned)
{
    mr[L4_EXC_IP] += len_ud;
    mr[L4_EXC_RESULT] = 0xFEEDFACE00C0FFEEul;
    return L4_EXC_MR_COUNT;
}

void reply_sets_register()
{
    if (!start_handler(act_set_result))
        return;
    L4_ThreadId_t t = spawn_faulting(exc_regs, 7);
    L4_Word_t got[3];
    if (expect(!L4_IsNilThread(t) && env::wait_done(t, got), "the thread resumes"))
        expect_eq(got[1], 0xFEEDFACE00C0FFEEul, "it sees the register the reply set");
}

int act_all_flags(L4_Word_t* mr, unsigned)
{
    mr[L4_EXC_IP] += len_ud;
#if defined(L4_ARCH_RISCV64)
    mr[L4_EXC_X(4)] = 0xBAD0;            // tp: the kernel's, not taken
#else
    mr[L4_EXC_FLAGS] = ~L4_Word_t{0};
#endif
    return L4_EXC_MR_COUNT;
}

L4_Word_t flags_before;
L4_Word_t run_flags(L4_Word_t)
{
    return exc_flags(&flags_before);
}

void reply_flags_masked()
{
    if (!start_handler(act_all_flags))
        return;
    L4_ThreadId_t t = spawn_faulting(run_flags, 0);
    L4_Word_t got[3];
    if (!expect(!L4_IsNilThread(t) && env::wait_done(t, got), "the thread resumes"))
        return;
    L4_Word_t after = got[1];
#if defined(L4_ARCH_RISCV64)
    expect_eq(after, flags_before, "tp (MyLocalId) is not taken from the reply");
#else
    expect_eq(after & L4_EXC_USER_FLAGS, L4_EXC_USER_FLAGS, "the user flags are all set");
    expect_eq(after & ~L4_EXC_USER_FLAGS, flags_before & ~L4_EXC_USER_FLAGS,
              "no other flag bit changed");
#endif
}

alignas(16) char landing_stack[16384];
extern "C" void exc_landing()
{
    volatile L4_Word_t here = 0;
    env::signal_main(0x1A4D, reinterpret_cast<L4_Word_t>(&here), 0);
    env::park();
}

int act_land(L4_Word_t* mr, unsigned)
{
    mr[L4_EXC_IP] = reinterpret_cast<L4_Word_t>(exc_landing);
    mr[L4_EXC_SP] = env::entry_sp_for(reinterpret_cast<L4_Word_t>(landing_stack + sizeof landing_stack));
    return L4_EXC_MR_COUNT;
}

void reply_sets_ip_sp()
{
    if (!start_handler(act_land))
        return;
    L4_ThreadId_t t = spawn_faulting(exc_ud, 0);
    L4_Word_t got[3];
    L4_Word_t top = reinterpret_cast<L4_Word_t>(landing_stack + sizeof landing_stack);
    if (expect(!L4_IsNilThread(t) && env::wait_done(t, got), "the thread continues")) {
        expect_eq(got[0], 0x1A4D, "at the IP of the reply");
        expect(got[1] < top && got[1] >= top - sizeof landing_stack, "on the SP of the reply");
    }
}

int act_retry_once(L4_Word_t* mr, unsigned n)
{
    if (n == 1)
        return 0;                         // u = 0: registers as they were
    mr[L4_EXC_IP] += len_ud;
    return L4_EXC_MR_COUNT;
}

void empty_reply_reexecutes()
{
    if (!start_handler(act_retry_once))
        return;
    L4_ThreadId_t t = spawn_faulting(exc_ud, 0);
    bool done = expect(!L4_IsNilThread(t) && env::wait_done(t), "the thread resumes");
    expect_eq(log.count, 2, "a reply with u = 0 re-executes the instruction: two exceptions");
    expect_eq(log.first_ip, reinterpret_cast<L4_Word_t>(exc_ud_at), "first at the instruction");
    expect_eq(log.mr[L4_EXC_IP], reinterpret_cast<L4_Word_t>(exc_ud_at), "then again there");
    (void)done;
}

L4_Word_t check_mrs(L4_Word_t)
{
    constexpr unsigned n = 48;
    for (unsigned i = 0; i < n; i++)
        L4_LoadMR(static_cast<int>(i), 0xA000 + i);
    (void)exc_ud(0);
    L4_Word_t bad = 0;
    for (unsigned i = 0; i < n; i++) {
        L4_Word_t v;
        L4_StoreMR(static_cast<int>(i), &v);
        if (v != 0xA000 + i)
            bad++;
    }
    return bad;
}

void mrs_preserved()
{
    if (!start_handler(act_advance, len_ud))
        return;
    L4_ThreadId_t t = spawn_faulting(check_mrs, 0);
    L4_Word_t got[3];
    if (expect(!L4_IsNilThread(t) && env::wait_done(t, got), "the thread resumes")) {
        expect_eq(log.count, 1, "one exception");
        expect_eq(got[1], 0, "MR0..MR47 unchanged across the exception");
    }
}

void halted_without_handler(L4_ThreadId_t t)
{
    env::wait_for_state(t, L4_SCHEDRESULT_INACTIVE, "the faulting thread halts");
    L4_Word_t old;
    expect_eq(L4_Schedule(t, ~0ul, ~0ul, ~0ul, ~0ul, &old), L4_SCHEDRESULT_INACTIVE,
              "Schedule: halted (inactive)");
    L4_Word_t sp, ip, flags;
    L4_ThreadState_t st = L4_Stop_SpIpFlags(t, &sp, &ip, &flags);
    expect(L4_ThreadWasHalted(st), "ExchangeRegisters: H");
    expect_eq(ip, reinterpret_cast<L4_Word_t>(exc_ud_at), "stopped at the instruction");
    // The kernel goes on, and so can the thread once told where.
    L4_Start_SpIp(t, sp, ip + len_ud);
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "resumed past it, it continues"))
        expect_eq(got[0], done_word, "to its report");
}

void no_handler_halts()
{
    L4_ThreadId_t t = spawn_faulting(exc_ud, 0, false);
    if (expect(!L4_IsNilThread(t), "a faulting thread"))
        halted_without_handler(t);
}

void handler_gone_halts()
{
    // An ExceptionHandler that does not exist: the IPC fails (no partner).
    handler_id = env::fresh_id();
    L4_ThreadId_t t = spawn_faulting(exc_ud, 0, true);
    if (expect(!L4_IsNilThread(t), "a faulting thread"))
        halted_without_handler(t);
}

// In a new space: the handler is passed in (the root task's globals need not be shared).
void foreign_faulting(L4_Word_t handler)
{
    L4_ThreadId_t h = {handler};
    L4_Set_ExceptionHandler(h);
    L4_Word_t r = exc_regs(0x77);
    env::signal_main(done_word, r, 0);
    env::park();
}

void other_space()
{
    if (!start_handler(act_advance, len_ud))
        return;
    L4_ThreadId_t t = env::new_space(foreign_faulting, handler_id.raw);
    if (!expect(!L4_IsNilThread(t), "a thread in a new space"))
        return;
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "it resumes after the root task's handler replied"))
        expect_eq(got[1], 0x77, "with its registers");
    if (expect_eq(log.count, 1, "one exception message")) {
        expect(L4_IsThreadEqual(log.from, t), "from its global id");
        expect_eq(log.mr[L4_EXC_IP], reinterpret_cast<L4_Word_t>(exc_regs_at), "its IP");
        expect_eq(log.mr[second_mr], 0x77 ^ 0x5a5a, "its registers");
    }
}


// In a new space: a page fault first (its pager, not the handler), then an
// exception. arg = the handler; the test page address comes in a global
// the root task set before (its image is what the new space runs).
L4_Word_t pf_page;
void fault_then_exception(L4_Word_t handler)
{
    L4_ThreadId_t h = {handler};
    L4_Set_ExceptionHandler(h);
    L4_Word_t v = *reinterpret_cast<volatile L4_Word_t*>(pf_page);
    (void)exc_ud(0);
    env::signal_main(done_word, v, 0);
    env::park();
}

void page_fault_not_exception()
{
    if (!start_handler(act_advance, len_ud))
        return;
    env::fill_page(0, 0x77);
    pf_page = env::test_page(0);
    unsigned mark = env::fault_mark();
    L4_ThreadId_t t = env::new_space(fault_then_exception, handler_id.raw);
    if (!expect(!L4_IsNilThread(t), "a thread in a new space"))
        return;
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "it runs to its report"))
        expect_eq(got[1], env::pattern(0x77, 0), "the page its pager mapped");
    expect(env::find_fault(mark, t, pf_page) != nullptr, "the page fault went to the pager");
    if (expect_eq(log.count, 1, "the handler saw only the exception"))
        expect_eq(log.mr[L4_EXC_IP], reinterpret_cast<L4_Word_t>(exc_ud_at), "at the undefined instruction");
}


L4_Word_t unknown_kdb_op(L4_Word_t)
{
    return __L4_KDB_Trap(0x7E, 0);   // below WALNUT_KDB_OP_LIMIT, known to no kernel
}

void unclaimed_kdb_op()
{
    if (!start_handler(act_advance, len_kdb))
        return;
    L4_ThreadId_t t = spawn_faulting(unknown_kdb_op, 0);
    bool done = expect(!L4_IsNilThread(t) && env::wait_done(t), "the thread resumes past the trap");
    if (expect_eq(log.count, 1, "a KDB op the kernel does not take is an exception"))
        expect_eq(code_of(log.mr[L4_EXC_CODE]), code_kdb, "with the trap's cause");
    (void)done;
}

volatile double fp_in = 1.25;
L4_Word_t kernel_traps(L4_Word_t)
{
    // KernelInterface (x86_64: 'lock; nop', a #UD) and the first FP
    // instruction (lazy FP switch) are the kernel's own business.
    L4_Word_t version = 0, flags = 0, id = 0;
    void* kip = L4_KernelInterface(&version, &flags, &id);
    volatile double d = fp_in * 4.0;
    return (kip != nullptr ? 1 : 0) + (d == 5.0 ? 2 : 0);
}

void kernel_traps_not_sent()
{
    if (!start_handler(act_advance, len_ud))
        return;
    L4_ThreadId_t t = spawn_faulting(kernel_traps, 0);
    L4_Word_t got[3];
    if (expect(!L4_IsNilThread(t) && env::wait_done(t, got), "the thread runs"))
        expect_eq(got[1], 3, "KernelInterface and FP work");
    expect_eq(log.count, 0, "the handler got nothing");
}

int act_ignore_first(L4_Word_t* mr, unsigned n)
{
    if (n == 1)
        return -1;
    mr[L4_EXC_IP] += len_ud;
    return L4_EXC_MR_COUNT;
}

void cancel_restarts()
{
    if (!start_handler(act_ignore_first))
        return;
    L4_ThreadId_t t = spawn_faulting(exc_ud, 0);
    if (!expect(!L4_IsNilThread(t) && wait_messages(1), "the first exception message"))
        return;
    // The handler took the message and does not answer: the thread waits
    // in the receive phase of its exception IPC.
    L4_Word_t control, sp, ip, flags, handle;
    L4_ThreadId_t pager;
    L4_ThreadId_t r = L4_ExchangeRegisters(t, (1u << 1) | (1u << 2) | (1u << 9), 0, 0, 0, 0,
                                           L4_nilthread, &control, &sp, &ip, &flags, &handle, &pager);
    expect(!L4_IsNilThread(r), "ExchangeRegisters(R S) accepted");
    expect_eq(control & 7, 2, "it was receiving");
    expect(env::wait_done(t), "it goes on");
    expect_eq(log.count, 2, "canceled: the instruction ran again and trapped again");
    expect_eq(log.mr[L4_EXC_IP], log.first_ip, "at the same IP");
}

volatile bool release;
int act_hold_first(L4_Word_t* mr, unsigned n)
{
    if (n == 1)
        while (!release)
            env::sleep_us(500);
    mr[L4_EXC_IP] += len_ud;
    return L4_EXC_MR_COUNT;
}

void halt_during_exception()
{
    release = false;
    if (!start_handler(act_hold_first))
        return;
    L4_ThreadId_t t = spawn_faulting(exc_ud, 0);
    if (!expect(!L4_IsNilThread(t) && wait_messages(1), "the first exception message"))
        return;
    L4_ThreadState_t st = L4_Stop(t);
    expect(L4_ThreadWasReceiving(st), "Stop: it was in its exception IPC");
    release = true;                       // the handler replies now
    env::wait_for_state(t, L4_SCHEDRESULT_INACTIVE, "after the reply the thread is halted");
    st = L4_Stop(t);
    expect(L4_ThreadWasHalted(st) && !L4_ThreadWasIpcing(st), "after the reply: halted, out of IPC");
    L4_Word_t old;
    expect_eq(L4_Schedule(t, ~0ul, ~0ul, ~0ul, ~0ul, &old), L4_SCHEDRESULT_INACTIVE,
              "Schedule: halted");
    L4_Start(t);
    expect(env::wait_done(t), "after Start it continues");
    expect_eq(log.count, 1, "with the reply's registers: no second exception");
}

constexpr conf::Case cases[] = {
    {"illegal_instruction", illegal_instruction},
    {"breakpoint", breakpoint},
    {"privileged_instruction", privileged_instruction},
    {"arch_trap", arch_trap},
    {"data_access_trap", data_access_trap},
    {"unknown_system_call", unknown_system_call},
    {"registers_reported", registers_reported},
    {"reply_sets_register", reply_sets_register},
    {"reply_flags_masked", reply_flags_masked},
    {"reply_sets_ip_sp", reply_sets_ip_sp},
    {"empty_reply_reexecutes", empty_reply_reexecutes},
    {"mrs_preserved", mrs_preserved},
    {"no_handler_halts", no_handler_halts},
    {"handler_gone_halts", handler_gone_halts},
    {"other_space", other_space},
    {"page_fault_not_exception", page_fault_not_exception},
    {"unclaimed_kdb_op", unclaimed_kdb_op},
    {"kernel_traps_not_sent", kernel_traps_not_sent},
    {"cancel_restarts", cancel_restarts},
    {"halt_during_exception", halt_during_exception},
};

}  // namespace

const conf::Group exception_group = {"exception", cases, sizeof cases / sizeof cases[0]};
