// SPDX-License-Identifier: BSD-2-Clause
// IPC redirection (SpaceControl's Redirector, x2-api 4.10) and propagation
// (5.11), with Walnut's decisions on what X.2 leaves open (docs/ipc.md,
// docs/decisions.md). The threads of a case are "actors" that each do one
// scripted IPC when main says go and leave the results in shared memory:
// threads of redirected spaces cannot simply report to main by IPC, that
// IPC would be redirected too. (New spaces run this image, whose pages the
// pager maps shared, so the scripts are the same memory everywhere.)
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t tag_r = 1ul << 13;
constexpr L4_Word_t tag_p = 1ul << 12;
constexpr L4_Word_t label = 0x7ED;
constexpr L4_Word_t err_no_privilege = 1, err_invalid_thread = 2;
constexpr L4_Word_t err_no_partner = 2;  // IPC error code (bits 3..1)

enum Op : L4_Word_t { op_send = 1, op_call, op_wait, op_receive };

// One actor's IPC. After a receive (op_wait / op_receive) it sends one
// more message if 'to' is set (~0: to whom it received from).
struct Script {
    L4_Word_t op;
    L4_Word_t to;
    L4_Word_t spec;        // op_receive: FromSpecifier
    L4_Word_t vs;          // 0, or propagate with this VirtualSender
    L4_Word_t word;        // MR1 of what it sends
    L4_Word_t timeout_us;  // of its IPC (0 = env::wait_us)
    L4_Word_t go;
    L4_Word_t done;
    L4_Word_t me_local;    // its own local id
    // The first IPC.
    L4_Word_t tag, from, error, intended, actual, mr1;
    // The send after a receive.
    L4_Word_t tag2, error2;
};

constexpr unsigned n_scripts = 6;
Script scripts[n_scripts];

L4_ThreadId_t id_of(L4_Word_t raw)
{
    L4_ThreadId_t t;
    t.raw = raw;
    return t;
}

L4_Word_t load_acquire(const L4_Word_t* p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

void load_message(L4_Word_t word, L4_Word_t vs)
{
    L4_MsgTag_t tag;
    tag.raw = (label << 16) | 1;
    if (vs) {
        L4_Set_Propagation(&tag);
        L4_Set_VirtualSender(id_of(vs));
    }
    L4_LoadMR(1, word);
    L4_Set_MsgTag(tag);
}

void record(Script& s, L4_MsgTag_t tag, L4_ThreadId_t from)
{
    s.tag = tag.raw;
    s.from = from.raw;
    s.error = env::ipc_failed(tag) ? L4_ErrorCode() : 0;
    s.intended = L4_IntendedReceiver().raw;
    s.actual = L4_ActualSender().raw;
    L4_StoreMR(1, &s.mr1);
}

void actor(L4_Word_t index)
{
    Script& s = scripts[index];
    s.me_local = L4_MyLocalId().raw;
    L4_Word_t deadline = env::now_us() + 4 * env::wait_us;
    while (!load_acquire(&s.go) && env::now_us() < deadline)
        L4_ThreadSwitch(L4_nilthread);
    L4_Time_t t = env::us(s.timeout_us ? s.timeout_us : env::wait_us);
    L4_ThreadId_t from = L4_nilthread;
    if (s.op == op_send) {
        load_message(s.word, s.vs);
        record(s, L4_Send_Timeout(id_of(s.to), t), from);
    } else if (s.op == op_call) {
        load_message(s.word, s.vs);
        L4_MsgTag_t tag = L4_Call_Timeouts(id_of(s.to), t, t);
        from = id_of(s.to);  // a call's reply comes from its destination
        record(s, tag, from);
    } else {
        L4_MsgTag_t tag = s.op == op_wait ? L4_Wait_Timeout(t, &from)
                                          : L4_Receive_Timeout(id_of(s.spec), t);
        if (s.op == op_receive && !env::ipc_failed(tag))
            from = id_of(s.spec);
        record(s, tag, from);
        if (s.op == op_wait)
            s.from = from.raw;
        if (s.to && !env::ipc_failed(tag)) {
            load_message(s.word, s.vs);
            L4_MsgTag_t t2 = L4_Send_Timeout(s.to == ~0ul ? from : id_of(s.to), t);
            s.tag2 = t2.raw;
            s.error2 = env::ipc_failed(t2) ? L4_ErrorCode() : 0;
        }
    }
    __atomic_store_n(&s.done, 1, __ATOMIC_RELEASE);
}

// Fresh scripts for a case.
Script& script(unsigned i, Op op, L4_Word_t to = 0, L4_Word_t word = 0)
{
    Script& s = scripts[i];
    s = Script{};
    s.op = op;
    s.to = to;
    s.word = word;
    return s;
}

void go(Script& s) { __atomic_store_n(&s.go, 1, __ATOMIC_RELEASE); }

bool finished(Script& s, const char* who)
{
    L4_Word_t deadline = env::now_us() + 3 * env::wait_us;
    while (!load_acquire(&s.done) && env::now_us() < deadline)
        env::sleep_us(1000);
    return expect(load_acquire(&s.done) != 0, who);
}

L4_Word_t set_redirector(L4_ThreadId_t space, L4_ThreadId_t redirector)
{
    L4_Word_t old = 0x55;
    L4_Word_t r = L4_SpaceControl(space, 0, L4_Nilpage, L4_Nilpage, redirector, &old);
    expect_eq(old, 0, "old control (Walnut defines no control bits)");
    return r;
}

bool redirect(L4_ThreadId_t space, L4_ThreadId_t redirector)
{
    return expect_eq(set_redirector(space, redirector), 1, "SpaceControl(redirector)");
}

bool made(L4_ThreadId_t t) { return expect(!L4_IsNilThread(t), "thread created"); }

bool ok(const Script& s, const char* what)
{
    if (expect(!(s.tag & 0x8000), what))
        return true;
    conf::note("%s: tag 0x%lx ErrorCode 0x%lx", what, s.tag, s.error);
    return false;
}

// ---- Redirection -------------------------------------------------------------------

// IPC leaving a redirected space reaches the redirector, tagged r, with the
// addressed thread in IntendedReceiver and the real sender in 'from'.
void redirected_to_redirector()
{
    Script& w = script(0, op_wait);
    Script& c = script(1, op_send, main_id.raw, 0xAB1);
    L4_ThreadId_t wt = env::spawn(actor, 0);
    L4_ThreadId_t ct = env::new_space(actor, 1);
    if (!made(wt) || !made(ct) || !redirect(ct, wt))
        return;
    go(w);
    go(c);
    if (!finished(c, "sender done") || !finished(w, "redirector done"))
        return;
    ok(c, "the send succeeded");
    if (!ok(w, "the redirector received"))
        return;
    expect(w.tag & tag_r, "tag bit r set");
    expect(!(w.tag & tag_p), "tag bit p clear");
    expect_eq(w.tag >> 16, label, "label as sent");
    expect_eq(w.tag & 0x3f, 1, "u as sent");
    expect_eq(w.mr1, 0xAB1, "MR1 as sent");
    expect_eq(w.from, ct.raw, "from = the real sender");
    expect_eq(w.intended, main_id.raw, "IntendedReceiver = the addressed thread");
}

// Threads of one redirected space talk to each other directly.
void intra_space_not_redirected()
{
    Script& w = script(0, op_wait);
    w.timeout_us = 300000;
    Script& r = script(1, op_wait);
    L4_ThreadId_t wt = env::spawn(actor, 0);
    L4_ThreadId_t rt = env::new_space(actor, 1);
    if (!made(wt) || !made(rt))
        return;
    Script& s = script(2, op_send, rt.raw, 0xAB2);
    L4_ThreadId_t st = env::space_thread(rt, actor, 2);
    if (!made(st) || !redirect(rt, wt))
        return;
    go(w);
    go(r);
    go(s);
    if (!finished(s, "sender done") || !finished(r, "receiver done") ||
        !finished(w, "redirector done"))
        return;
    ok(s, "the send succeeded");
    if (ok(r, "the receiver got it")) {
        expect(!(r.tag & tag_r), "tag bit r clear");
        expect_eq(r.mr1, 0xAB2, "MR1");
        expect_eq(r.from, s.me_local, "from = the sender's local id");
    }
    expect((w.tag & 0x8000) && ((w.error >> 1) & 7) == 1, "the redirector got nothing (timeout)");
}

// IPC addressed to the redirector itself is not redirected (no r bit).
void send_to_redirector_not_flagged()
{
    Script& w = script(0, op_wait);
    Script& c = script(1, op_send, 0, 0xAB3);
    L4_ThreadId_t wt = env::spawn(actor, 0);
    c.to = wt.raw;
    L4_ThreadId_t ct = env::new_space(actor, 1);
    if (!made(wt) || !made(ct) || !redirect(ct, wt))
        return;
    go(w);
    go(c);
    if (!finished(c, "sender done") || !finished(w, "redirector done"))
        return;
    if (ok(w, "the redirector received")) {
        expect(!(w.tag & tag_r), "tag bit r clear");
        expect_eq(w.from, ct.raw, "from = the sender");
        expect_eq(w.mr1, 0xAB3, "MR1");
    }
}

// A redirector inside the redirected space: the others' IPC goes to it,
// its own IPC out of the space goes direct.
void redirector_in_own_space()
{
    Script& c = script(0, op_send, main_id.raw, 0xAB4);
    L4_ThreadId_t ct = env::new_space(actor, 0);
    if (!made(ct))
        return;
    Script& w = script(1, op_wait, main_id.raw, 0xAB5);  // then on to main
    L4_ThreadId_t wt = env::space_thread(ct, actor, 1);
    if (!made(wt) || !redirect(ct, wt))
        return;
    go(w);
    go(c);
    L4_MsgTag_t tag = L4_Receive_Timeout(wt, env::us(env::wait_us));
    if (!finished(w, "redirector done") || !finished(c, "sender done"))
        return;
    if (ok(w, "the redirector received")) {
        expect(w.tag & tag_r, "tag bit r set");
        expect_eq(w.intended, main_id.raw, "IntendedReceiver = main");
        expect_eq(w.from, c.me_local, "from = the sender's local id (same space)");
    }
    if (expect(!env::ipc_failed(tag), "main got the redirector's own message")) {
        L4_Word_t w1;
        L4_StoreMR(1, &w1);
        expect_eq(w1, 0xAB5, "MR1");
        expect(!(tag.raw & tag_r), "not redirected: r clear");
    }
}

// Redirector anythread removes the redirection; nilthread keeps it.
void anythread_removes_nilthread_keeps()
{
    Script& w = script(0, op_wait);
    Script& c = script(1, op_send, main_id.raw, 0xAB6);
    L4_ThreadId_t wt = env::spawn(actor, 0);
    L4_ThreadId_t ct = env::new_space(actor, 1);
    if (!made(wt) || !made(ct) || !redirect(ct, wt))
        return;
    expect_eq(set_redirector(ct, L4_nilthread), 1, "SpaceControl(nilthread)");
    expect_eq(set_redirector(ct, L4_anythread), 1, "SpaceControl(anythread)");
    go(c);
    L4_MsgTag_t tag = L4_Receive_Timeout(ct, env::us(env::wait_us));
    if (expect(!env::ipc_failed(tag), "main got the message directly")) {
        L4_Word_t w1;
        L4_StoreMR(1, &w1);
        expect_eq(w1, 0xAB6, "MR1");
        expect(!(tag.raw & tag_r), "r clear");
    }
    finished(c, "sender done");
    // Set again, then nilthread: still redirected.
    Script& c2 = script(2, op_send, main_id.raw, 0xAB7);
    L4_ThreadId_t c2t = env::space_thread(ct, actor, 2);
    if (!made(c2t) || !redirect(ct, wt))
        return;
    expect_eq(set_redirector(ct, L4_nilthread), 1, "SpaceControl(nilthread)");
    go(w);
    go(c2);
    if (finished(w, "redirector done") && ok(w, "the redirector received")) {
        expect_eq(w.mr1, 0xAB7, "MR1");
        expect(w.tag & tag_r, "r set");
    }
}

// A redirector that is no thread: InvalidThread, nothing changes.
void bad_redirector()
{
    Script& c = script(0, op_send, main_id.raw, 0xAB8);
    L4_ThreadId_t ct = env::new_space(actor, 0);
    if (!made(ct))
        return;
    L4_ThreadId_t bads[] = {env::fresh_id(), L4_MyLocalId(), L4_anylocalthread,
                            env::with_version(main_id, L4_Version(main_id) + 1)};
    for (L4_ThreadId_t b : bads) {
        L4_Word_t r = set_redirector(ct, b);
        L4_Word_t e = L4_ErrorCode();
        if (expect_eq(r, 0, "SpaceControl(bad redirector) fails"))
            expect_eq(e, err_invalid_thread, "ErrorCode InvalidThread");
    }
    go(c);
    L4_MsgTag_t tag = L4_Receive_Timeout(ct, env::us(env::wait_us));
    expect(!env::ipc_failed(tag), "the space is still not redirected");
    finished(c, "sender done");
}

// Run in a client: SpaceControl setting a redirector, unprivileged.
unsigned run_set_redirector(const L4_Word_t* in, L4_Word_t* out)
{
    L4_Word_t old;
    out[0] = L4_SpaceControl(id_of(in[0]), 0, L4_Nilpage, L4_Nilpage, id_of(in[1]), &old);
    out[1] = L4_ErrorCode();
    return 2;
}

void unprivileged_space_control()
{
    L4_ThreadId_t c = env::new_client();
    if (!made(c))
        return;
    L4_Word_t in[2] = {c.raw, c.raw};
    L4_Word_t out[2] = {9, 9};
    if (expect(env::client_run(c, run_set_redirector, 2, in, out, 2), "client ran")) {
        expect_eq(out[0], 0, "result");
        expect_eq(out[1], err_no_privilege, "ErrorCode NoPrivilege");
    }
}

// A deleted redirector: the space cannot reach other spaces (no partner).
void deleted_redirector_no_partner()
{
    Script& c = script(0, op_send, main_id.raw, 0xAB9);
    L4_ThreadId_t wt = env::spawn(actor, 1);  // never told to go
    script(1, op_wait);
    L4_ThreadId_t ct = env::new_space(actor, 0);
    if (!made(wt) || !made(ct) || !redirect(ct, wt))
        return;
    expect(env::kill(wt), "redirector deleted");
    go(c);
    if (!finished(c, "sender done"))
        return;
    expect(c.tag & 0x8000, "the send failed");
    expect_eq((c.error >> 1) & 7, err_no_partner, "error: no partner");
    expect_eq(c.error & 1, 0, "in the send phase");
}

// The redirector answers a redirected call in the name of the addressed
// thread (it may propagate for threads of the spaces it redirects).
void redirector_replies_for_intended()
{
    Script& x = script(0, op_wait);  // the addressed thread: must get nothing
    x.timeout_us = 300000;
    Script& w = script(1, op_wait, ~0ul, 0xAC1);
    Script& c = script(2, op_call, 0, 0xAC0);
    // x in a space of its own: the redirector may speak for it only
    // because it redirects the client's space.
    L4_ThreadId_t xt = env::new_space(actor, 0);
    L4_ThreadId_t wt = env::spawn(actor, 1);
    c.to = xt.raw;
    w.vs = xt.raw;
    L4_ThreadId_t ct = env::new_space(actor, 2);
    if (!made(xt) || !made(wt) || !made(ct) || !redirect(ct, wt))
        return;
    go(x);
    go(w);
    go(c);
    if (!finished(c, "client done") || !finished(w, "redirector done") || !finished(x, "x done"))
        return;
    if (ok(w, "the redirector received")) {
        expect_eq(w.intended, xt.raw, "IntendedReceiver = x");
        expect(!(w.error2), "the reply went out");
    }
    if (ok(c, "the call got a reply")) {
        expect_eq(c.mr1, 0xAC1, "the redirector's reply word");
        expect(c.tag & tag_p, "tag bit p set");
        expect_eq(c.actual, wt.raw, "ActualSender = the redirector");
    }
    expect(x.tag & 0x8000, "x got nothing");
}

// The redirector forwards a redirected call on the caller's behalf; the
// addressed thread sees the caller, and its reply reaches the caller.
void forward_and_reply_reaches_client()
{
    Script& x = script(0, op_wait, ~0ul, 0xAD1);  // reply to whom it sees
    Script& w = script(1, op_wait, 0, 0xAD9);
    Script& c = script(2, op_call, 0, 0xAD0);
    L4_ThreadId_t xt = env::spawn(actor, 0);
    L4_ThreadId_t wt = env::spawn(actor, 1);
    c.to = xt.raw;
    w.to = xt.raw;
    L4_ThreadId_t ct = env::new_space(actor, 2);
    if (!made(xt) || !made(wt) || !made(ct))
        return;
    w.vs = ct.raw;
    if (!redirect(ct, wt))
        return;
    go(x);
    go(w);
    go(c);
    if (!finished(c, "client done") || !finished(w, "redirector done") || !finished(x, "x done"))
        return;
    if (ok(x, "x received")) {
        expect_eq(x.from, ct.raw, "from = the virtual sender (the client)");
        expect(x.tag & tag_p, "tag bit p set");
        expect(!(x.tag & tag_r), "tag bit r clear");
        expect_eq(x.actual, wt.raw, "ActualSender = the redirector");
        expect_eq(x.mr1, 0xAD9, "the forwarded word");
    }
    if (ok(c, "the client's call got its reply")) {
        expect_eq(c.mr1, 0xAD1, "x's reply word");
        expect(!(c.tag & (tag_p | tag_r)), "a direct reply");
    }
}

// ---- Propagation --------------------------------------------------------------------

// A server forwards a client's call to a thread in another space on the
// client's behalf (the client lives in the server's space: honoured); the
// client's wait for the server moves to the new receiver, whose reply
// reaches it.
void propagation_same_space_honoured()
{
    Script& d = script(0, op_wait, ~0ul, 0xAE1);
    Script& b = script(1, op_wait, 0, 0xAE9);
    Script& a = script(2, op_call, 0, 0xAE0);
    L4_ThreadId_t dt = env::new_space(actor, 0);
    L4_ThreadId_t bt = env::spawn(actor, 1);
    L4_ThreadId_t at = env::spawn(actor, 2);
    if (!made(dt) || !made(bt) || !made(at))
        return;
    a.to = bt.raw;
    b.to = dt.raw;
    b.vs = at.raw;
    go(d);
    go(b);
    go(a);
    if (!finished(a, "client done") || !finished(b, "server done") || !finished(d, "d done"))
        return;
    ok(b, "the server received");
    if (ok(d, "d received")) {
        expect_eq(d.from, at.raw, "from = the virtual sender");
        expect(d.tag & tag_p, "tag bit p set");
        expect_eq(d.actual, bt.raw, "ActualSender = the server");
        expect_eq(d.mr1, 0xAE9, "MR1");
    }
    if (ok(a, "the client's call completed")) {
        expect_eq(a.mr1, 0xAE1, "the reply is d's");
        expect(!(a.tag & tag_p), "a direct reply");
    }
}

// A virtual sender the sender may not speak for (another space, nothing
// shared): p is silently cleared and the message is an ordinary one. So it
// is for a virtual sender that does not exist.
void propagation_foreign_cleared()
{
    Script& d = script(0, op_wait);
    script(1, op_wait);  // v lives in a third space and never goes
    L4_ThreadId_t dt = env::new_space(actor, 0);
    L4_ThreadId_t vt = env::new_space(actor, 1);
    if (!made(dt) || !made(vt))
        return;
    L4_ThreadId_t nobody = env::fresh_id();
    L4_ThreadId_t first = dt;
    L4_ThreadId_t virtual_senders[] = {vt, nobody};
    for (L4_ThreadId_t vs : virtual_senders) {
        d = Script{};
        d.op = op_wait;
        L4_Set_VirtualSender(main_id);  // marker: ActualSender must not be written
        load_message(0xAF0, vs.raw);
        go(d);
        L4_MsgTag_t tag = L4_Send_Timeout(dt, env::us(env::wait_us));
        expect(!env::ipc_failed(tag), "sent");
        if (!finished(d, "d done") || !ok(d, "d received"))
            continue;
        expect(!(d.tag & tag_p), "p cleared");
        expect_eq(d.from, main_id.raw, "from = the real sender");
        expect_eq(d.mr1, 0xAF0, "MR1");
        d.done = 0;
        d.go = 0;
        // d is done with its one IPC: a new actor for the second round.
        dt = env::space_thread(first, actor, 0);
        if (!made(dt))
            return;
    }
}

// A receiver in a closed wait for the virtual sender accepts the
// propagated message; one waiting for someone else does not.
void closed_wait_on_virtual_sender()
{
    Script& d = script(0, op_receive);
    Script& e = script(1, op_receive);
    e.timeout_us = 300000;
    L4_ThreadId_t at = env::spawn(actor, 2);  // the virtual sender: never goes
    script(2, op_wait);
    L4_ThreadId_t dt = env::new_space(actor, 0);
    L4_ThreadId_t et = env::space_thread(dt, actor, 1);
    if (!made(at) || !made(dt) || !made(et))
        return;
    d.spec = at.raw;
    e.spec = env::sigma0_id.raw;  // waits for someone else: must not take it
    go(d);
    go(e);
    load_message(0xB01, at.raw);
    L4_MsgTag_t tag = L4_Send_Timeout(dt, env::us(env::wait_us));
    expect(!env::ipc_failed(tag), "sent");
    if (finished(d, "d done") && ok(d, "d accepted it")) {
        expect_eq(d.from, at.raw, "from = the virtual sender");
        expect(d.tag & tag_p, "p set");
        expect_eq(d.actual, main_id.raw, "ActualSender = main");
    }
    load_message(0xB02, at.raw);
    tag = L4_Send_Timeout(et, env::us(100000));
    expect(env::ipc_failed(tag), "e (waiting for sigma0) did not take it");
    finished(e, "e done");
}

const conf::Case cases[] = {
    {"redirected_to_redirector", redirected_to_redirector},
    {"intra_space_not_redirected", intra_space_not_redirected},
    {"send_to_redirector_not_flagged", send_to_redirector_not_flagged},
    {"redirector_in_own_space", redirector_in_own_space},
    {"anythread_removes_nilthread_keeps", anythread_removes_nilthread_keeps},
    {"bad_redirector", bad_redirector},
    {"unprivileged_space_control", unprivileged_space_control},
    {"deleted_redirector_no_partner", deleted_redirector_no_partner},
    {"redirector_replies_for_intended", redirector_replies_for_intended},
    {"forward_and_reply_reaches_client", forward_and_reply_reaches_client},
    {"propagation_same_space_honoured", propagation_same_space_honoured},
    {"propagation_foreign_cleared", propagation_foreign_cleared},
    {"closed_wait_on_virtual_sender", closed_wait_on_virtual_sender},
};

}  // namespace

const conf::Group redirect_group = {"redirect", cases, sizeof cases / sizeof cases[0]};
