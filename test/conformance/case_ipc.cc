// SPDX-License-Identifier: BSD-2-Clause
// Ipc and Lipc (x2-api 4.7, 4.8, 5): every message size of untyped words,
// send, receive, call and reply-and-wait, the timeouts (zero, never,
// relative), the special thread ids, local ids, the non-existing-partner
// and message-overflow errors with their phase bits, send-queue order.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;

// What a receiving thread saw (written by the thread, read by main).
struct Received {
    L4_Word_t tag;
    L4_Word_t error;
    L4_Word_t from;
    L4_Word_t mr[64];
};
Received received;

struct Send_order {
    L4_ThreadId_t to;
    L4_Word_t label;
    L4_Word_t timeouts;
};
Send_order orders[4];

L4_Word_t word_for(L4_Word_t u, L4_Word_t i)
{
    return env::pattern(u * 131 + 7, static_cast<unsigned>(i));
}

L4_MsgTag_t tag_of(L4_Word_t label, L4_Word_t u, L4_Word_t t)
{
    L4_MsgTag_t tag;
    tag.raw = (label << 16) | (t << 6) | u;
    return tag;
}

void load(L4_Word_t label, L4_Word_t u, L4_Word_t base = 0)
{
    for (L4_Word_t i = 1; i <= u; i++)
        L4_LoadMR(static_cast<int>(i), word_for(base + u, i));
    L4_Set_MsgTag(tag_of(label, u, 0));
}

// Thread bodies ---------------------------------------------------------------------

// Answers every message with its words inverted and label + 1.
void echo(L4_Word_t)
{
    L4_ThreadId_t from;
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (env::ipc_failed(tag)) {
            tag = L4_Wait(&from);
            continue;
        }
        L4_Word_t u = L4_UntypedWords(tag);
        for (L4_Word_t i = 1; i <= u; i++) {
            L4_Word_t w;
            L4_StoreMR(static_cast<int>(i), &w);
            L4_LoadMR(static_cast<int>(i), ~w);
        }
        L4_Set_MsgTag(tag_of(L4_Label(tag) + 1, u, 0));
        tag = L4_ReplyWait(from, &from);
    }
}

// The same with Lipc (threads of one space).
void local_echo(L4_Word_t)
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Lipc(L4_nilthread, L4_anylocalthread, L4_Timeouts(L4_Never, L4_Never), &from);
    for (;;) {
        if (env::ipc_failed(tag)) {
            tag = L4_Lipc(L4_nilthread, L4_anylocalthread, L4_Timeouts(L4_Never, L4_Never), &from);
            continue;
        }
        L4_Word_t u = L4_UntypedWords(tag);
        for (L4_Word_t i = 1; i <= u; i++) {
            L4_Word_t w;
            L4_StoreMR(static_cast<int>(i), &w);
            L4_LoadMR(static_cast<int>(i), ~w);
        }
        L4_Set_MsgTag(tag_of(L4_Label(tag) + 1, u, 0));
        tag = L4_LreplyWait(from, &from);
    }
}

void record(L4_MsgTag_t tag, L4_ThreadId_t from)
{
    received.tag = tag.raw;
    received.error = env::ipc_failed(tag) ? L4_ErrorCode() : 0;
    received.from = from.raw;
    L4_StoreMRs(1, 63, received.mr);
}

// Receives once from the thread arg names (0 = main, by global id;
// 1 = main by its local id; 2 = anything), then reports.
void receive_once(L4_Word_t how)
{
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_ThreadId_t from = L4_nilthread;
    L4_MsgTag_t tag;
    if (how == 2)
        tag = L4_Wait(&from);
    else
        tag = L4_Ipc(L4_nilthread, how == 1 ? L4_LocalIdOf(main_id) : main_id,
                     L4_Timeouts(L4_Never, L4_Never), &from);
    record(tag, from);
    env::signal_main();
}

// Receives from main and replies at once with a zero send timeout.
void receive_then_reply(L4_Word_t)
{
    L4_ThreadId_t from = L4_nilthread;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, main_id, L4_Timeouts(L4_Never, L4_Never), &from);
    record(tag, from);
    L4_Set_MsgTag(tag_of(0x4E, 0, 0));
    L4_MsgTag_t r = L4_Reply(from);
    env::signal_main(r.raw, env::ipc_failed(r) ? L4_ErrorCode() : 0, 0);
}

// Sends as orders[i] says, then reports the result.
void send_order(L4_Word_t i)
{
    L4_Set_MsgTag(tag_of(orders[i].label, 1, 0));
    L4_LoadMR(1, orders[i].label * 3);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(orders[i].to, L4_nilthread, orders[i].timeouts, &from);
    env::signal_main(tag.raw, env::ipc_failed(tag) ? L4_ErrorCode() : 0, i);
}

// A closed receive from the thread arg names, then a report.
void receive_from(L4_Word_t raw)
{
    L4_ThreadId_t partner;
    partner.raw = raw;
    L4_ThreadId_t from = L4_nilthread;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, partner, L4_Timeouts(L4_Never, L4_Never), &from);
    record(tag, from);
    env::signal_main();
}

void sleep_then_send(L4_Word_t us)
{
    env::sleep_us(us);
    L4_Set_MsgTag(tag_of(0x99, 0, 0));
    (void)L4_Send(main_id);
    env::park();
}

void idle(L4_Word_t)
{
    env::park();
}

// Aborts main's IPC (ExchangeRegisters R and S) if it is still blocked
// after arg microseconds, so a case with a Never timeout cannot hang.
void watchdog(L4_Word_t us)
{
    env::sleep_us(us);
    L4_Word_t c, sp, ip, fl, h;
    L4_ThreadId_t p;
    (void)L4_ExchangeRegisters(main_id, (1u << 1) | (1u << 2), 0, 0, 0, 0, L4_nilthread, &c, &sp,
                               &ip, &fl, &h, &p);
    env::park();
}

// Run in a client: a blocking send to main with label in[0].
unsigned run_send_to_main(const L4_Word_t* in, L4_Word_t* out)
{
    L4_Set_MsgTag(tag_of(in[0], 0, 0));
    L4_MsgTag_t t = L4_Send(main_id);
    out[0] = t.raw;
    return 1;
}

// Helpers --------------------------------------------------------------------------------

L4_Word_t elapsed_since(L4_Word_t start)
{
    return env::now_us() - start;
}

bool check_echo_reply(L4_MsgTag_t reply, L4_Word_t label, L4_Word_t u, L4_Word_t base = 0)
{
    if (env::ipc_failed(reply)) {
        conf::note("u = %lu: IPC error 0x%lx", u, L4_ErrorCode());
        return false;
    }
    if (L4_UntypedWords(reply) != u || L4_TypedWords(reply) != 0 || L4_Label(reply) != label + 1) {
        conf::note("u = %lu: reply tag 0x%lx", u, reply.raw);
        return false;
    }
    for (L4_Word_t i = 1; i <= u; i++) {
        L4_Word_t w;
        L4_StoreMR(static_cast<int>(i), &w);
        if (w != ~word_for(base + u, i)) {
            conf::note("u = %lu: MR%lu = 0x%lx", u, i, w);
            return false;
        }
    }
    return true;
}

// Cases ---------------------------------------------------------------------------------

void call_untyped_0_to_63()
{
    L4_ThreadId_t server = env::spawn(echo, 0);
    if (!expect(!L4_IsNilThread(server), "an echo server"))
        return;
    unsigned good = 0;
    for (L4_Word_t u = 0; u <= 63; u++) {
        load(0x100 + u, u);
        L4_MsgTag_t reply = L4_Call_Timeouts(server, env::us(env::wait_us), env::us(env::wait_us));
        if (check_echo_reply(reply, 0x100 + u, u))
            good++;
    }
    expect_eq(good, 64, "calls with u = 0 .. 63 echoed exactly");
}

void call_untyped_other_space()
{
    L4_ThreadId_t server = env::new_space(echo, 0);
    if (!expect(!L4_IsNilThread(server), "an echo server in another space"))
        return;
    const L4_Word_t sizes[] = {0, 1, 2, 7, 8, 9, 31, 32, 62, 63};
    unsigned good = 0;
    for (L4_Word_t u : sizes) {
        load(0x200 + u, u, 1000);
        L4_MsgTag_t reply = L4_Call_Timeouts(server, env::us(env::wait_us), env::us(env::wait_us));
        if (check_echo_reply(reply, 0x200 + u, u, 1000))
            good++;
    }
    expect_eq(good, sizeof sizes / sizeof sizes[0], "calls across spaces echoed exactly");
}

void send_and_receive()
{
    L4_ThreadId_t r = env::spawn(receive_once, 0);
    if (!expect(!L4_IsNilThread(r), "a receiver"))
        return;
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    load(0x77, 5);
    L4_MsgTag_t tag = L4_Send_Timeout(r, env::us(env::wait_us));
    expect(!env::ipc_failed(tag), "Send");
    if (expect(env::wait_done(r), "the receiver reports")) {
        L4_MsgTag_t got = {received.tag};
        expect(!env::ipc_failed(got) && L4_Label(got) == 0x77 && L4_UntypedWords(got) == 5,
               "it received label and u");
        bool words = true;
        for (unsigned i = 1; i <= 5; i++)
            words = words && received.mr[i - 1] == word_for(5, i);
        expect(words, "MR1..MR5 arrived");
        expect_eq(received.from, L4_MyLocalId().raw,
                  "'from' is the sender's local id (same space)");
    }
    // And the other direction: a thread sends, main receives.
    orders[0] = Send_order{main_id, 0x78, L4_Timeouts(L4_Never, L4_Never)};
    L4_ThreadId_t s = env::spawn(send_order, 0);
    L4_ThreadId_t from = L4_nilthread;
    tag = L4_Ipc(L4_nilthread, s, L4_Timeouts(L4_Never, env::us(env::wait_us)), &from);
    L4_Word_t w1 = 0;
    L4_StoreMR(1, &w1);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x78 && w1 == 0x78 * 3, "Receive from a thread");
    expect(L4_IsThreadEqual(from, L4_LocalIdOf(s)), "'from' = the sender's local id");
}

void call_reply_is_atomic()
{
    L4_ThreadId_t r = env::spawn(receive_then_reply, 0);
    if (!expect(!L4_IsNilThread(r), "a server"))
        return;
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the server waits");
    L4_Set_MsgTag(tag_of(0x4D, 0, 0));
    L4_MsgTag_t tag = L4_Call_Timeouts(r, env::us(env::wait_us), env::us(env::wait_us));
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x4E, "Call got the reply");
    L4_Word_t got[3];
    if (expect(env::wait_done(r, got), "the server reports"))
        expect_eq(got[1], 0, "its zero-timeout Reply found the caller already receiving");
}

void zero_timeout_send()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    L4_Set_MsgTag(tag_of(0x11, 2, 0));
    L4_Word_t start = env::now_us();
    L4_MsgTag_t tag = L4_Send_Timeout(t, L4_ZeroTime);
    expect(env::ipc_failed(tag), "send to a thread that does not receive fails");
    expect_eq(L4_ErrorCode(), 0x2, "error 1 (timeout), send phase");
    expect_eq(tag.raw, 0x8000, "the tag has only E set");
    expect(elapsed_since(start) < 300000, "at once");
}

void zero_timeout_receive()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_ZeroTime);
    expect(env::ipc_failed(tag), "closed receive with nothing to receive fails");
    expect_eq(L4_ErrorCode(), 0x3, "error 1 (timeout), receive phase");
    L4_ThreadId_t from;
    tag = L4_Wait_Timeout(L4_ZeroTime, &from);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x3, "open receive: the same");
    tag = L4_Ipc(L4_nilthread, L4_anylocalthread, L4_Timeouts(L4_Never, L4_ZeroTime), &from);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x3, "anylocalthread receive: the same");
}

void receive_phase_timeout()
{
    L4_ThreadId_t r = env::spawn(receive_once, 0);
    if (!expect(!L4_IsNilThread(r), "a receiver"))
        return;
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_Set_MsgTag(tag_of(0x31, 0, 0));
    L4_MsgTag_t tag = L4_Call_Timeouts(r, L4_Never, L4_ZeroTime);
    expect(env::ipc_failed(tag), "a call whose partner does not reply at once fails");
    expect_eq(L4_ErrorCode(), 0x3, "error 1 (timeout) in the receive phase (p = 1)");
    if (expect(env::wait_done(r), "the send phase had succeeded"))
        expect_eq(L4_Label(L4_MsgTag_t{received.tag}), 0x31, "the partner got the message");
}

void relative_timeouts()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    L4_Word_t start = env::now_us();
    L4_MsgTag_t tag = L4_Receive_Timeout(t, env::us(3000));
    L4_Word_t took = elapsed_since(start);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x3, "receive timeout of 3 ms expires");
    expect(took >= 3000 && took < 500000, "after 3 ms (not before, not much later)");
    L4_Set_MsgTag(L4_Niltag);
    start = env::now_us();
    tag = L4_Send_Timeout(t, env::us(4000));
    took = elapsed_since(start);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x2, "send timeout of 4 ms expires");
    expect(took >= 4000 && took < 500000, "after 4 ms");
}

void small_periods()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    const L4_Word_t periods[] = {1, 10, 100, 999};
    bool ok = true;
    for (L4_Word_t p : periods) {
        L4_Word_t start = env::now_us();
        L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(p));
        L4_Word_t took = elapsed_since(start);
        if (!env::ipc_failed(tag) || L4_ErrorCode() != 0x3 || took < p || took > 300000) {
            conf::note("period %lu us: tag 0x%lx error 0x%lx after %lu us", p, tag.raw,
                       L4_ErrorCode(), took);
            ok = false;
        }
    }
    expect(ok, "periods of 1, 10, 100, 999 us expire, not early, within 300 ms");
}

void never_timeout()
{
    L4_ThreadId_t s = env::spawn(sleep_then_send, 10000);
    L4_ThreadId_t dog = env::spawn(watchdog, 1500000, 255);
    L4_Word_t start = env::now_us();
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, s, L4_Timeouts(L4_Never, L4_Never), &from);
    L4_Word_t took = elapsed_since(start);
    (void)env::kill(dog);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x99, "a never-timeout receive gets the message");
    expect(took >= 9000, "after the sender's 10 ms");
}

void sleep_is_receive_timeout()
{
    L4_Word_t start = env::now_us();
    L4_Sleep(env::us(2000));
    L4_Word_t took = elapsed_since(start);
    L4_MsgTag_t tag = L4_MsgTag();
    expect(took >= 2000 && took < 500000, "L4_Sleep(2 ms) sleeps 2 ms");
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x3, "and leaves a receive timeout in MR0");
}

void nil_nil_is_noop()
{
    L4_Set_MsgTag(tag_of(0x123, 0, 0));
    L4_ThreadId_t from = L4_anythread;
    L4_Word_t start = env::now_us();
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_nilthread, L4_Timeouts(L4_Never, L4_Never), &from);
    expect(!env::ipc_failed(tag), "Ipc(nil, nil) does not fail");
    expect(elapsed_since(start) < 300000, "and returns at once");
}

void anythread_wait()
{
    orders[0] = Send_order{main_id, 0x42, L4_Timeouts(L4_Never, L4_Never)};
    L4_ThreadId_t s = env::spawn(send_order, 0);
    L4_ThreadId_t from = L4_nilthread;
    L4_MsgTag_t tag = L4_Wait_Timeout(env::us(env::wait_us), &from);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x42, "Wait gets the message");
    expect(L4_IsThreadEqual(from, L4_LocalIdOf(s)), "from a thread of this space: its local id");
    expect(env::wait_done(s), "the sender's own report");
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_Word_t in = 0x43;
    expect(env::client_post(c, run_send_to_main, 1, &in), "the client is told to send");
    tag = L4_Wait_Timeout(env::us(env::wait_us), &from);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x43, "Wait gets the other space's message");
    expect(L4_IsThreadEqual(from, c), "from another space: its global id");
}

void anylocalthread()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    // First the other space's thread blocks sending to main ...
    L4_Word_t in = 0x61;
    expect(env::client_post(c, run_send_to_main, 1, &in), "the client is told to send");
    env::wait_for_state(c, L4_SCHEDRESULT_PENDING_SEND, "the client blocks sending to main");
    // ... then a thread of this space.
    orders[0] = Send_order{main_id, 0x62, L4_Timeouts(L4_Never, L4_Never)};
    L4_ThreadId_t s = env::spawn(send_order, 0);
    env::wait_for_state(s, L4_SCHEDRESULT_PENDING_SEND, "the local sender blocks too");
    L4_ThreadId_t from = L4_nilthread;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_anylocalthread,
                             L4_Timeouts(L4_Never, env::us(env::wait_us)), &from);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x62,
           "anylocalthread takes the local sender, not the foreign one queued first");
    expect(L4_IsThreadEqual(from, L4_LocalIdOf(s)), "from = its local id");
    tag = L4_Wait_Timeout(env::us(env::wait_us), &from);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x61 && L4_IsThreadEqual(from, c),
           "then the foreign sender is still queued");
}

void local_ids()
{
    L4_ThreadId_t r = env::spawn(receive_once, 1);
    if (!expect(!L4_IsNilThread(r), "a receiver (closed on main's local id)"))
        return;
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_ThreadId_t local = L4_LocalIdOf(r);
    expect(L4_IsLocalId(local), "its local id");
    load(0x51, 3);
    L4_MsgTag_t tag = L4_Send_Timeout(local, env::us(env::wait_us));
    expect(!env::ipc_failed(tag), "Send to a local id");
    if (expect(env::wait_done(r), "the receiver reports")) {
        L4_MsgTag_t got = {received.tag};
        expect(!env::ipc_failed(got) && L4_Label(got) == 0x51,
               "a closed receive on the sender's local id accepted it");
        expect_eq(received.mr[2], word_for(3, 3), "MR3");
    }
}

void lipc_same_space()
{
    L4_ThreadId_t server = env::spawn(local_echo, 0);
    if (!expect(!L4_IsNilThread(server), "a local echo server"))
        return;
    L4_ThreadId_t local = L4_LocalIdOf(server);
    unsigned good = 0;
    const L4_Word_t sizes[] = {0, 4, 12, 63};
    for (L4_Word_t u : sizes) {
        load(0x300 + u, u, 2000);
        L4_MsgTag_t reply = L4_Lcall(local);
        if (check_echo_reply(reply, 0x300 + u, u, 2000))
            good++;
    }
    expect_eq(good, 4, "Lcall / LreplyWait round trips");
}

void nonexistent_partner()
{
    L4_ThreadId_t nobody = env::fresh_id();
    L4_Set_MsgTag(L4_Niltag);
    L4_MsgTag_t tag = L4_Send_Timeout(nobody, env::us(env::wait_us));
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x4, "send to an unused id: error 2, send phase");
    L4_Word_t start = env::now_us();
    tag = L4_Receive_Timeout(nobody, env::us(env::wait_us));
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x5,
           "receive from an unused id: error 2, receive phase");
    expect(elapsed_since(start) < 500000, "at once, not after the timeout");
    L4_Set_MsgTag(L4_Niltag);
    tag = L4_Call(nobody);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x4, "call: fails in the send phase only");
    L4_ThreadId_t t = env::spawn(idle, 0);
    L4_Set_MsgTag(L4_Niltag);
    tag = L4_Send_Timeout(env::with_version(t, 9), env::us(env::wait_us));
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x4, "send to a wrong version: error 2");
}

void deleted_partner()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    expect(env::kill(t), "deleted a thread");
    L4_Set_MsgTag(L4_Niltag);
    L4_MsgTag_t tag = L4_Send_Timeout(t, env::us(env::wait_us));
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x4, "send to it: error 2");
}

void delete_with_blocked_senders()
{
    L4_ThreadId_t v = env::spawn(idle, 0);
    orders[0] = Send_order{v, 0x21, L4_Timeouts(L4_Never, L4_Never)};
    orders[1] = Send_order{v, 0x22, L4_Timeouts(L4_Never, L4_Never)};
    L4_ThreadId_t s1 = env::spawn(send_order, 0);
    L4_ThreadId_t s2 = env::spawn(send_order, 1);
    env::wait_for_state(s1, L4_SCHEDRESULT_PENDING_SEND, "the first sender blocks");
    env::wait_for_state(s2, L4_SCHEDRESULT_PENDING_SEND, "the second sender blocks");
    L4_Word_t old;
    expect_eq(L4_Schedule(s1, ~0ul, ~0ul, ~0ul, ~0ul, &old), L4_SCHEDRESULT_PENDING_SEND,
              "a sender is blocked (PendingSend)");
    expect(env::kill(v), "delete the receiver");
    L4_Word_t got[3];
    if (expect(env::wait_done(s1, got), "the first sender is woken"))
        expect_eq(got[1], 0x4, "with error 2 (non-existing partner), send phase");
    if (expect(env::wait_done(s2, got), "the second sender is woken"))
        expect_eq(got[1], 0x4, "with error 2 too");
}

void delete_with_blocked_receiver()
{
    L4_ThreadId_t v = env::spawn(idle, 0);
    L4_ThreadId_t r = env::spawn(receive_from, v.raw);
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits for v");
    L4_Word_t old;
    expect_eq(L4_Schedule(r, ~0ul, ~0ul, ~0ul, ~0ul, &old), L4_SCHEDRESULT_WAITING,
              "a thread waits for a message from v only");
    expect(env::kill(v), "delete v");
    if (expect(env::wait_done(r), "the receiver is woken (decision 18)")) {
        expect(env::ipc_failed(L4_MsgTag_t{received.tag}), "its receive failed");
        expect_eq(received.error, 0x5, "with error 2 (non-existing partner), receive phase");
    }
}

void time_point_timeout()
{
    L4_ThreadId_t t = env::spawn(idle, 0);
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the idle thread sleeps");
    // The first future clock value whose bits [e+9..e] are m and whose bit
    // e+10 is c (x2-api 1.4; decision 24): about 8 ms from now, e = 4.
    constexpr L4_Word_t e = 4;
    L4_Word_t start = env::now_us();
    L4_Word_t target = start + 8000;
    L4_Time_t point;
    point.raw = static_cast<L4_Word16_t>(0x8000 | (e << 11) | (((target >> (e + 10)) & 1) << 10) |
                                         ((target >> e) & 0x3FF));
    L4_MsgTag_t tag = L4_Receive_Timeout(t, point);
    L4_Word_t took = elapsed_since(start);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x3, "a receive with a time point times out");
    expect(took + 16 >= 8000 && took < 300000, "at that point (8 ms, 16 us granularity)");
}

// Sends the prepared MRs to a receiving worker and checks both errors.
void expect_overflow(L4_MsgTag_t tag_to_send, const char* what)
{
    L4_ThreadId_t r = env::spawn(receive_once, 0);
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_Set_MsgTag(tag_to_send);
    L4_MsgTag_t tag = L4_Send_Timeout(r, env::us(env::wait_us));
    expect(env::ipc_failed(tag), what);
    expect_eq(L4_ErrorCode() & 0xF, 0x8, "sender: error 4 (overflow), send phase");
    if (expect(env::wait_done(r), "the receiver reports")) {
        L4_MsgTag_t got = {received.tag};
        expect(env::ipc_failed(got), "receiver: E set");
        expect_eq(received.error & 0xF, 0x9, "receiver: error 4, receive phase");
    }
}

void overflow_too_many_words()
{
    expect_overflow(tag_of(0x61, 40, 30), "u + t = 70 > 63");
}

void overflow_cut_off_item()
{
    L4_LoadMR(1, L4_MapItem(L4_FpageLog2(env::test_page(0), 12), 0).raw[0]);
    expect_overflow(tag_of(0x62, 0, 1), "a map item cut off after its first word");
}

void overflow_string_not_accepted()
{
    static char text[16] = "conformance";
    L4_StringItem_t s = L4_StringItem(sizeof text, text);
    L4_LoadMR(1, s.raw[0]);
    L4_LoadMR(2, s.raw[1]);
    expect_overflow(tag_of(0x63, 0, 2), "a string item to a receiver that accepts no strings");
}

void overflow_reserved_item()
{
    L4_LoadMR(1, 0xE);   // item type 111: reserved
    L4_LoadMR(2, 0);
    expect_overflow(tag_of(0x64, 0, 2), "an item of the reserved type 7");
}

void overflow_map_nil_window()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    expect(env::client_accept(c, L4_Nilpage), "the client accepts no mappings");
    (void)env::client_last_failure();
    L4_Fpage_t f = L4_FpageLog2(env::test_page(1), 12);
    L4_Set_Rights(&f, L4_Readable);
    L4_MsgTag_t tag = env::give(c, f, env::test_page(1));
    expect(env::ipc_failed(tag), "a map item to a nil receive window fails");
    expect_eq(L4_ErrorCode() & 0xF, 0x8, "sender: error 4 (overflow), send phase");
    L4_Word_t v;
    env::client_read(c, env::test_page(0), &v);   // lets the client run
    expect_eq(env::client_last_failure() & 0xF, 0x9, "receiver: error 4, receive phase");
}

void label_is_48_bits()
{
    L4_ThreadId_t r = env::spawn(receive_once, 0);
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_MsgTag_t tag;
    tag.raw = (0xABCDEF123456ul << 16) | 1;
    L4_Set_MsgTag(tag);
    L4_LoadMR(1, 5);
    L4_MsgTag_t sent = L4_Send_Timeout(r, env::us(env::wait_us));
    expect(!env::ipc_failed(sent), "sent");
    if (expect(env::wait_done(r), "received")) {
        L4_MsgTag_t got = {received.tag};
        expect_eq(L4_Label(got), 0xABCDEF123456ul & label_mask, "all 48 label bits arrive");
        expect_eq((got.raw >> 12) & 0xF, 0, "flags E X r p clear");
    }
}

void send_queue_fifo()
{
    orders[0] = Send_order{main_id, 0x71, L4_Timeouts(L4_Never, L4_Never)};
    orders[1] = Send_order{main_id, 0x72, L4_Timeouts(L4_Never, L4_Never)};
    orders[2] = Send_order{main_id, 0x73, L4_Timeouts(L4_Never, L4_Never)};
    L4_ThreadId_t s1 = env::spawn(send_order, 0);
    env::wait_for_state(s1, L4_SCHEDRESULT_PENDING_SEND, "the first sender blocks");
    L4_ThreadId_t s2 = env::spawn(send_order, 1);
    env::wait_for_state(s2, L4_SCHEDRESULT_PENDING_SEND, "the second sender blocks");
    L4_ThreadId_t s3 = env::spawn(send_order, 2);
    env::wait_for_state(s3, L4_SCHEDRESULT_PENDING_SEND, "the third sender blocks");
    L4_ThreadId_t from;
    // A closed receive takes its sender out of the middle of the queue.
    L4_MsgTag_t tag = L4_Receive_Timeout(s2, env::us(env::wait_us));
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x72, "closed receive picks the second sender");
    tag = L4_Wait_Timeout(env::us(env::wait_us), &from);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x71 && L4_IsThreadEqual(from, L4_LocalIdOf(s1)),
           "open receive: the first sender");
    tag = L4_Wait_Timeout(env::us(env::wait_us), &from);
    expect(!env::ipc_failed(tag) && L4_Label(tag) == 0x73 && L4_IsThreadEqual(from, L4_LocalIdOf(s3)),
           "then the third");
}

constexpr conf::Case cases[] = {
    {"call_untyped_0_to_63", call_untyped_0_to_63},
    {"call_untyped_other_space", call_untyped_other_space},
    {"send_and_receive", send_and_receive},
    {"call_reply_is_atomic", call_reply_is_atomic},
    {"zero_timeout_send", zero_timeout_send},
    {"zero_timeout_receive", zero_timeout_receive},
    {"receive_phase_timeout", receive_phase_timeout},
    {"relative_timeouts", relative_timeouts},
    {"small_periods", small_periods},
    {"never_timeout", never_timeout},
    {"sleep_is_receive_timeout", sleep_is_receive_timeout},
    {"nil_nil_is_noop", nil_nil_is_noop},
    {"anythread_wait", anythread_wait},
    {"anylocalthread", anylocalthread},
    {"local_ids", local_ids},
    {"lipc_same_space", lipc_same_space},
    {"nonexistent_partner", nonexistent_partner},
    {"deleted_partner", deleted_partner},
    {"delete_with_blocked_senders", delete_with_blocked_senders},
    {"delete_with_blocked_receiver", delete_with_blocked_receiver},
    {"time_point_timeout", time_point_timeout},
    {"overflow_too_many_words", overflow_too_many_words},
    {"overflow_cut_off_item", overflow_cut_off_item},
    {"overflow_string_not_accepted", overflow_string_not_accepted},
    {"overflow_reserved_item", overflow_reserved_item},
    {"overflow_map_nil_window", overflow_map_nil_window},
    {"label_is_48_bits", label_is_48_bits},
    {"send_queue_fifo", send_queue_fifo},
};

}  // namespace

const conf::Group ipc_group = {"ipc", cases, sizeof cases / sizeof cases[0]};
