// SPDX-License-Identifier: BSD-2-Clause
// The IPC fast path (docs/fastpath.md) must give the slow path's result for
// every input it takes, and send everything else to the slow path. One case
// per eligibility check: a call that fails exactly that check, next to a
// call that passes all of them, both checked for the complete result. With
// -Dfastpath=false the same cases test the slow path alone.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;

L4_MsgTag_t tag_of(L4_Word_t label, L4_Word_t u, L4_Word_t t)
{
    L4_MsgTag_t tag;
    tag.raw = (label << 16) | (t << 6) | u;
    return tag;
}

L4_Word_t never_both() { return L4_Timeouts(L4_Never, L4_Never); }

L4_Word_t word(L4_Word_t seed, L4_Word_t i) { return env::pattern(seed, static_cast<unsigned>(i)); }

void load(L4_Word_t label, L4_Word_t u, L4_Word_t seed)
{
    for (L4_Word_t i = 1; i <= u; i++)
        L4_LoadMR(static_cast<int>(i), word(seed, i));
    L4_Set_MsgTag(tag_of(label, u, 0));
}

// Echo server: replies to each message with label + 1 and its words
// inverted, then waits again (ReplyWait: the fast path's receive side).
// patient != 0: the reply waits up to wait_us for its caller to receive
// (ReplyWait's zero send timeout loses it if the caller is not there yet).
void echo(L4_Word_t patient)
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
        if (patient)
            tag = L4_Ipc(from, L4_anythread, L4_Timeouts(env::us(env::wait_us), L4_Never), &from);
        else
            tag = L4_ReplyWait(from, &from);
    }
}

// The reply to load(label, u, seed) is complete and exact.
bool reply_ok(L4_MsgTag_t reply, L4_Word_t label, L4_Word_t u, L4_Word_t seed)
{
    if (!expect(!env::ipc_failed(reply), "the call succeeded"))
        return false;
    bool ok = expect_eq(L4_Label(reply), label + 1, "reply label") &&
              expect_eq(L4_UntypedWords(reply), u, "reply u") &&
              expect_eq(L4_TypedWords(reply), 0, "reply t");
    for (L4_Word_t i = 1; ok && i <= u; i++) {
        L4_Word_t w;
        L4_StoreMR(static_cast<int>(i), &w);
        ok = expect_eq(w, ~word(seed, i), "reply word");
    }
    return ok;
}

// A call that passes every check, against the same server: the reference.
bool eligible_call(L4_ThreadId_t server, L4_Word_t seed)
{
    load(0x300, 3, seed);
    L4_ThreadId_t from;
    L4_MsgTag_t reply = L4_Ipc(server, server, never_both(), &from);
    // 'from' is the server's local id when it shares our space (x2-api 5.12).
    return reply_ok(reply, 0x300, 3, seed) &&
           expect(L4_IsThreadEqual(from, server) || L4_IsThreadEqual(from, L4_LocalIdOf(server)),
                  "from = the server");
}

// The root task's main thread runs at the initial servers' priority; the
// fast path serves partners of the caller's own priority (check 10), so the
// servers here get it too.
constexpr L4_Word_t main_priority = 255;

L4_ThreadId_t same_priority(L4_ThreadId_t t)
{
    if (!L4_IsNilThread(t))
        expect(L4_Set_Priority(t, main_priority) != L4_SCHEDRESULT_ERROR, "server priority set");
    return t;
}

L4_ThreadId_t other_space_server(L4_Word_t patient = 0)
{
    L4_ThreadId_t s = env::new_space(echo, patient);
    expect(!L4_IsNilThread(s), "an echo server in another space");
    return same_priority(s);
}

// ---- Cases, in the order of the checks -----------------------------------------

void eligible_inter_and_intra()
{
    L4_ThreadId_t far = other_space_server();
    L4_ThreadId_t near = same_priority(env::spawn(echo, 0));
    if (L4_IsNilThread(far) || !expect(!L4_IsNilThread(near), "a local echo server"))
        return;
    for (L4_Word_t u = 0; u <= 7; u++) {
        load(0x310, u, 50 + u);
        L4_ThreadId_t from;
        reply_ok(L4_Ipc(far, far, never_both(), &from), 0x310, u, 50 + u);
        load(0x320, u, 60 + u);
        reply_ok(L4_Ipc(near, near, never_both(), &from), 0x320, u, 60 + u);
    }
}

void check2_typed_words()
{
    // A call carrying a map item (t = 2) goes the slow path; the server
    // accepts untyped words only, so both sides get message overflow
    // (x2-api 5.8): the caller's error is in its send phase.
    L4_ThreadId_t far = other_space_server();
    if (L4_IsNilThread(far))
        return;
    L4_LoadMR(1, 0x8);                                              // map item: send base 0
    L4_LoadMR(2, L4_FpageLog2(env::facts.image_start, 12).raw);     // one page of ours
    L4_Set_MsgTag(tag_of(0x330, 0, 2));
    L4_ThreadId_t from;
    L4_MsgTag_t reply = L4_Ipc(far, far, never_both(), &from);
    expect(env::ipc_failed(reply), "the typed message failed");
    expect_eq(L4_ErrorCode(), 8, "message overflow in the send phase");
    eligible_call(far, 1);
}

void check2_more_than_seven_words()
{
    L4_ThreadId_t far = other_space_server();
    if (L4_IsNilThread(far))
        return;
    for (L4_Word_t u = 8; u <= 12; u++) {
        load(0x340, u, 70 + u);
        L4_ThreadId_t from;
        reply_ok(L4_Ipc(far, far, never_both(), &from), 0x340, u, 70 + u);
    }
    eligible_call(far, 2);
}

void check2_flag_bits()
{
    // Propagation requested without a valid virtual sender: an ordinary
    // message (X.2 5.11), the receiver sees p clear.
    L4_ThreadId_t far = other_space_server();
    if (L4_IsNilThread(far))
        return;
    load(0x350, 2, 80);
    L4_MsgTag_t tag = L4_MsgTag();
    tag.raw |= 1u << 12;   // p
    L4_Set_MsgTag(tag);
    L4_Set_VirtualSender(L4_nilthread);
    L4_ThreadId_t from;
    L4_MsgTag_t reply = L4_Ipc(far, far, never_both(), &from);
    expect(reply_ok(reply, 0x350, 2, 80), "a message with p set is answered");
    expect_eq(reply.raw & 0xF000, 0, "the reply's flag bits are clear");
}

void check3_send_only_and_receive_only()
{
    // Send and receive as two calls are not atomic: the server must run
    // below us, so that we are receiving before its zero-timeout reply.
    L4_ThreadId_t far = env::new_space(echo, 0);
    if (!expect(!L4_IsNilThread(far), "an echo server in another space"))
        return;
    load(0x360, 4, 90);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(far, L4_nilthread, never_both(), &from);
    expect(!env::ipc_failed(tag), "send only");
    tag = L4_Ipc(L4_nilthread, far, L4_Timeouts(L4_Never, env::us(env::wait_us)), &from);
    expect(reply_ok(tag, 0x360, 4, 90), "receive only gets the reply");
    eligible_call(far, 3);
}

void check3_other_receive_specifier()
{
    // Send to the server, then receive only from the root task's pager
    // thread, which never sends: the send succeeds, the receive times out
    // (the server's zero-timeout reply finds nobody and is lost).
    L4_ThreadId_t far = other_space_server();
    if (L4_IsNilThread(far))
        return;
    load(0x370, 1, 100);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(far, env::pager_id, L4_Timeouts(L4_Never, env::us(5000)), &from);
    expect(env::ipc_failed(tag), "the receive phase failed");
    expect_eq(L4_ErrorCode(), 3, "with a receive timeout (3)");
    eligible_call(far, 4);
}

void check4_receive_timeout()
{
    L4_ThreadId_t far = other_space_server();
    if (L4_IsNilThread(far))
        return;
    load(0x380, 5, 110);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(far, far, L4_Timeouts(L4_Never, env::us(env::wait_us)), &from);
    expect(reply_ok(tag, 0x380, 5, 110), "a call with a receive timeout gets its reply");
    eligible_call(far, 5);
}

void check5_local_and_bad_destinations()
{
    L4_ThreadId_t near = same_priority(env::spawn(echo, 0));
    if (!expect(!L4_IsNilThread(near), "a local echo server"))
        return;
    env::wait_for_state(near, L4_SCHEDRESULT_WAITING, "the echo server waits");
    L4_ThreadId_t local = L4_LocalIdOf(near);
    load(0x390, 6, 120);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Lipc(local, local, never_both(), &from);
    expect(reply_ok(tag, 0x390, 6, 120), "a call to a local id");
    expect(L4_IsThreadEqual(from, local), "from = the local id");
    // A thread number that does not exist, and a wrong version.
    load(0x391, 1, 121);
    tag = L4_Ipc(env::fresh_id(), env::fresh_id(), never_both(), &from);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 4, "no such thread: send error 2");
    tag = L4_Ipc(env::with_version(near, 7), near, never_both(), &from);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 4, "wrong version: send error 2");
    eligible_call(near, 6);
}

void check6_partner_not_waiting()
{
    // The server is busy (not yet in its receive phase): the caller blocks
    // in its send phase until it is.
    L4_ThreadId_t near = env::spawn(echo, 0, 0, false);
    if (!expect(!L4_IsNilThread(near), "a server not started yet"))
        return;
    load(0x3A0, 2, 130);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(near, near, L4_Timeouts(L4_ZeroTime, L4_Never), &from);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 2, "zero send timeout: send timeout (1)");
    env::start_thread(near);
    load(0x3A1, 2, 131);
    tag = L4_Ipc(near, near, L4_Timeouts(env::us(env::wait_us), L4_Never), &from);
    expect(reply_ok(tag, 0x3A1, 2, 131), "the call went through once it waited");
}

// Receives once with a receive timeout (not fast-resumable), replies.
void timed_receiver(L4_Word_t)
{
    L4_ThreadId_t from;
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_anythread,
                             L4_Timeouts(L4_Never, env::us(env::wait_us)), &from);
    L4_Word_t u = L4_UntypedWords(tag);
    for (L4_Word_t i = 1; i <= u; i++) {
        L4_Word_t w;
        L4_StoreMR(static_cast<int>(i), &w);
        L4_LoadMR(static_cast<int>(i), ~w);
    }
    L4_Set_MsgTag(tag_of(L4_Label(tag) + 1, u, 0));
    L4_Reply(from);
    env::park();
}

void check6_partner_waits_with_timeout()
{
    L4_ThreadId_t near = env::spawn(timed_receiver, 0);
    if (!expect(!L4_IsNilThread(near), "a receiver with a timeout"))
        return;
    env::wait_for_state(near, L4_SCHEDRESULT_WAITING, "the receiver waits");
    load(0x3B0, 7, 140);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(near, near, never_both(), &from);
    expect(reply_ok(tag, 0x3B0, 7, 140), "delivered to a receiver waiting with a timeout");
}

// Waits for a message from the pager thread only.
void closed_receiver(L4_Word_t)
{
    L4_ThreadId_t from;
    L4_Ipc(L4_nilthread, env::pager_id, L4_Timeouts(L4_Never, L4_Never), &from);
    env::park();
}

void check7_partner_waits_for_someone_else()
{
    L4_ThreadId_t near = env::spawn(closed_receiver, 0);
    if (!expect(!L4_IsNilThread(near), "a closed receiver"))
        return;
    env::wait_for_state(near, L4_SCHEDRESULT_WAITING, "the closed receiver waits");
    load(0x3C0, 1, 150);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(near, near, L4_Timeouts(env::us(5000), L4_Never), &from);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 2, "it does not accept us: send timeout");
}

// Sends one message to main, then exits.
void sender(L4_Word_t label)
{
    L4_Set_MsgTag(tag_of(label, 0, 0));
    L4_Send_Timeout(env::main_id, env::us(env::wait_us));
    env::park();
}

void check9_a_sender_waits_for_the_caller()
{
    // Someone is queued to send to us while we call a server: our receive
    // phase (reply and wait) must take that sender before blocking. The
    // server's reply may come before we wait for it: it waits for us.
    L4_ThreadId_t far = other_space_server(1);
    L4_ThreadId_t s = env::spawn(sender, 0x3D5);
    if (L4_IsNilThread(far) || !expect(!L4_IsNilThread(s), "a sender"))
        return;
    // Wait until s is blocked sending to us (ExchangeRegisters reports S).
    L4_Word_t waited = 0;
    for (;; waited += 1000) {
        L4_Word_t control = 0, dummy;
        L4_ThreadId_t pager;
        L4_ExchangeRegisters(s, 0, 0, 0, 0, 0, L4_nilthread, &control, &dummy, &dummy, &dummy,
                             &dummy, &pager);
        if ((control & 4) || waited >= env::wait_us)
            break;
        env::sleep_us(1000);
    }
    expect(waited < env::wait_us, "the sender blocked on us");
    load(0x3D0, 1, 160);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(far, L4_anythread, never_both(), &from);
    expect(!env::ipc_failed(tag), "reply-and-wait succeeded");
    expect(L4_Label(tag) == 0x3D5 && L4_IsThreadEqual(from, L4_LocalIdOf(s)),
           "it received the queued sender first");
    tag = L4_Ipc(L4_nilthread, far, L4_Timeouts(L4_Never, env::us(env::wait_us)), &from);
    expect(reply_ok(tag, 0x3D0, 1, 160), "then the server's reply");
}

void check10_partner_priority()
{
    // A server of another priority than the caller: the slow path decides
    // who runs; the result is the same.
    L4_Word_t mine = 0;
    L4_Word_t old_tc;
    L4_ThreadId_t far = other_space_server();
    if (L4_IsNilThread(far))
        return;
    const L4_Word_t priorities[] = {50, 200};
    for (L4_Word_t prio : priorities) {
        L4_Word_t r = L4_Schedule(far, ~0ul, ~0ul, prio, ~0ul, &old_tc);
        expect(r != 0, "the server's priority was set");
        load(0x3E0, 3, 170 + prio);
        L4_ThreadId_t from;
        reply_ok(L4_Ipc(far, far, never_both(), &from), 0x3E0, 3, 170 + prio);
        ++mine;
    }
    expect_eq(mine, 2, "both priorities tried");
}

// Check 11: a caller in a space with a redirector. Its call to a waiting
// echo server in another space would pass checks 1..10; it must reach the
// redirector (slow path) instead, which answers in the server's name.
struct Redirected_call {
    L4_ThreadId_t server, redirector;
    L4_Word_t go, done;
    L4_Word_t reply_tag, reply_word, actual;  // what the caller got
    L4_Word_t seen_tag, intended;             // what the redirector got
};
Redirected_call redirected_call;

void redirected_caller(L4_Word_t)
{
    Redirected_call& r = redirected_call;
    L4_Word_t deadline = env::now_us() + 2 * env::wait_us;
    while (!__atomic_load_n(&r.go, __ATOMIC_ACQUIRE) && env::now_us() < deadline)
        L4_ThreadSwitch(L4_nilthread);
    load(0x3B0, 2, 110);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(r.server, r.server, never_both(), &from);
    r.reply_tag = tag.raw;
    L4_StoreMR(1, &r.reply_word);
    r.actual = L4_ActualSender().raw;
    __atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
}

void redirector(L4_Word_t)
{
    Redirected_call& r = redirected_call;
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait_Timeout(env::us(3 * env::wait_us), &from);
    r.seen_tag = tag.raw;
    r.intended = L4_IntendedReceiver().raw;
    if (env::ipc_failed(tag))
        return;
    L4_Word_t w;
    L4_StoreMR(1, &w);
    L4_LoadMR(1, ~w);
    L4_MsgTag_t reply = tag_of(L4_Label(tag) + 1, 1, 0);
    L4_Set_Propagation(&reply);  // in the server's name
    L4_Set_VirtualSender(r.server);
    L4_Set_MsgTag(reply);
    (void)L4_Send_Timeout(from, env::us(env::wait_us));
}

void check11_redirected_caller()
{
    Redirected_call& r = redirected_call;
    r = Redirected_call{};
    r.server = other_space_server();
    r.redirector = same_priority(env::spawn(redirector, 0));
    L4_ThreadId_t caller = same_priority(env::new_space(redirected_caller, 0));
    if (L4_IsNilThread(r.server) || !expect(!L4_IsNilThread(r.redirector), "redirector") ||
        !expect(!L4_IsNilThread(caller), "caller"))
        return;
    L4_Word_t old;
    if (!expect_eq(L4_SpaceControl(caller, 0, L4_Nilpage, L4_Nilpage, r.redirector, &old), 1,
                   "SpaceControl(redirector)"))
        return;
    env::wait_for_state(r.server, L4_SCHEDRESULT_WAITING, "the echo server waits");
    env::wait_for_state(r.redirector, L4_SCHEDRESULT_WAITING, "the redirector waits");
    __atomic_store_n(&r.go, 1, __ATOMIC_RELEASE);
    L4_Word_t deadline = env::now_us() + 3 * env::wait_us;
    while (!__atomic_load_n(&r.done, __ATOMIC_ACQUIRE) && env::now_us() < deadline)
        env::sleep_us(1000);
    if (!expect(__atomic_load_n(&r.done, __ATOMIC_ACQUIRE) != 0, "the caller finished"))
        return;
    expect(r.seen_tag & (1ul << 13), "the redirector got the call, tag bit r set");
    expect_eq(r.intended, r.server.raw, "IntendedReceiver = the server");
    expect(!(r.reply_tag & 0x8000), "the call succeeded");
    expect_eq(r.reply_tag >> 16, 0x3B1, "reply label");
    expect(r.reply_tag & (1ul << 12), "the reply is the redirector's (propagated)");
    expect_eq(r.reply_word, ~word(110, 1), "reply word");
    expect_eq(r.actual, r.redirector.raw, "ActualSender = the redirector");
}

const conf::Case cases[] = {
    {"eligible_inter_and_intra", eligible_inter_and_intra},
    {"check2_typed_words", check2_typed_words},
    {"check2_more_than_seven_words", check2_more_than_seven_words},
    {"check2_flag_bits", check2_flag_bits},
    {"check3_send_only_and_receive_only", check3_send_only_and_receive_only},
    {"check3_other_receive_specifier", check3_other_receive_specifier},
    {"check4_receive_timeout", check4_receive_timeout},
    {"check5_local_and_bad_destinations", check5_local_and_bad_destinations},
    {"check6_partner_not_waiting", check6_partner_not_waiting},
    {"check6_partner_waits_with_timeout", check6_partner_waits_with_timeout},
    {"check7_partner_waits_for_someone_else", check7_partner_waits_for_someone_else},
    {"check9_a_sender_waits_for_the_caller", check9_a_sender_waits_for_the_caller},
    {"check10_partner_priority", check10_partner_priority},
    {"check11_redirected_caller", check11_redirected_caller},
};

}  // namespace

const conf::Group fastpath_group = {"fastpath", cases, sizeof cases / sizeof cases[0]};
