// SPDX-License-Identifier: BSD-2-Clause
// The world's legitimate threads (roles.hpp): echo servers, IPC pairs that
// check every word they receive, page touchers that check what they wrote,
// and the rescuers that keep a stuck fuzzer going. They run while the
// fuzzers cancel, halt and resume them; every wrong result is counted.
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <l4io.h>

#include "roles.hpp"
#include "world.hpp"

namespace fuzz {

namespace {

constexpr L4_Word_t label_request = 0x5EC;
constexpr L4_Word_t label_reply = 0x5ED;
constexpr L4_Word_t reply_key = 0xA5A5F00DC0FFEE11ul;
constexpr unsigned burst = 4;              // operations between 2 ms sleeps
constexpr L4_Word_t error_canceled = 3;
constexpr L4_Word_t error_no_partner = 2;
constexpr unsigned max_reports = 16;
unsigned reports;                          // error lines printed so far (all threads)

L4_Word_t mix(L4_Word_t a, L4_Word_t b)
{
    L4_Word_t z = a * 0x9E3779B97F4A7C15ul + b * 0xC2B2AE3D27D4EB4Ful + 1;
    z ^= z >> 29;
    z *= 0xBF58476D1CE4E5B9ul;
    return z ^ (z >> 32);
}

void report_error(unsigned thread, const char* what, L4_Word_t a, L4_Word_t b)
{
    if (world.quiet)
        return;
    world.workers[thread].errors = world.workers[thread].errors + 1;
    if (reports++ < max_reports)
        printf("fuzz: worker %lx: %s (0x%lx, 0x%lx)\n", world.threads[thread].id.raw, what, a, b);
}

void rest()
{
    L4_Sleep(period_us(2000));
}

// The partner of a pair member: client in space i talks to the server in
// space i % agents + 1; the root space's pair stays in the root space.
unsigned server_space_of(unsigned client_space)
{
    return client_space == 0 ? 0 : client_space % world.agents + 1;
}

L4_ThreadId_t find_partner(unsigned thread, Role role, unsigned space)
{
    const Thread_rec& me = world.threads[thread];
    for (unsigned i = 0; i < world.thread_count; i++) {
        const Thread_rec& r = world.threads[i];
        if (r.in_use && r.role == role && r.space == space)
            return r.space == me.space ? r.local : r.id;
    }
    return L4_nilthread;
}

L4_Word_t error_code() { return (L4_ErrorCode() >> 1) & 7; }

}  // namespace

// ---- Rescuer -----------------------------------------------------------------------------

void rescuer_loop(unsigned space)
{
    Fuzzer_stats& f = world.fuzzers[space];
    // The global id: a local one is resolved through the fuzzer's UTCB,
    // whose MyGlobalId the fuzzer scrambles now and then.
    L4_ThreadId_t fuzzer = world.threads[f.thread].id;
    L4_Word_t last = f.calls;
    bool blocked_before = false;
    for (;;) {
        L4_Sleep(period_us(2000));
        L4_Word_t now = f.calls;
        L4_Word_t dummy, control = 0;
        L4_ThreadId_t p;
        if (now == last && f.in_call && !f.done)
            (void)L4_ExchangeRegisters(fuzzer, 0, 0, 0, 0, 0, L4_nilthread, &control, &dummy, &dummy, &dummy,
                                       &dummy, &p);
        // Halted: a page fault whose IPC was canceled (the fuzzer never
        // halts itself). Resumed, it faults again and is served.
        if (control & 1u) {
            (void)L4_ExchangeRegisters(fuzzer, 1u << 8, 0, 0, 0, 0, L4_nilthread, &dummy, &dummy, &dummy,
                                       &dummy, &dummy, &p);
            f.rescues = f.rescues + 1;
        }
        // Stuck: the same call, blocked in IPC, at two looks 2 ms apart. A
        // page-fault IPC (which should not be aborted: the thread would
        // halt) rarely takes that long; a fuzzer that is merely not
        // scheduled has neither R nor S.
        bool blocked = now == last && f.in_call && (control & ((1u << 1) | (1u << 2)));
        if (blocked && blocked_before) {
            // Abort both phases and undo a halt: the fuzzer goes on.
            (void)L4_ExchangeRegisters(fuzzer, (1u << 1) | (1u << 2) | (1u << 8), 0, 0, 0, 0, L4_nilthread,
                                       &dummy, &dummy, &dummy, &dummy, &dummy, &p);
            f.rescues = f.rescues + 1;
            blocked = false;
        }
        blocked_before = blocked;
        last = now;
    }
}

// ---- Echo ----------------------------------------------------------------------------------

// Typed items of a received message as the echo may send them back: maps
// only (a grant would give away the echo's own pages, in the root space
// this image), and write access only to donor pages.
void tame_items(L4_MsgTag_t tag)
{
    unsigned u = static_cast<unsigned>(L4_UntypedWords(tag)), t = static_cast<unsigned>(L4_TypedWords(tag));
    for (unsigned i = u + 1; i + 1 <= u + t && i + 1 < 64; i += 2) {
        L4_Word_t w0, f;
        L4_StoreMR(static_cast<int>(i), &w0);
        L4_StoreMR(static_cast<int>(i + 1), &f);
        if (((w0 >> 1) & 7) == 5)
            L4_LoadMR(static_cast<int>(i), (w0 & ~L4_Word_t{0xE}) | 0x8);
        unsigned size = (f >> 4) & 0x3f;
        L4_Word_t base = size >= 64 ? 0 : f & ~((L4_Word_t{1} << size) - 1) & ~L4_Word_t{0x3ff};
        bool donor = size >= 12 && size < 64 && base >= donor_base() &&
                     base + (L4_Word_t{1} << size) <= donor_base() + donor_pages * page;
        if (!donor)
            L4_LoadMR(static_cast<int>(i + 1), f & ~L4_Word_t{L4_Writable});
    }
}

void echo_loop()
{
    // Mappings may arrive in this space's window (nothing else lives there).
    L4_Accept(L4_MapGrantItems(L4_FpageLog2(window_base, window_log2)));
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (ipc_failed(tag) || L4_IsNilThread(from)) {
            tag = L4_Wait(&from);
            continue;
        }
        // The message is still in the MRs: send it back as it came.
        tame_items(tag);
        L4_Set_MsgTag(L4_MsgTag_t{.raw = tag.raw & ~L4_Word_t{0xF000}});
        tag = L4_ReplyWait(from, &from);
    }
}

// ---- IPC pair ------------------------------------------------------------------------------

void client_loop(unsigned thread)
{
    Worker_stats& st = world.workers[thread];
    unsigned space = world.threads[thread].space;
    L4_ThreadId_t server = find_partner(thread, Role::server, server_space_of(space));
    bool local = space == 0;
    L4_Word_t seq = mix(thread, 1) & 0xFFFFFF;
    L4_Accept(L4_UntypedWordsAcceptor);
    for (;;) {
        for (unsigned b = 0; b < burst; b++) {
            unsigned u = 2 + static_cast<unsigned>(seq % 12);
            L4_Msg_t msg;
            L4_MsgClear(&msg);
            L4_Set_MsgLabel(&msg, label_request);
            L4_MsgAppendWord(&msg, seq);
            for (unsigned k = 2; k <= u; k++)
                L4_MsgAppendWord(&msg, mix(seq, k));
            L4_MsgLoad(&msg);
            L4_ThreadId_t from;
            L4_MsgTag_t tag = local ? L4_Lipc(server, server, L4_Timeouts(L4_Never, L4_Never), &from)
                                    : L4_Call(server);
            if (ipc_failed(tag)) {
                L4_Word_t e = error_code();
                if (e == error_canceled || (e == error_no_partner && world.quiet)) {
                    st.retries = st.retries + 1;
                } else {
                    report_error(thread, "call failed", e, L4_ErrorCode());
                    rest();
                }
                b = burst;   // re-issue the same request after a rest
                continue;
            }
            L4_Word_t w[64];
            L4_StoreMRs(1, static_cast<int>(L4_UntypedWords(tag)), w);
            bool ok = L4_Label(tag) == label_reply && L4_UntypedWords(tag) == u &&
                      L4_TypedWords(tag) == 0 && w[0] == seq;
            for (unsigned k = 2; ok && k <= u; k++)
                ok = w[k - 1] == (mix(seq, k) ^ reply_key);
            if (!ok)
                report_error(thread, "wrong reply", tag.raw, seq);
            seq++;
            st.progress = st.progress + 1;
        }
        rest();
    }
}

void server_loop(unsigned thread)
{
    Worker_stats& st = world.workers[thread];
    unsigned space = world.threads[thread].space;
    unsigned client_space = space == 0 ? 0 : space == 1 ? world.agents : space - 1;
    L4_ThreadId_t client = find_partner(thread, Role::client, client_space);
    bool local = space == 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Receive(client);
    for (;;) {
        if (ipc_failed(tag)) {
            // Canceled, or a reply the client no longer waited for (it was
            // canceled and will ask again): receive anew.
            tag = L4_Receive(client);
            continue;
        }
        unsigned u = static_cast<unsigned>(L4_UntypedWords(tag));
        L4_Word_t w[64];
        L4_StoreMRs(1, static_cast<int>(u), w);
        bool ok = L4_Label(tag) == label_request && u >= 2 && u <= 13 && L4_TypedWords(tag) == 0 &&
                  u == 2 + w[0] % 12;
        for (unsigned k = 2; ok && k <= u; k++)
            ok = w[k - 1] == mix(w[0], k);
        if (!ok) {
            report_error(thread, "wrong request", tag.raw, u ? w[0] : 0);
            tag = L4_Receive(client);
            continue;
        }
        L4_Msg_t msg;
        L4_MsgClear(&msg);
        L4_Set_MsgLabel(&msg, label_reply);
        L4_MsgAppendWord(&msg, w[0]);
        for (unsigned k = 2; k <= u; k++)
            L4_MsgAppendWord(&msg, w[k - 1] ^ reply_key);
        L4_MsgLoad(&msg);
        st.progress = st.progress + 1;
        tag = local ? L4_Lipc(client, client, L4_Timeouts(L4_ZeroTime, L4_Never), &from)
                    : L4_Ipc(client, client, L4_Timeouts(L4_ZeroTime, L4_Never), &from);
    }
}

// ---- Toucher ---------------------------------------------------------------------------------

void toucher_loop(unsigned thread)
{
    Worker_stats& st = world.workers[thread];
    unsigned space = world.threads[thread].space;
    constexpr unsigned words = page / sizeof(L4_Word_t);
    L4_Word_t last_index[touch_pages] = {};
    L4_Word_t last_value[touch_pages] = {};
    L4_Word_t seq = 1;
    for (unsigned p = 0; p < touch_pages; p++) {
        auto* w = reinterpret_cast<volatile L4_Word_t*>(touch_page(space, p));
        last_value[p] = w[0];
    }
    for (;;) {
        for (unsigned b = 0; b < burst; b++) {
            for (unsigned p = 0; p < touch_pages; p++) {
                auto* w = reinterpret_cast<volatile L4_Word_t*>(touch_page(space, p));
                // What the last round wrote must still be there (the page
                // may have been unmapped and faulted in again meanwhile).
                if (w[last_index[p]] != last_value[p])
                    report_error(thread, "touch page lost a write", touch_page(space, p) + last_index[p] * 8,
                                 w[last_index[p]]);
                L4_Word_t i = mix(seq, p) % words;
                L4_Word_t v = mix(seq, i + p);
                w[i] = v;
                if (w[i] != v)
                    report_error(thread, "touch page read back wrong", touch_page(space, p) + i * 8, w[i]);
                last_index[p] = i;
                last_value[p] = v;
            }
            seq++;
            st.progress = st.progress + 1;
        }
        rest();
    }
}

}  // namespace fuzz
