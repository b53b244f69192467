// SPDX-License-Identifier: BSD-2-Clause
// Interrupt threads (x2-api 4.3 step 3, 7.4): association and its errors,
// delivery of a real device interrupt as IPC, masking until the handler
// acknowledges, pending interrupts, deletion of the handler. The device is
// the console UART: its transmitter-empty interrupt can be raised and
// lowered at will (16550 IER.ETBEI, PL011 IMSC.TXIM), so every case
// controls exactly when the line is asserted. docs/interrupts.md.
#include <l4/sigma0.h>

#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

// ---- The device ---------------------------------------------------------------------

#if defined(__x86_64__)
constexpr L4_Word_t uart_line = 4;       // COM1, ISA IRQ 4 = GSI 4 (edge)
constexpr L4_Word_t uart_base = 0x3F8;   // I/O ports: needs IOPL (privileged space)
#elif defined(__aarch64__)
constexpr L4_Word_t uart_line = 33;      // PL011, SPI 1 (level)
constexpr L4_Word_t uart_base = 0x09000000;
#else
constexpr L4_Word_t uart_line = 10;      // 16550, PLIC source 10 (level)
constexpr L4_Word_t uart_base = 0x10000000;
#endif

constexpr L4_Word_t irq_tag = 0xFFFFFFFFFFF00000ul;   // label -1 (upper bits), u = t = 0
constexpr L4_Word_t err_no_partner_send = 2 << 1;
constexpr L4_Word_t err_no_partner_receive = (2 << 1) | 1;
constexpr L4_Word_t err_timeout_receive = (1 << 1) | 1;

L4_ThreadId_t irq_thread() { return L4_GlobalId(uart_line, 1); }

#if defined(__x86_64__)
unsigned char io_in(L4_Word_t reg)
{
    unsigned char v;
    asm volatile("inb %w1, %0" : "=a"(v) : "Nd"(static_cast<unsigned short>(uart_base + reg)));
    return v;
}
void io_out(L4_Word_t reg, unsigned char v)
{
    asm volatile("outb %0, %w1" ::"a"(v), "Nd"(static_cast<unsigned short>(uart_base + reg)));
}
#elif defined(__aarch64__)
volatile unsigned* pl011(L4_Word_t reg) { return reinterpret_cast<volatile unsigned*>(uart_base + reg); }
#else
volatile unsigned char* ns16550(L4_Word_t reg)
{
    return reinterpret_cast<volatile unsigned char*>(uart_base + reg);
}
#endif

bool map_device()
{
#if defined(__x86_64__)
    return true;
#else
    L4_Fpage_t got = L4_Sigma0_GetPage(env::sigma0_id, L4_FpageLog2(uart_base, 12));
    return expect(!L4_IsNilFpage(got), "sigma0 maps the UART registers");
#endif
}

// Asserts the UART's interrupt line: the transmitter is idle, so enabling
// its interrupt raises it at once.
void raise_line()
{
#if defined(__x86_64__)
    io_out(1, static_cast<unsigned char>(io_in(1) | 0x02));
#elif defined(__aarch64__)
    *pl011(0x38) = *pl011(0x38) | 0x20;
#else
    *ns16550(1) = static_cast<unsigned char>(*ns16550(1) | 0x02);
#endif
}

// Lowers it again (interrupt disabled, the condition cleared).
void lower_line()
{
#if defined(__x86_64__)
    io_out(1, static_cast<unsigned char>(io_in(1) & ~0x02));
    (void)io_in(2);
#elif defined(__aarch64__)
    // Only disabled: the raw TX interrupt stays set (the kernel console
    // keeps setting it), so raise_line asserts the line again at once.
    *pl011(0x38) = *pl011(0x38) & ~0x20u;
#else
    *ns16550(1) = static_cast<unsigned char>(*ns16550(1) & ~0x02);
    (void)*ns16550(2);
#endif
}

// Every case maps the device first and leaves the line lowered and the
// interrupt thread dissociated.
struct Line_guard {
    Line_guard() { mapped = map_device(); }
    bool mapped;
    ~Line_guard()
    {
        if (mapped)
            lower_line();
        (void)L4_DeassociateInterrupt(irq_thread());
    }
};

// An empty message to the interrupt thread: the acknowledgement.
L4_MsgTag_t ack(L4_ThreadId_t irq)
{
    L4_LoadMR(0, 0);
    return L4_Reply(irq);
}

L4_Word_t associate(L4_ThreadId_t irq, L4_ThreadId_t handler)
{
    return L4_AssociateInterrupt(irq, handler);
}

void expect_refused(L4_Word_t result, L4_Word_t error, const char* what)
{
    L4_Word_t got = L4_ErrorCode();
    if (expect_eq(result, 0, what))
        expect_eq(got, error, "ErrorCode");
}

// Receives an interrupt message from irq within timeout_us; false (noted) if not.
bool receive_irq(L4_ThreadId_t irq, L4_Word_t timeout_us, bool open = false)
{
    L4_ThreadId_t from = L4_nilthread;
    L4_MsgTag_t tag = open ? L4_Wait_Timeout(env::us(timeout_us), &from)
                           : L4_Receive_Timeout(irq, env::us(timeout_us));
    if (!open)
        from = L4_IpcFailed(tag) ? L4_nilthread : irq;
    if (!expect(!env::ipc_failed(tag), "an interrupt message arrives")) {
        conf::note("IPC error 0x%lx", L4_ErrorCode());
        return false;
    }
    bool ok = expect_eq(tag.raw & ~L4_Word_t{0xF000}, irq_tag, "MR0: label -1, u = t = 0");
    if (open)
        ok = expect_eq(from.raw, irq.raw, "from = the interrupt thread") && ok;
    return ok;
}

// Nothing arrives from irq within timeout_us (a receive timeout).
void expect_no_irq(L4_ThreadId_t irq, L4_Word_t timeout_us, const char* what)
{
    L4_MsgTag_t tag = L4_Receive_Timeout(irq, env::us(timeout_us));
    if (expect(env::ipc_failed(tag), what))
        expect_eq(L4_ErrorCode(), err_timeout_receive, "ErrorCode: receive timeout");
}

// The line is quiet: like expect_no_irq, but a PLIC keeps a request it
// latched while the line was masked even after the device lowered it
// (docs/interrupts.md): on riscv64 one such message is taken and
// acknowledged first.
void expect_quiet(L4_ThreadId_t irq, const char* what)
{
#if defined(__riscv)
    L4_MsgTag_t tag = L4_Receive_Timeout(irq, env::us(20000));
    if (!env::ipc_failed(tag))
        (void)ack(irq);
#endif
    expect_no_irq(irq, 20000, what);
}

L4_ThreadId_t id_of(L4_Word_t raw)
{
    L4_ThreadId_t t;
    t.raw = raw;
    return t;
}

// Run in a client (an unprivileged space): ThreadControl with in[0..4].
unsigned run_thread_control(const L4_Word_t* in, L4_Word_t* out)
{
    out[0] = L4_ThreadControl(id_of(in[0]), id_of(in[1]), id_of(in[2]), id_of(in[3]),
                              reinterpret_cast<void*>(in[4]));
    out[1] = L4_ErrorCode();
    return 2;
}

// Thread bodies ------------------------------------------------------------------------

void park_thread(L4_Word_t) { env::park(); }

// Waits (closed) up to 2 s for an interrupt and reports tag and ErrorCode.
void wait_for_irq(L4_Word_t)
{
    L4_MsgTag_t tag = L4_Receive_Timeout(irq_thread(), env::us(2000000));
    env::signal_main(tag.raw, L4_IpcFailed(tag) ? L4_ErrorCode() : 0);
}

// Takes one message from main, then reports.
void take_from_main(L4_Word_t)
{
    (void)L4_Receive(main_id);
    env::signal_main();
}

// A server that answers one call with a zero-timeout Reply once main is
// blocked sending to it (so the caller is blocked sending when its message
// is taken).
volatile L4_Word_t reply_failed;

void late_server(L4_Word_t)
{
    env::wait_for_state(main_id, L4_SCHEDRESULT_PENDING_SEND, "main blocks sending to the server");
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    L4_LoadMR(0, 0);
    reply_failed = env::ipc_failed(tag) || env::ipc_failed(L4_Reply(from)) ? 1 : 0;
    env::park();
}

// Handler of higher priority: takes one interrupt, notes it, serves the
// device and acknowledges.
volatile L4_Word_t handler_ran;

void serve_one_irq(L4_Word_t)
{
    L4_MsgTag_t tag = L4_Receive_Timeout(irq_thread(), env::us(2000000));
    handler_ran = 1;
    lower_line();
    (void)ack(irq_thread());
    env::signal_main(tag.raw, L4_IpcFailed(tag) ? L4_ErrorCode() : 0);
}

// Lower priority than the handler: raises the line and counts how long it
// still runs before the handler has taken the interrupt.
void raise_and_count(L4_Word_t)
{
    L4_Word_t spins = 0;
    raise_line();
    while (!handler_ran && spins < 100000000)
        spins++;
    env::signal_main(spins);
}

#if defined(__x86_64__)
// Run in a client (an unprivileged space): port input.
unsigned run_port_input(const L4_Word_t*, L4_Word_t* out)
{
    out[0] = io_in(5);
    return 1;
}
#endif

// Cases --------------------------------------------------------------------------------

void associate_dissociate()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    expect_eq(associate(irq, main_id), 1, "AssociateInterrupt(uart, main)");
    expect_eq(associate(irq, main_id), 1, "associating the same handler again");
    expect_eq(associate(irq, L4_MyLocalId()), 1, "the handler as a local id");
    expect_eq(L4_DeassociateInterrupt(irq), 1, "DeassociateInterrupt");
    expect_eq(L4_DeassociateInterrupt(irq), 1, "dissociating a free line again");
}

void err_no_privilege()
{
    Line_guard guard;
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_ThreadId_t irq = irq_thread();
    L4_Word_t in[5] = {irq.raw, irq.raw, L4_nilthread.raw, c.raw, ~L4_Word_t{0}};
    L4_Word_t out[2];
    if (expect(env::client_run(c, run_thread_control, 5, in, out, 2), "client ran ThreadControl")) {
        expect_eq(out[0], 0, "association from an unprivileged space fails");
        expect_eq(out[1], L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    // It did not happen: main is not the handler either way, and the
    // client is not: acknowledging as main fails.
    L4_MsgTag_t tag = ack(irq);
    if (expect(env::ipc_failed(tag), "no association was made"))
        expect_eq(L4_ErrorCode(), err_no_partner_send, "ErrorCode: no partner");
}

void err_wrong_version()
{
    Line_guard guard;
    expect_refused(associate(L4_GlobalId(uart_line, 2), main_id), L4_ErrInvalidThread,
                   "interrupt thread with version 2");
    expect_refused(associate(L4_GlobalId(uart_line, 0x3F), main_id), L4_ErrInvalidThread,
                   "interrupt thread with version 0x3f");
    expect_refused(L4_DeassociateInterrupt(L4_GlobalId(uart_line, 2)), L4_ErrInvalidThread,
                   "dissociating version 2");
}

void err_bad_handler()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    expect_refused(associate(irq, env::fresh_id()), L4_ErrInvalidThread, "handler does not exist");
    expect_refused(associate(irq, L4_nilthread), L4_ErrInvalidThread, "handler nilthread");
    expect_refused(associate(irq, env::with_version(main_id, L4_Version(main_id) + 1)),
                   L4_ErrInvalidThread, "handler: main with another version");
    expect_refused(associate(irq, L4_GlobalId(env::facts.system_base, 1)), L4_ErrInvalidThread,
                   "handler: a kernel thread");
    expect_refused(associate(irq, L4_GlobalId(uart_line + 1, 1)), L4_ErrInvalidThread,
                   "handler: another interrupt thread");
    expect_refused(associate(irq, L4_anythread), L4_ErrInvalidThread, "handler: anythread");
}

void err_kernel_lines()
{
    Line_guard guard;
    // Lines the kernel keeps (docs/interrupts.md, per board): none on pc;
    // SGIs and PPIs (the timer) on GIC; source 0 on the PLIC.
#if defined(__x86_64__)
    const L4_Word_t* lines = nullptr;
    unsigned count = 0;
    expect(env::facts.system_base >= 16, "SystemBase covers the ISA lines");
#elif defined(__aarch64__)
    static const L4_Word_t lines[] = {0, 15, 27, 30, 31};
    unsigned count = 5;
#else
    static const L4_Word_t lines[] = {0};
    unsigned count = 1;
#endif
    for (unsigned i = 0; i < count; i++)
        expect_refused(associate(L4_GlobalId(lines[i], 1), main_id), L4_ErrInvalidThread,
                       "a line the kernel keeps");
    expect(uart_line < env::facts.system_base, "the UART's line is below SystemBase");
    expect_refused(associate(L4_GlobalId(env::facts.system_base, 1), main_id), L4_ErrInvalidThread,
                   "SystemBase itself is a kernel thread");
}

void err_ack_not_handler()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    L4_MsgTag_t tag = ack(irq);
    if (expect(env::ipc_failed(tag), "acknowledging a free line fails"))
        expect_eq(L4_ErrorCode(), err_no_partner_send, "ErrorCode: no partner, send phase");
    L4_ThreadId_t w = env::spawn(park_thread, 0);
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    expect_eq(associate(irq, w), 1, "associate with the worker");
    tag = ack(irq);
    if (expect(env::ipc_failed(tag), "acknowledging another thread's line fails"))
        expect_eq(L4_ErrorCode(), err_no_partner_send, "ErrorCode: no partner, send phase");
}

void err_receive_not_handler()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    L4_MsgTag_t tag = L4_Receive_Timeout(irq, env::us(500000));
    if (expect(env::ipc_failed(tag), "closed receive from a free interrupt thread fails"))
        expect_eq(L4_ErrorCode(), err_no_partner_receive, "ErrorCode: no partner (not a timeout)");
    L4_ThreadId_t w = env::spawn(park_thread, 0);
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    expect_eq(associate(irq, w), 1, "associate with the worker");
    tag = L4_Receive_Timeout(irq, env::us(500000));
    if (expect(env::ipc_failed(tag), "closed receive from another thread's interrupt fails"))
        expect_eq(L4_ErrorCode(), err_no_partner_receive, "ErrorCode: no partner (not a timeout)");
}

void nothing_pending_times_out()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    lower_line();
    expect_quiet(irq, "a quiet line sends nothing");
    L4_MsgTag_t tag = L4_Receive_Timeout(irq, L4_ZeroTime);
    if (expect(env::ipc_failed(tag), "zero timeout, nothing pending"))
        expect_eq(L4_ErrorCode(), err_timeout_receive, "ErrorCode: receive timeout");
    expect(!env::ipc_failed(ack(irq)), "acknowledging with nothing in service succeeds");
}

void delivery_closed_wait()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    raise_line();
    receive_irq(irq, 1000000);
    lower_line();
    expect(!env::ipc_failed(ack(irq)), "acknowledgement (Reply to the interrupt thread)");
}

void masked_until_acknowledged()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    raise_line();
    if (!receive_irq(irq, 1000000))
        return;
    // The device still asserts its line (level) or raises it again (edge):
    // no message until the handler acknowledges.
    lower_line();
    raise_line();
    expect_no_irq(irq, 50000, "no second message before the acknowledgement");
    // Call = acknowledge, then wait for the next one: it comes at once.
    L4_LoadMR(0, 0);
    L4_MsgTag_t tag = L4_Call_Timeouts(irq, L4_Never, env::us(1000000));
    if (expect(!env::ipc_failed(tag), "Call(irq): acknowledged, the next interrupt arrives"))
        expect_eq(tag.raw & ~L4_Word_t{0xF000}, irq_tag, "MR0: label -1, u = t = 0");
    lower_line();
    expect(!env::ipc_failed(ack(irq)), "acknowledgement");
    expect_quiet(irq, "quiet after the last acknowledgement");
}

void open_wait_receives()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    raise_line();
    receive_irq(irq, 1000000, true);
    lower_line();
    expect(!env::ipc_failed(ack(irq)), "acknowledgement");
}

void pending_while_busy()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    L4_ThreadId_t w = env::spawn(take_from_main, 0, 0, false);
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    // The interrupt fires while main is not receiving from it: remembered.
    raise_line();
    env::sleep_us(20000);   // a closed wait on main itself: does not take it
    lower_line();
    expect(env::start_thread(w), "worker started");
    L4_LoadMR(0, 0);
    L4_MsgTag_t tag = L4_Send_Timeout(w, env::us(env::wait_us));
    expect(!env::ipc_failed(tag), "message to the worker");
    expect(env::wait_done(w), "a closed wait on the worker gets the worker's message");
    tag = L4_Receive_Timeout(irq, L4_ZeroTime);
    if (expect(!env::ipc_failed(tag), "the pending interrupt arrives even with a zero timeout"))
        expect_eq(tag.raw & ~L4_Word_t{0xF000}, irq_tag, "MR0: label -1, u = t = 0");
    expect(!env::ipc_failed(ack(irq)), "acknowledgement");
    expect_quiet(irq, "delivered once only");
}

void pending_before_reply_wait()
{
    // ReplyWait with an interrupt pending: the receive phase takes the
    // interrupt. Both sides would qualify for the IPC fast path otherwise.
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    // The worker has main's priority (the root task's 255), so the fast
    // path would take the IPC.
    L4_ThreadId_t w = env::spawn(take_from_main, 0, 255);
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "the worker waits for main");
    raise_line();
    env::sleep_us(10000);
    lower_line();
    L4_ThreadId_t from = L4_nilthread;
    L4_LoadMR(0, 0);   // an empty message
    L4_MsgTag_t tag = L4_ReplyWait(w, &from);
    if (expect(!env::ipc_failed(tag), "ReplyWait succeeds")) {
        expect_eq(from.raw, irq.raw, "it receives the pending interrupt");
        expect_eq(tag.raw & ~L4_Word_t{0xF000}, irq_tag, "MR0: label -1, u = t = 0");
    }
    expect(env::wait_done(w), "the worker got main's message");
    expect(!env::ipc_failed(ack(irq)), "acknowledgement");
}

void call_with_interrupt_pending()
{
    // A handler with a pending interrupt calls a server. The server takes
    // the call and replies with a zero timeout: the caller must already be
    // in its receive phase (the pending interrupt does not interfere).
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped || !expect_eq(associate(irq, main_id), 1, "associate"))
        return;
    expect_quiet(irq, "quiet line");
    reply_failed = 2;
    L4_ThreadId_t w = env::spawn(late_server, 0, 255);   // main's priority: no preemption
    if (!expect(!L4_IsNilThread(w), "a server"))
        return;
    raise_line();
    env::sleep_us(5000);   // pending now (a closed wait on main itself)
    lower_line();
    L4_LoadMR(0, 0);
    L4_MsgTag_t tag = L4_Call_Timeouts(w, env::us(1000000), env::us(1000000));
    expect(!env::ipc_failed(tag), "the call gets the server's reply");
    expect_eq(reply_failed, 0, "the server's zero-timeout reply found the caller waiting");
    tag = L4_Receive_Timeout(irq, L4_ZeroTime);
    if (expect(!env::ipc_failed(tag), "the interrupt is still pending after the call"))
        expect_eq(tag.raw & ~L4_Word_t{0xF000}, irq_tag, "MR0: label -1, u = t = 0");
    expect(!env::ipc_failed(ack(irq)), "acknowledgement");
}

void handler_deleted()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped)
        return;
    L4_ThreadId_t w = env::spawn(park_thread, 0);
    if (!expect(!L4_IsNilThread(w), "a worker") || !expect_eq(associate(irq, w), 1, "associate"))
        return;
    raise_line();             // pending for the parked worker
    env::sleep_us(10000);
    expect(env::kill(w), "the handler is deleted");
    lower_line();
    L4_MsgTag_t tag = ack(irq);
    if (expect(env::ipc_failed(tag), "the line was forgotten: acknowledging fails"))
        expect_eq(L4_ErrorCode(), err_no_partner_send, "ErrorCode: no partner");
    // The line works again for a new handler, with nothing left over.
    if (!expect_eq(associate(irq, main_id), 1, "associate with main"))
        return;
    expect_quiet(irq, "no stale interrupt from the deleted handler's time");
    raise_line();
    receive_irq(irq, 1000000);
    lower_line();
    expect(!env::ipc_failed(ack(irq)), "acknowledgement");
}

void dissociate_fails_waiting_handler()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    L4_ThreadId_t w = env::spawn(wait_for_irq, 0, 0, false);
    if (!expect(!L4_IsNilThread(w), "a worker") || !expect_eq(associate(irq, w), 1, "associate"))
        return;
    expect(env::start_thread(w), "worker started");
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "it waits for its interrupt");
    expect_eq(L4_DeassociateInterrupt(irq), 1, "dissociate");
    L4_Word_t got[3];
    if (expect(env::wait_done(w, got), "the worker reports")) {
        expect(got[0] & 0x8000, "its closed wait on the interrupt thread failed");
        expect_eq(got[1], err_no_partner_receive, "with no partner (not its timeout)");
    }
}

void reassociate_fails_waiting_handler()
{
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    L4_ThreadId_t w = env::spawn(wait_for_irq, 0, 0, false);
    if (!expect(!L4_IsNilThread(w), "a worker") || !expect_eq(associate(irq, w), 1, "associate"))
        return;
    expect(env::start_thread(w), "worker started");
    env::wait_for_state(w, L4_SCHEDRESULT_WAITING, "it waits for its interrupt");
    expect_eq(associate(irq, main_id), 1, "the line goes to main");
    L4_Word_t got[3];
    if (expect(env::wait_done(w, got), "the old handler reports")) {
        expect(got[0] & 0x8000, "its closed wait on the interrupt thread failed");
        expect_eq(got[1], err_no_partner_receive, "with no partner (not its timeout)");
    }
    expect(!env::ipc_failed(ack(irq)), "main may acknowledge now");
}

void handler_preempts()
{
    // Main waits; the handler (priority 120) waits for the interrupt; a
    // thread of priority 80 raises the line. The handler's wake-up must
    // preempt it at once, not at the next timer tick.
    Line_guard guard;
    L4_ThreadId_t irq = irq_thread();
    if (!guard.mapped)
        return;
    handler_ran = 0;
    L4_ThreadId_t h = env::spawn(serve_one_irq, 0, 120, false);
    L4_ThreadId_t t = env::spawn(raise_and_count, 0, 80, false);
    if (!expect(!L4_IsNilThread(h) && !L4_IsNilThread(t), "two workers") ||
        !expect_eq(associate(irq, main_id), 1, "associate with main"))
        return;
    expect_quiet(irq, "quiet line");
    if (!expect_eq(associate(irq, h), 1, "associate with the handler"))
        return;
    expect(env::start_thread(h), "handler started");
    env::wait_for_state(h, L4_SCHEDRESULT_WAITING, "the handler waits for its interrupt");
    expect(env::start_thread(t), "raising thread started");
    L4_Word_t got[3];
    if (expect(env::wait_done(h, got), "the handler reports"))
        expect_eq(got[0] & ~L4_Word_t{0xF000}, irq_tag, "it received the interrupt");
    if (expect(env::wait_done(t, got), "the raising thread reports")) {
        conf::note("%lu loop iterations before the handler ran", got[0]);
        expect(got[0] < 1000, "the handler preempted the lower-priority thread at once");
    }
}

void io_ports_privileged_only()
{
#if defined(__x86_64__)
    // docs/abi-x86_64.md: threads of privileged spaces get port I/O (IOPL 3)
    // on first use; others get #GP (a user fault: protection fault).
    unsigned char lsr = io_in(5);
    expect(lsr != 0xFF, "the root task reads the UART's line status register");
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_Word_t out[1] = {0};
    expect(!env::client_run(c, run_port_input, 0, nullptr, out, 1),
           "a client's port input faults (no answer)");
    (void)env::client_last_failure();
#else
    conf::skip("port I/O exists on x86_64 only");
#endif
}

const conf::Case cases[] = {
    {"associate_dissociate", associate_dissociate},
    {"err_no_privilege", err_no_privilege},
    {"err_wrong_version", err_wrong_version},
    {"err_bad_handler", err_bad_handler},
    {"err_kernel_lines", err_kernel_lines},
    {"err_ack_not_handler", err_ack_not_handler},
    {"err_receive_not_handler", err_receive_not_handler},
    {"nothing_pending_times_out", nothing_pending_times_out},
    {"delivery_closed_wait", delivery_closed_wait},
    {"masked_until_acknowledged", masked_until_acknowledged},
    {"open_wait_receives", open_wait_receives},
    {"pending_while_busy", pending_while_busy},
    {"pending_before_reply_wait", pending_before_reply_wait},
    {"call_with_interrupt_pending", call_with_interrupt_pending},
    {"handler_deleted", handler_deleted},
    {"dissociate_fails_waiting_handler", dissociate_fails_waiting_handler},
    {"reassociate_fails_waiting_handler", reassociate_fails_waiting_handler},
    {"handler_preempts", handler_preempts},
    {"io_ports_privileged_only", io_ports_privileged_only},
};

}  // namespace

const conf::Group interrupt_group = {"interrupt", cases, sizeof cases / sizeof cases[0]};
