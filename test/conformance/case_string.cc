// SPDX-License-Identifier: BSD-2-Clause
// String items (x2-api 1.7-1.9, 5.7-5.10): simple and compound strings,
// receive buffers, byte-stream semantics, every overflow condition with its
// offset, page faults during the copy on both sides, transfer timeouts,
// aborts, strings with map items, a long copy that must stay preemptible,
// and the convenience functions of <l4/message.h>.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t page = 4096;

// A string item header (x2-api 1.7): length, substrings, c (continues), C.
constexpr L4_Word_t hdr(L4_Word_t len, unsigned subs = 1, bool c = false, bool C = false)
{
    return (len << 10) | (c ? 0x200u : 0u) | (L4_Word_t{subs - 1} << 4) | (C ? 1u : 0u);
}

// An IPC error code (x2-api 1.9).
constexpr L4_Word_t err(L4_Word_t e, bool receive, L4_Word_t offset = 0)
{
    return (offset << 4) | (e << 1) | (receive ? 1u : 0u);
}

constexpr L4_Word_t tag_of(L4_Word_t label, L4_Word_t u, L4_Word_t t)
{
    return (label << 16) | (t << 6) | u;
}

// An address in no space of the suite (fault cases: the black-hole pager
// gets the fault and never answers).
constexpr L4_Word_t hole = 0x1000000000ul;
// An address in the kernel part of every space.
constexpr L4_Word_t kernel_addr = ~L4_Word_t{0} << 47;

alignas(4096) unsigned char src[4 * page];
alignas(4096) unsigned char dst[4 * page];
constexpr unsigned char sentinel = 0xEE;

unsigned char byte_at(L4_Word_t seed, L4_Word_t i)
{
    return static_cast<unsigned char>((i * 131 + seed * 7 + (i >> 8)) & 0xFF);
}

void fill_src(L4_Word_t seed)
{
    for (L4_Word_t i = 0; i < sizeof src; i++)
        src[i] = byte_at(seed, i);
    for (L4_Word_t i = 0; i < sizeof dst; i++)
        dst[i] = sentinel;
}

// dst[at .. at+n) holds src[from .. from+n).
bool same(L4_Word_t at, L4_Word_t from, L4_Word_t n)
{
    for (L4_Word_t i = 0; i < n; i++)
        if (dst[at + i] != src[from + i]) {
            conf::note("byte %lu of the buffer: 0x%x, expected 0x%x", at + i, dst[at + i], src[from + i]);
            return false;
        }
    return true;
}

bool untouched(L4_Word_t at, L4_Word_t n)
{
    for (L4_Word_t i = 0; i < n; i++)
        if (dst[at + i] != sentinel) {
            conf::note("byte %lu of the buffer was written", at + i);
            return false;
        }
    return true;
}

L4_Word_t a(const unsigned char* p)
{
    return reinterpret_cast<L4_Word_t>(p);
}

// ---- Threads of the root space -----------------------------------------------------------

struct Party {
    L4_Word_t words[34];   // receiver: BR0.. ; sender: MR0..
    unsigned n;
    L4_ThreadId_t partner; // receiver: FromSpecifier; sender: destination
    L4_Word_t timeouts;
    L4_Word_t xfer;        // XferTimeouts TCR
    L4_ThreadId_t pager;   // nil: keep sigma0
    // Results.
    L4_Word_t tag, error, mr[16], done_us;
};
Party rx, tx;

void clear(Party& p)
{
    p = Party{};
    p.partner = main_id;
    p.timeouts = env::timeouts(env::wait_us, env::wait_us);
}

void finish(Party& p, L4_MsgTag_t tag)
{
    p.done_us = env::now_us();
    p.tag = tag.raw;
    p.error = env::ipc_failed(tag) ? L4_ErrorCode() : 0;
    L4_StoreMRs(1, 15, p.mr);
}

void rx_thread(L4_Word_t)
{
    for (unsigned i = 0; i < rx.n; i++)
        L4_LoadBR(static_cast<int>(i), rx.words[i]);
    L4_Set_XferTimeouts(rx.xfer);
    if (!L4_IsNilThread(rx.pager))
        L4_Set_Pager(rx.pager);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, rx.partner, rx.timeouts, &from);
    finish(rx, tag);
    L4_Accept(L4_UntypedWordsAcceptor);
    env::signal_main();
}

void tx_thread(L4_Word_t)
{
    L4_Set_XferTimeouts(tx.xfer);
    if (!L4_IsNilThread(tx.pager))
        L4_Set_Pager(tx.pager);
    L4_LoadMRs(0, static_cast<int>(tx.n), tx.words);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(tx.partner, L4_nilthread, tx.timeouts, &from);
    finish(tx, tag);
    env::signal_main();
}

// A pager that takes page faults and never answers.
struct {
    volatile L4_Word_t count, label, addr, ip;
} hole_log;

void hole_pager(L4_Word_t)
{
    L4_Accept(L4_UntypedWordsAcceptor);
    for (;;) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait(&from);
        if (env::ipc_failed(tag))
            continue;
        L4_Word_t w[2];
        L4_StoreMRs(1, 2, w);
        hole_log.label = L4_Label(tag);
        hole_log.addr = w[0];
        hole_log.ip = w[1];
        hole_log.count = hole_log.count + 1;
    }
}

// Waits (up to wait_us) until the black-hole pager has taken a fault.
bool hole_fault_taken()
{
    L4_Word_t start = env::now_us();
    while (hole_log.count == 0 && env::now_us() - start < env::wait_us)
        env::sleep_us(200);
    return hole_log.count >= 1;
}

L4_ThreadId_t start_hole_pager()
{
    hole_log.count = 0;
    return env::spawn(hole_pager, 0, 150);
}

// Main sends MR0..n-1 of words to 'to'; returns the tag, *error the ErrorCode.
L4_MsgTag_t main_send(const L4_Word_t* words, unsigned n, L4_ThreadId_t to, L4_Word_t* error)
{
    L4_LoadMRs(0, static_cast<int>(n), const_cast<L4_Word_t*>(words));
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(to, L4_nilthread, env::timeouts(env::wait_us, 0), &from);
    *error = env::ipc_failed(tag) ? L4_ErrorCode() : 0;
    return tag;
}

// Main receives from 'from' with BR0..n-1 = brs; returns the tag, *error.
L4_MsgTag_t main_receive(const L4_Word_t* brs, unsigned n, L4_ThreadId_t from_spec, L4_Word_t* error)
{
    for (unsigned i = 0; i < n; i++)
        L4_LoadBR(static_cast<int>(i), brs[i]);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, from_spec, env::timeouts(0, env::wait_us), &from);
    *error = env::ipc_failed(tag) ? L4_ErrorCode() : 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    return tag;
}

// Runs one transfer main -> rx thread (receive buffers in rx.words) with
// main's message 'msg'; receiver_first: rx blocks first (main copies),
// else main blocks first (rx copies). Returns main's error.
L4_Word_t to_rx(const L4_Word_t* msg, unsigned n, bool receiver_first = true)
{
    L4_ThreadId_t r = env::spawn(rx_thread, 0, 0, false);
    if (!expect(!L4_IsNilThread(r), "receiver thread"))
        return ~0ul;
    env::start_thread(r);
    if (receiver_first)
        env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_Word_t error;
    (void)main_send(msg, n, r, &error);
    expect(env::wait_done(r), "the receiver reports");
    return error;
}

// ---- Cases: content ---------------------------------------------------------------------

void simple(bool receiver_first)
{
    fill_src(1);
    clear(rx);
    rx.words[0] = 1;  // accept strings
    rx.words[1] = hdr(100);
    rx.words[2] = a(dst);
    rx.n = 3;
    L4_Word_t msg[] = {tag_of(0x55, 1, 2), 0x1234, hdr(64), a(src)};
    L4_Word_t e = to_rx(msg, 4, receiver_first);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "receiver succeeds");
    expect_eq(rx.tag, tag_of(0x55, 1, 2), "the receiver's tag: label, u = 1, t = 2");
    expect_eq(rx.mr[0], 0x1234, "the untyped word");
    expect_eq(rx.mr[1], hdr(64), "the item's header word in MR2");
    expect(same(0, 0, 64), "64 bytes arrive exactly");
    expect(untouched(64, 100), "the rest of the buffer is untouched");
}

void case_simple_sender_copies() { simple(true); }
void case_simple_receiver_copies() { simple(false); }

void case_compound_send()
{
    fill_src(2);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(200);
    rx.words[2] = a(dst);
    rx.n = 3;
    // Three substrings of 10 bytes, then a continuing item of one 7-byte substring.
    L4_Word_t msg[] = {tag_of(1, 0, 6), hdr(10, 3, true), a(src + 100), a(src + 5), a(src + 300),
                       hdr(7), a(src + 1000)};
    L4_Word_t e = to_rx(msg, 7);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "receiver succeeds");
    expect(same(0, 100, 10) && same(10, 5, 10) && same(20, 300, 10) && same(30, 1000, 7),
           "the concatenation of all substrings arrives");
    expect(untouched(37, 50), "nothing after it");
}

void case_compound_receive()
{
    fill_src(3);
    clear(rx);
    rx.words[0] = 1;
    // Buffer: 4 substrings of 16 bytes, continued by 2 substrings of 8 bytes.
    rx.words[1] = hdr(16, 4, true);
    rx.words[2] = a(dst + 1000);
    rx.words[3] = a(dst + 0);
    rx.words[4] = a(dst + 2000);
    rx.words[5] = a(dst + 3000);
    rx.words[6] = hdr(8, 2);
    rx.words[7] = a(dst + 4000);
    rx.words[8] = a(dst + 5000);
    rx.n = 9;
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(75), a(src + 17)};
    L4_Word_t e = to_rx(msg, 3);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "receiver succeeds");
    expect(same(1000, 17, 16) && same(0, 33, 16) && same(2000, 49, 16) && same(3000, 65, 16) &&
               same(4000, 81, 8) && same(5000, 89, 3),
           "the byte stream fills the substrings in order");
    expect(untouched(5003, 5), "the last substring is only partly used");
}

void case_multiple_strings()
{
    fill_src(4);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(100, 1, false, true);  // C: another buffer follows
    rx.words[2] = a(dst);
    rx.words[3] = hdr(100, 1, false, true);
    rx.words[4] = a(dst + 200);
    rx.words[5] = hdr(100);
    rx.words[6] = a(dst + 400);
    rx.n = 7;
    L4_Word_t msg[] = {tag_of(1, 1, 6), 77, hdr(30), a(src), hdr(100), a(src + 500), hdr(1), a(src + 999)};
    L4_Word_t e = to_rx(msg, 8);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "receiver succeeds");
    expect(same(0, 0, 30) && untouched(30, 70), "string 1 in buffer 1, its rest unused");
    expect(same(200, 500, 100), "string 2 starts in buffer 2");
    expect(same(400, 999, 1) && untouched(401, 10), "string 3 in buffer 3");
}

void case_zero_length()
{
    fill_src(5);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(16);
    rx.words[2] = a(dst);
    rx.n = 3;
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(0), a(src)};
    L4_Word_t e = to_rx(msg, 3);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "an empty string is no error");
    expect(untouched(0, 16), "nothing is written");
}

void case_exactly_br32()
{
    fill_src(6);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(8, 31);  // header in BR1, 31 addresses in BR2..BR32
    for (unsigned i = 0; i < 31; i++)
        rx.words[2 + i] = a(dst + 16 * i);
    rx.n = 33;
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(248), a(src)};
    L4_Word_t e = to_rx(msg, 3);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "a buffer ending in BR32 is fine");
    bool ok = true;
    for (unsigned i = 0; i < 31; i++)
        ok = ok && same(16 * i, 8 * i, 8) && untouched(16 * i + 8, 8);
    expect(ok, "8 bytes in each of 31 substrings");
}

void case_intra_space_overlap()
{
    // Source and buffer overlap in one space: the copy behaves like memmove.
    fill_src(7);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(64);
    rx.words[2] = a(src + 8);
    rx.n = 3;
    unsigned char expect_bytes[64];
    for (unsigned i = 0; i < 64; i++)
        expect_bytes[i] = src[i];
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(64), a(src)};
    L4_Word_t e = to_rx(msg, 3);
    expect_eq(e, 0, "sender succeeds");
    expect_eq(rx.error, 0, "receiver succeeds");
    bool ok = true;
    for (unsigned i = 0; i < 64; i++)
        ok = ok && src[8 + i] == expect_bytes[i];
    expect(ok, "the overlapping copy keeps the source bytes");
}

// ---- Cases: overflow (error 4 with the offset) -----------------------------------------------

void overflow_case(const L4_Word_t* msg, unsigned n, L4_Word_t offset, const char* what)
{
    L4_Word_t e = to_rx(msg, n);
    expect_eq(e, err(4, false, offset), what);
    expect_eq(rx.error, err(4, true, offset), "the receiver's error: overflow, same offset");
    expect((rx.tag & 0x8000) != 0, "the receiver's tag has E");
    expect_eq(rx.tag & 0xFFF, msg[0] & 0xFFF, "and the sent u and t");
}

void case_longer_than_buffer()
{
    fill_src(8);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(40);
    rx.words[2] = a(dst);
    rx.n = 3;
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(100), a(src)};
    overflow_case(msg, 3, 40, "a string longer than the buffer: overflow after 40 bytes");
    expect(same(0, 0, 40) && untouched(40, 60), "the buffer is filled, nothing beyond it");
}

void case_no_string_acceptor()
{
    fill_src(9);
    clear(rx);
    rx.words[0] = 0;  // s = 0
    rx.words[1] = hdr(100);
    rx.words[2] = a(dst);
    rx.n = 3;
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(10), a(src)};
    overflow_case(msg, 3, 0, "BR0.s = 0: overflow at offset 0");
    expect(untouched(0, 100), "nothing written");
}

void case_no_further_buffer()
{
    fill_src(10);
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(100);  // C = 0: the only buffer
    rx.words[2] = a(dst);
    rx.words[3] = hdr(100);  // not linked: must not be used
    rx.words[4] = a(dst + 200);
    rx.n = 5;
    L4_Word_t msg[] = {tag_of(1, 0, 4), hdr(20), a(src), hdr(5), a(src + 50)};
    overflow_case(msg, 5, 20, "a second string without a second buffer");
    expect(same(0, 0, 20) && untouched(200, 10), "only the first string arrived");
}

void case_buffer_past_br32()
{
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(8, 32);  // 33 words from BR1: past BR32
    for (unsigned i = 0; i < 31; i++)
        rx.words[2 + i] = a(dst);
    rx.n = 33;
    fill_src(11);
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(8), a(src)};
    overflow_case(msg, 3, 0, "a receive buffer that runs past BR32");
}

void case_buffer_not_string()
{
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = 0x8;  // a map item header in BR1
    rx.words[2] = a(dst);
    rx.n = 3;
    fill_src(12);
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(8), a(src)};
    overflow_case(msg, 3, 0, "a receive buffer that is not a string item");
}

void case_send_item_cut_off()
{
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(100);
    rx.words[2] = a(dst);
    rx.n = 3;
    fill_src(13);
    // Three substrings need 4 words; t = 3 cuts the item.
    L4_Word_t msg[] = {tag_of(1, 0, 3), hdr(8, 3), a(src), a(src + 8), a(src + 16)};
    overflow_case(msg, 5, 0, "a string item cut off by the end of the typed words");
    expect(untouched(0, 100), "nothing copied");
}

void case_send_address_outside_user()
{
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(100);
    rx.words[2] = a(dst);
    rx.n = 3;
    fill_src(14);
    // 16 good bytes, then a substring in the kernel part.
    L4_Word_t msg[] = {tag_of(1, 0, 3), hdr(16, 2), a(src), kernel_addr};
    overflow_case(msg, 4, 16, "a send substring outside the user part");
    expect(same(0, 0, 16) && untouched(16, 16), "the first substring arrived");
}

void case_receive_address_outside_user()
{
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(32, 2);
    rx.words[2] = a(dst);
    rx.words[3] = kernel_addr;
    rx.n = 4;
    fill_src(15);
    L4_Word_t msg[] = {tag_of(1, 0, 2), hdr(50), a(src)};
    overflow_case(msg, 3, 32, "a receive substring outside the user part");
    expect(same(0, 0, 32), "the first substring was filled");
}

// ---- Cases: page faults in the copy (client spaces, the suite's pager) ----------------------

constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;
constexpr L4_Word_t pf_label = (~L4_Word_t{1} << 4) & label_mask;

unsigned char* test_bytes(unsigned i)
{
    return reinterpret_cast<unsigned char*>(env::test_page(i));
}

// In a client: sends in[1] bytes at in[2] (a string) to in[0].
unsigned client_send_string(const L4_Word_t* in, L4_Word_t*)
{
    L4_ThreadId_t to;
    to.raw = in[0];
    L4_Word_t msg[] = {tag_of(7, 0, 2), hdr(in[1]), in[2]};
    L4_LoadMRs(0, 3, msg);
    L4_Send_Timeout(to, env::us(env::wait_us));
    return 0;
}

// In a client: receives a message from in[0] with BR0 = in[1] and a simple
// buffer of in[2] bytes at in[3]; then reads word in[4] (if not 0) and sends
// tag, error, that word to in[0].
unsigned client_receive_string(const L4_Word_t* in, L4_Word_t*)
{
    L4_ThreadId_t from;
    from.raw = in[0];
    L4_LoadBR(0, in[1]);
    L4_LoadBR(1, hdr(in[2]));
    L4_LoadBR(2, in[3]);
    L4_MsgTag_t t = L4_Receive_Timeout(from, env::us(env::wait_us));
    L4_Word_t e = env::ipc_failed(t) ? L4_ErrorCode() : 0;
    L4_Word_t w = in[4] ? *reinterpret_cast<volatile L4_Word_t*>(in[4]) : 0;
    L4_Word_t out[] = {tag_of(8, 3, 0), t.raw, e, w};
    L4_LoadMRs(0, 4, out);
    L4_Send_Timeout(from, env::us(env::wait_us));
    return 0;
}

void case_sender_fault_resolved()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "client"))
        return;
    unsigned char* p = test_bytes(2);
    for (unsigned i = 0; i < 2 * page; i++)
        p[i] = byte_at(21, i);  // test pages 2 and 3
    for (L4_Word_t i = 0; i < sizeof dst; i++)
        dst[i] = sentinel;
    unsigned mark = env::fault_mark();
    // 6000 bytes from the middle of test page 2 into test page 3: two pages
    // the client has never touched.
    L4_Word_t in[] = {main_id.raw, 3000, a(p + 2000)};
    expect(env::client_post(c, client_send_string, 3, in), "the client starts sending");
    L4_Word_t brs[] = {1, hdr(4096), a(dst)};
    L4_Word_t error;
    L4_MsgTag_t t = main_receive(brs, 3, c, &error);
    expect_eq(error, 0, "the receive succeeds");
    expect_eq(t.raw, tag_of(7, 0, 2), "the client's tag");
    bool ok = true;
    for (unsigned i = 0; i < 3000; i++)
        ok = ok && dst[i] == byte_at(21, 2000 + i);
    expect(ok, "3000 bytes arrive exactly");
    const env::Fault* f = env::find_fault(mark, c, a(p + 2000));
    if (expect(f != nullptr, "the client's pager got a fault on the source page")) {
        expect_eq(f->label & ~L4_Word_t{0xF}, pf_label, "a page-fault message");
        expect_eq(f->label & 0xF, 4, "read access");
        expect(f->ip != ~L4_Word_t{0}, "with the sender's own IP");
    }
}

void case_receiver_fault_resolved()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "client"))
        return;
    fill_src(22);
    unsigned char* p = test_bytes(4);
    for (unsigned i = 0; i < page; i++)
        p[i] = sentinel;
    unsigned mark = env::fault_mark();
    L4_Word_t in[] = {main_id.raw, 1, 3000, a(p + 100), 0};
    expect(env::client_post(c, client_receive_string, 5, in), "the client starts receiving");
    L4_Word_t msg[] = {tag_of(9, 0, 2), hdr(2500), a(src)};
    L4_Word_t error;
    (void)main_send(msg, 3, c, &error);
    expect_eq(error, 0, "the send succeeds");
    L4_Word_t brs[] = {0};
    L4_MsgTag_t t = main_receive(brs, 1, c, &error);
    if (expect_eq(error, 0, "the client reports")) {
        L4_Word_t r[3];
        L4_StoreMRs(1, 3, r);
        expect_eq(r[1], 0, "the client's receive succeeded");
        expect_eq(r[0], tag_of(9, 0, 2), "with the sent tag");
    }
    (void)t;
    bool ok = true;
    for (unsigned i = 0; i < 2500; i++)
        ok = ok && p[100 + i] == src[i];
    expect(ok && p[99] == sentinel && p[2600] == sentinel, "2500 bytes arrive in the client's page");
    const env::Fault* f = env::find_fault(mark, c, a(p + 100));
    if (expect(f != nullptr, "the receiver's pager got the fault")) {
        expect_eq(f->label & ~L4_Word_t{0xF}, pf_label, "a page-fault message");
        expect_eq(f->label & 0xF, 2, "write access");
        expect_eq(f->ip, ~L4_Word_t{0}, "IP = -1 (raised by the kernel's copy)");
        expect_eq(f->addr & ~(page - 1), a(p), "the fault address in the receiver's space");
    }
}

void case_strings_and_map_item()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "client"))
        return;
    fill_src(23);
    env::fill_page(6, 23);
    unsigned char* p = test_bytes(5);
    for (unsigned i = 0; i < page; i++)
        p[i] = sentinel;
    unsigned mark = env::fault_mark();
    L4_Word_t acceptor = L4_MapGrantItems(L4_CompleteAddressSpace).raw | 1;
    L4_Word_t in[] = {main_id.raw, acceptor, 100, a(p), env::test_page(6) + 3 * sizeof(L4_Word_t)};
    expect(env::client_post(c, client_receive_string, 5, in), "the client starts receiving");
    L4_Fpage_t f = L4_FpageLog2(env::test_page(6), 12);
    L4_Set_Rights(&f, L4_Readable);
    L4_Word_t msg[] = {tag_of(9, 1, 4), 0xAB, env::test_page(6) | 0x8, f.raw, hdr(64), a(src)};
    L4_Word_t error;
    (void)main_send(msg, 6, c, &error);
    expect_eq(error, 0, "the send succeeds");
    L4_Word_t brs[] = {0};
    (void)main_receive(brs, 1, c, &error);
    if (expect_eq(error, 0, "the client reports")) {
        L4_Word_t r[3];
        L4_StoreMRs(1, 3, r);
        expect_eq(r[1], 0, "the client's receive succeeded");
        expect_eq(r[0], tag_of(9, 1, 4), "u = 1, t = 4");
        expect_eq(r[2], env::pattern(23, 3), "the mapped page reads right");
    }
    bool ok = true;
    for (unsigned i = 0; i < 64; i++)
        ok = ok && p[i] == src[i];
    expect(ok, "the string arrived");
    expect(env::find_fault(mark, c, env::test_page(6)) == nullptr, "no fault on the mapped page");
}

// ---- Cases: transfer timeouts, aborts, deletion (a pager that never answers) -----------

// rx receives from tx: its buffer is 64 good bytes, then 64 at 'hole' whose
// fault goes to the black-hole pager. Returns false if setup failed.
// receiver_copies: the sender blocks first, so the receiver copies (else
// the receiver waits first and the sender copies).
bool stuck_transfer(L4_ThreadId_t* r, L4_ThreadId_t* s, L4_Word_t rx_xfer, L4_Word_t tx_xfer,
                    bool sender_faults, L4_Word_t* start, bool receiver_copies = false)
{
    L4_ThreadId_t pager = start_hole_pager();
    fill_src(31);
    clear(rx);
    clear(tx);
    rx.words[0] = 1;
    rx.n = 4;
    rx.partner = L4_anythread;
    rx.xfer = rx_xfer;
    tx.xfer = tx_xfer;
    if (sender_faults) {
        rx.words[1] = hdr(256);
        rx.words[2] = a(dst);
        rx.n = 3;
        tx.words[0] = tag_of(3, 0, 3);
        tx.words[1] = hdr(64, 2);
        tx.words[2] = a(src);
        tx.words[3] = hole;
        tx.n = 4;
        tx.pager = pager;
    } else {
        rx.words[1] = hdr(64, 2);
        rx.words[2] = a(dst);
        rx.words[3] = hole;
        rx.pager = pager;
        tx.words[0] = tag_of(3, 0, 2);
        tx.words[1] = hdr(128);
        tx.words[2] = a(src);
        tx.n = 3;
    }
    tx.timeouts = env::timeouts(env::wait_us, 0);
    *r = env::spawn(rx_thread, 0, 0, !receiver_copies);
    tx.partner = *r;
    *start = env::now_us();
    *s = env::spawn(tx_thread, 0);
    if (receiver_copies) {
        env::wait_for_state(*s, L4_SCHEDRESULT_PENDING_SEND, "the sender blocks in its send phase");
        env::start_thread(*r);
    }
    return expect(!L4_IsNilThread(pager) && !L4_IsNilThread(*r) && !L4_IsNilThread(*s), "threads");
}

void xfer_timeout_case(L4_Word_t rx_xfer, L4_Word_t tx_xfer, bool sender_faults, bool rx_expires,
                       L4_Word_t min_us, bool receiver_copies = false)
{
    L4_ThreadId_t r, s;
    L4_Word_t start;
    if (!stuck_transfer(&r, &s, rx_xfer, tx_xfer, sender_faults, &start, receiver_copies))
        return;
    expect(env::wait_done(s), "the sender's IPC ends");
    expect(env::wait_done(r), "the receiver's IPC ends");
    expect_eq(rx.error, err(rx_expires ? 5 : 6, true, 64), "receiver: transfer timeout, offset 64");
    expect_eq(tx.error, err(rx_expires ? 6 : 5, false, 64), "sender: transfer timeout, offset 64");
    L4_Word_t took = tx.done_us - start;
    expect(took >= min_us, "not before the transfer timeout (SystemClock)");
    expect(took < 1000000, "and soon after it");
    if (min_us)
        conf::note("took %lu us for a %lu us transfer timeout", took, min_us);
    if (min_us == 0) {
        expect_eq(hole_log.count, 0, "a zero transfer timeout fails the fault at once");
    } else if (expect(hole_log.count >= 1, "the fault went to the pager")) {
        expect_eq(hole_log.addr, hole, "fault address");
        expect_eq(hole_log.label & 0xF, sender_faults ? 4 : 2, "access");
    }
    expect(same(0, 0, 64), "the first 64 bytes arrived");
}

L4_Word_t xfer_word(L4_Word_t snd_us, L4_Word_t rcv_us)
{
    auto raw = [](L4_Word_t us) -> L4_Word_t {
        return us == env::never ? 0 : env::us(us).raw;
    };
    return (raw(snd_us) << 16) | raw(rcv_us);
}

void case_xfer_timeout_receiver()
{
    xfer_timeout_case(xfer_word(env::never, 20000), xfer_word(env::never, env::never), false, true, 20000);
}

void case_xfer_timeout_sender()
{
    xfer_timeout_case(xfer_word(env::never, env::never), xfer_word(20000, env::never), true, false, 20000);
}

void case_xfer_timeout_earlier_wins()
{
    // Sender 200 ms, receiver 20 ms: the receiver's is the earlier one.
    xfer_timeout_case(xfer_word(env::never, 20000), xfer_word(200000, env::never), true, true, 20000);
}

void case_xfer_timeout_receiver_copies()
{
    // The receiver copies and faults in its own space; the sender sleeps
    // with the deadline.
    xfer_timeout_case(xfer_word(env::never, 20000), xfer_word(env::never, env::never), false, true, 20000,
                      true);
}

void case_xfer_timeout_sender_fault_receiver_copies()
{
    // The receiver copies; the fault is the sender's, resolved (never) by
    // the woken sender while the receiver sleeps with the deadline.
    xfer_timeout_case(xfer_word(env::never, env::never), xfer_word(20000, env::never), true, false, 20000,
                      true);
}

void case_xfer_timeout_zero()
{
    xfer_timeout_case(xfer_word(env::never, 0), xfer_word(env::never, env::never), false, true, 0);
}

void abort_case(bool abort_receiver, bool sender_faults, bool receiver_copies = false)
{
    L4_ThreadId_t r, s;
    L4_Word_t start;
    if (!stuck_transfer(&r, &s, 0, 0, sender_faults, &start, receiver_copies))
        return;
    expect(hole_fault_taken(), "the transfer waits for its pager");
    __L4_ExregsOld_t old;
    L4_Word_t control = abort_receiver ? __L4_EXREGS_R : __L4_EXREGS_S;
    __L4_Exregs(abort_receiver ? r : s, control, 0, 0, 0, 0, L4_nilthread, &old);
    expect((old.control & control) != 0, "ExchangeRegisters saw it in its IPC phase");
    expect(env::wait_done(s), "the sender's IPC ends");
    expect(env::wait_done(r), "the receiver's IPC ends");
    expect_eq(rx.error, err(7, true, 64), "receiver: aborted, offset 64");
    expect_eq(tx.error, err(7, false, 64), "sender: aborted, offset 64");
    expect((rx.tag & 0x8000) && (rx.tag & 0x3F) == 0 && ((rx.tag >> 6) & 0x3F) == (tx.words[0] >> 6 & 0x3F),
           "the receiver's tag is the message's with E");
}

void case_abort_receiver_in_fault() { abort_case(true, false); }
void case_abort_sender_in_fault() { abort_case(false, true); }
// The copier sleeps while its partner is in the fault IPC.
void case_abort_copier_waiting_for_partner() { abort_case(false, false); }
void case_abort_receiver_copier_in_own_fault() { abort_case(true, false, true); }

void case_cancel_before_transfer()
{
    clear(rx);
    rx.words[0] = 1;
    rx.words[1] = hdr(64);
    rx.words[2] = a(dst);
    rx.n = 3;
    rx.timeouts = env::timeouts(0, env::never);
    L4_ThreadId_t r = env::spawn(rx_thread, 0);
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    __L4_ExregsOld_t old;
    __L4_Exregs(r, __L4_EXREGS_R, 0, 0, 0, 0, L4_nilthread, &old);
    expect(env::wait_done(r), "the receiver's IPC ends");
    expect_eq(rx.error, err(3, true), "canceled (3) without offset");
    expect_eq(rx.tag, 0x8000, "only E in the tag");
}

void case_delete_during_transfer()
{
    L4_ThreadId_t r, s;
    L4_Word_t start;
    if (!stuck_transfer(&r, &s, 0, 0, false, &start))
        return;
    expect(hole_fault_taken(), "the transfer waits for the receiver's pager");
    expect(env::kill(r), "the receiver is deleted");
    env::forget(r);
    expect(env::wait_done(s), "the sender's IPC ends");
    expect_eq(tx.error, err(7, false, 64), "sender: aborted, offset 64");
}

void case_delete_sender_while_receiver_faults()
{
    L4_ThreadId_t r, s;
    L4_Word_t start;
    if (!stuck_transfer(&r, &s, 0, 0, false, &start))
        return;
    expect(hole_fault_taken(), "the receiver is in its fault IPC");
    expect(env::kill(s), "the sender is deleted");
    env::forget(s);
    expect(env::wait_done(r), "the receiver's IPC ends");
    expect_eq(rx.error, err(7, true, 64), "receiver: aborted, offset 64");
}

// A server in the root space answers a call with a string.
void string_server(L4_Word_t)
{
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    if (env::ipc_failed(tag))
        env::park();
    L4_Word_t msg[] = {tag_of(5, 0, 2), hdr(3000), a(src + 5)};
    L4_LoadMRs(0, 3, msg);
    tag = L4_Reply(from);
    tx.error = env::ipc_failed(tag) ? L4_ErrorCode() : 0;
    env::park();
}

// In a client: BR0 = strings, buffer in[2] bytes at in[3]; calls in[1]
// with never timeouts (the fast path's case), reports to in[0].
unsigned client_call_for_string(const L4_Word_t* in, L4_Word_t*)
{
    L4_ThreadId_t main, server;
    main.raw = in[0];
    server.raw = in[1];
    L4_LoadBR(0, 1);
    L4_LoadBR(1, hdr(in[2]));
    L4_LoadBR(2, in[3]);
    L4_LoadMR(0, tag_of(4, 0, 0));
    L4_MsgTag_t t = L4_Call(server);
    L4_Word_t e = env::ipc_failed(t) ? L4_ErrorCode() : 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_Word_t out[] = {tag_of(8, 3, 0), t.raw, e, 0};
    L4_LoadMRs(0, 4, out);
    L4_Send_Timeout(main, env::us(env::wait_us));
    return 0;
}

void case_reply_into_faulting_caller()
{
    // The caller may be blocked by the IPC fast path; the string reply then
    // faults in its space and the caller resolves it from that state.
    fill_src(61);
    clear(tx);
    L4_ThreadId_t srv = env::spawn(string_server, 0);
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c) && !L4_IsNilThread(srv), "client and server"))
        return;
    unsigned char* p = test_bytes(7);
    for (unsigned i = 0; i < page; i++)
        p[i] = sentinel;
    unsigned mark = env::fault_mark();
    L4_Word_t in[] = {main_id.raw, srv.raw, 4000, a(p + 50)};
    expect(env::client_post(c, client_call_for_string, 4, in), "the client calls the server");
    L4_Word_t brs[] = {0}, error;
    (void)main_receive(brs, 1, c, &error);
    if (expect_eq(error, 0, "the client reports")) {
        L4_Word_t r[2];
        L4_StoreMRs(1, 2, r);
        expect_eq(r[1], 0, "the call succeeded");
        expect_eq(r[0], tag_of(5, 0, 2), "with the server's tag");
    }
    expect_eq(tx.error, 0, "the reply succeeded");
    bool ok = true;
    for (unsigned i = 0; i < 3000; i++)
        ok = ok && p[50 + i] == src[5 + i];
    expect(ok && p[3050] == sentinel, "3000 bytes arrived in the caller's page");
    const env::Fault* f = env::find_fault(mark, c, a(p));
    expect(f != nullptr && f->ip == ~L4_Word_t{0}, "the caller's pager resolved the fault (IP -1)");
}

// ---- Cases: a long copy stays preemptible ------------------------------------------------------

constexpr L4_Word_t big = 1ul << 20;
alignas(4096) unsigned char big_src[big];
alignas(4096) unsigned char big_dst[big];

struct {
    volatile L4_Word_t count;
    volatile L4_Word_t stamps[64];
} ticker;

void ticker_thread(L4_Word_t)
{
    for (;;) {
        env::sleep_us(1000);
        L4_Word_t n = ticker.count;
        ticker.stamps[n % 64] = env::now_us();
        ticker.count = n + 1;
    }
}

// The 16 MiB copy of the long-copy cases: big_src filled from 'seed',
// big_dst cleared, tx carrying 16 substrings of 1 MiB.
void prepare_big_send(unsigned seed)
{
    for (L4_Word_t i = 0; i < big; i++) {
        big_src[i] = byte_at(seed, i);
        big_dst[i] = 0;
    }
    clear(tx);
    tx.words[0] = tag_of(1, 0, 17);
    tx.words[1] = hdr(big, 16);
    for (unsigned i = 0; i < 16; i++)
        tx.words[2 + i] = a(big_src);
    tx.n = 18;
}

// Main's buffer registers for it: 16 substrings of 1 MiB into big_dst.
void accept_big_receive()
{
    L4_Word_t brs[] = {1, hdr(big, 16)};
    for (unsigned i = 0; i < 2; i++)
        L4_LoadBR(static_cast<int>(i), brs[i]);
    for (unsigned i = 0; i < 16; i++)
        L4_LoadBR(static_cast<int>(2 + i), a(big_dst));
}

// big_dst holds exactly what prepare_big_send(seed) sent.
bool big_arrived(unsigned seed)
{
    bool ok = true;
    for (L4_Word_t i = 0; i < big && ok; i++)
        ok = big_dst[i] == byte_at(seed, i);
    return ok;
}

void case_large_copy_preemptible()
{
    // 16 substrings of 1 MiB on both sides: 16 MiB copied.
    prepare_big_send(41);
    tx.timeouts = env::timeouts(env::wait_us, 0);
    ticker.count = 0;
    L4_ThreadId_t h = env::spawn(ticker_thread, 0, 200);
    for (L4_Word_t t0 = env::now_us(); ticker.count == 0 && env::now_us() - t0 < env::wait_us;)
        env::sleep_us(200);
    expect(ticker.count >= 1, "the ticker ticks");
    L4_ThreadId_t s = env::spawn(tx_thread, 0);
    L4_Word_t start = env::now_us();
    accept_big_receive();
    L4_ThreadId_t from;
    L4_MsgTag_t t = L4_Ipc(L4_nilthread, s, env::timeouts(0, env::wait_us), &from);
    L4_Word_t end = env::now_us();
    L4_Word_t error = env::ipc_failed(t) ? L4_ErrorCode() : 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    expect(!L4_IsNilThread(h), "ticker");
    expect_eq(error, 0, "16 MiB arrive");
    expect(env::wait_done(s), "the sender succeeds");
    expect_eq(tx.error, 0, "no sender error");
    expect(big_arrived(41), "byte-exact");
    unsigned during = 0;
    L4_Word_t n = ticker.count;
    for (L4_Word_t i = 0; i < 64 && i < n; i++)
        if (ticker.stamps[i] > start && ticker.stamps[i] < end)
            during++;
    conf::note("copy took %lu us; the priority-200 thread ran %u times during it", end - start, during);
    if (end - start > 5000)
        expect(during >= 1, "a higher-priority thread runs during a long copy");
}

// The sender's scheduler for the next case: counts preemption messages
// (x2-api 7.3: label -3, MR1 = the clock) and answers them.
struct {
    volatile L4_Word_t count, first_clock;
    volatile L4_Word_t go_us;   // when the copier had its go (a diagnostic)
} preempt_log;

void scheduler_thread(L4_Word_t)
{
    L4_Accept(L4_UntypedWordsAcceptor);
    for (;;) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait(&from);
        if (env::ipc_failed(tag) || (L4_Label(tag) & 0xfff0) != 0xffd0)
            continue;
        L4_Word_t clock;
        L4_StoreMR(1, &clock);
        if (preempt_log.count == 0)
            preempt_log.first_clock = clock;
        preempt_log.count = preempt_log.count + 1;
        L4_LoadMR(0, 0);
        (void)L4_Reply(from);
    }
}

// The sender of the next case: waits for main's go, which main sends in
// the same Ipc that puts it in its receive phase, so that the copier
// copies itself (and runs only a few instructions in user mode before: a
// tick there after a stalled host would charge it the whole stall); it
// afterwards runs in user mode, where its used-up quantum is reported,
// until its scheduler has the report (at most wait_us).
void late_copier_thread(L4_Word_t)
{
    (void)L4_Receive(env::main_id);
    preempt_log.go_us = env::now_us();
    L4_LoadMRs(0, static_cast<int>(tx.n), tx.words);
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(tx.partner, L4_nilthread, tx.timeouts, &from);
    finish(tx, tag);
    for (L4_Word_t until = env::now_us() + env::wait_us;
         preempt_log.count == 0 && env::now_us() < until;) {
    }
    env::signal_main();
}

// A total quantum that runs out in the middle of a long copy: the copier
// is inside its IPC there (interrupts are only open at the copy's
// preemption points), so the preemption message must wait until it is back
// in user mode (decision 37) instead of being sent from inside the copy.
void case_quantum_expires_during_copy()
{
    prepare_big_send(43);
    tx.partner = env::main_id;
    tx.timeouts = env::timeouts(env::wait_us, 0);
    preempt_log.count = 0;
    preempt_log.first_clock = 0;
    preempt_log.go_us = 0;
    L4_ThreadId_t q = env::spawn(scheduler_thread, 0, 200);
    L4_ThreadId_t s = env::spawn(late_copier_thread, 0, 0, false);
    if (!expect(!L4_IsNilThread(q) && !L4_IsNilThread(s), "threads"))
        return;
    // q schedules s; s may use 2 ms of processor time from its go on.
    expect_eq(L4_ThreadControl(s, env::main_id, q, L4_nilthread, reinterpret_cast<void*>(~0ul)), 1,
              "ThreadControl: the new scheduler");
    expect(env::start_thread(s), "start the copier");
    env::wait_for_state(s, L4_SCHEDRESULT_WAITING, "the copier waits for its go");
    L4_Word_t old;
    L4_Word_t time_control = (L4_Word_t{0xffff} << 16) | L4_TimePeriod(2000).raw;
    expect(L4_Schedule(s, time_control, ~0ul, ~0ul, ~0ul, &old) != 0, "Schedule: total quantum 2 ms");
    accept_big_receive();
    L4_Word_t start = env::now_us();
    L4_ThreadId_t from;
    L4_Set_MsgTag(L4_Niltag);   // the go
    L4_MsgTag_t t = L4_Ipc(s, s, env::timeouts(env::wait_us, env::wait_us), &from);
    L4_Word_t error = env::ipc_failed(t) ? L4_ErrorCode() : 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    expect_eq(error, 0, "16 MiB arrive");
    expect(env::wait_done(s), "the copier goes on after the copy");
    expect_eq(tx.error, 0, "no sender error");
    expect(big_arrived(43), "byte-exact");
    conf::note("copy from %lu (go %lu) to %lu us; first preemption message at %lu us (%lu in all)",
               start, preempt_log.go_us, tx.done_us, preempt_log.first_clock, preempt_log.count);
    expect(preempt_log.count >= 1, "the scheduler is told once the quantum is used up");
    // The tick that reports it interrupts the copier in user mode: after its
    // IPC returned (a tick's length of slack for where in user mode it hit).
    expect(preempt_log.first_clock + 1000 >= tx.done_us,
           "the preemption message comes after the copy, not from inside it");
    (void)env::kill(s);
    (void)env::kill(q);
}

// ---- Cases: the convenience functions ----------------------------------------------------

void case_convenience_functions()
{
    fill_src(51);
    alignas(8) L4_Word_t words[16] = {};
    L4_StringItem_t* s = reinterpret_cast<L4_StringItem_t*>(words);
    *s = L4_StringItem(10, src);
    expect(L4_IsStringItem(s) && !L4_CompoundString(s) && L4_Substrings(s) == 1, "a simple item");
    L4_AddSubstringAddressTo(s, src + 100);
    L4_StringItem_t more = L4_StringItem(5, src + 200);
    L4_AddSubstringTo(s, &more);
    expect_eq(words[0], hdr(10, 2, true), "header: 2 substrings, compound");
    expect(words[1] == a(src) && words[2] == a(src + 100), "substring addresses");
    expect_eq(words[3], hdr(5), "the continuing item");
    expect_eq(words[4], a(src + 200), "its address");
    expect(L4_Substring(s, 2) == src + 100, "L4_Substring counts from 1");

    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, 99);
    L4_MsgAppendStringItem(&msg, s);
    expect_eq(L4_TypedWords(L4_MsgMsgTag(&msg)), 5, "5 typed words in the message");

    L4_MsgBuffer_t b;
    L4_MsgBufferClear(&b);
    L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(8, dst));
    L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(100, dst + 1000));
    L4_AcceptStrings(L4_StringItemsAcceptor, &b);
    L4_Word_t br[5];
    L4_StoreBRs(0, 5, br);
    expect_eq(br[0], 1, "BR0: strings accepted");
    expect_eq(br[1], hdr(8, 1, false, true), "BR1: first buffer, C set");
    expect_eq(br[2], a(dst), "BR2");
    expect_eq(br[3], hdr(100), "BR3: second buffer, C clear");
    expect_eq(br[4], a(dst + 1000), "BR4");
    L4_Accept(L4_UntypedWordsAcceptor);

    // Send it: 25 bytes into buffers of 8 and 100 bytes, as one string: overflow at 8.
    clear(rx);
    for (unsigned i = 0; i < 5; i++)
        rx.words[i] = br[i];
    rx.n = 5;
    L4_ThreadId_t r = env::spawn(rx_thread, 0, 0, false);
    env::start_thread(r);
    env::wait_for_state(r, L4_SCHEDRESULT_WAITING, "the receiver waits");
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Send_Timeout(r, env::us(env::wait_us));
    L4_Word_t e = env::ipc_failed(t) ? L4_ErrorCode() : 0;
    expect(env::wait_done(r), "receiver reports");
    expect_eq(e, err(4, false, 8), "the 25-byte compound string overflows the 8-byte buffer");
    expect(same(0, 0, 8), "its first 8 bytes arrived");
}

constexpr conf::Case cases[] = {
    {"simple_sender_copies", case_simple_sender_copies},
    {"simple_receiver_copies", case_simple_receiver_copies},
    {"compound_send", case_compound_send},
    {"compound_receive", case_compound_receive},
    {"multiple_strings", case_multiple_strings},
    {"zero_length", case_zero_length},
    {"exactly_br32", case_exactly_br32},
    {"intra_space_overlap", case_intra_space_overlap},
    {"longer_than_buffer", case_longer_than_buffer},
    {"no_string_acceptor", case_no_string_acceptor},
    {"no_further_buffer", case_no_further_buffer},
    {"buffer_past_br32", case_buffer_past_br32},
    {"buffer_not_string", case_buffer_not_string},
    {"send_item_cut_off", case_send_item_cut_off},
    {"send_address_outside_user", case_send_address_outside_user},
    {"receive_address_outside_user", case_receive_address_outside_user},
    {"sender_fault_resolved", case_sender_fault_resolved},
    {"receiver_fault_resolved", case_receiver_fault_resolved},
    {"strings_and_map_item", case_strings_and_map_item},
    {"xfer_timeout_receiver", case_xfer_timeout_receiver},
    {"xfer_timeout_sender", case_xfer_timeout_sender},
    {"xfer_timeout_earlier_wins", case_xfer_timeout_earlier_wins},
    {"xfer_timeout_receiver_copies", case_xfer_timeout_receiver_copies},
    {"xfer_timeout_sender_fault_receiver_copies", case_xfer_timeout_sender_fault_receiver_copies},
    {"xfer_timeout_zero", case_xfer_timeout_zero},
    {"abort_receiver_in_fault", case_abort_receiver_in_fault},
    {"abort_sender_in_fault", case_abort_sender_in_fault},
    {"abort_copier_waiting_for_partner", case_abort_copier_waiting_for_partner},
    {"abort_receiver_copier_in_own_fault", case_abort_receiver_copier_in_own_fault},
    {"cancel_before_transfer", case_cancel_before_transfer},
    {"delete_during_transfer", case_delete_during_transfer},
    {"delete_sender_while_receiver_faults", case_delete_sender_while_receiver_faults},
    {"reply_into_faulting_caller", case_reply_into_faulting_caller},
    {"large_copy_preemptible", case_large_copy_preemptible},
    {"quantum_expires_during_copy", case_quantum_expires_during_copy},
    {"convenience_functions", case_convenience_functions},
};

}  // namespace

const conf::Group string_group = {"string", cases, sizeof cases / sizeof cases[0]};
