// SPDX-License-Identifier: BSD-2-Clause
// IPC figures: Call + ReplyWait round trips between the main thread and a
// server in another space or in its own (0, 4, 8 untyped words each way),
// round trips whose call carries one string item (64 B, 4 KiB) to the
// other space, the same with 1,000 more threads in the system, and a
// one-way send to a receiver that waits for it.
#include <l4io.h>

#include "bench.hpp"

namespace bench {

namespace {

// One operation = one L4_Call by main (send, then receive the reply) and
// the server's L4_ReplyWait, with the loops on both sides.
void round_trips(const char* name, L4_ThreadId_t server, L4_Word_t u)
{
    job_start(server, rt_server, u);
    for (L4_Word_t i = 1; i <= u; ++i)
        L4_LoadMR(static_cast<int>(i), i);
    const L4_MsgTag_t tag = words_tag(u);
    L4_Word_t seen = 0;  // every reply tag ORed: exactly u if all were right
    for (L4_Word_t w = 0; w < params.warmup; ++w) {
        L4_Set_MsgTag(tag);
        seen |= L4_Call(server).raw;
    }
    Figure f(name);
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
        L4_Word_t t0 = count();
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k) {
            L4_Set_MsgTag(tag);
            seen |= L4_Call(server).raw;
        }
        L4_Word_t t1 = count();
        f.add(t1 - t0 - counter_overhead, params.ops);
    }
    if (seen != u)
        fail("round trip: a reply was not as sent, tags ORed", seen);
    if (L4_Word_t r = job_stop(server); r != 0)
        fail("round trip: the server failed, error", r);
    f.print();
}

// The string round trips: main's source and the server's receive buffer,
// both in this image (the other space borrows the buffer's page).
alignas(4096) char string_src[page_size];
alignas(4096) char string_dst[page_size];

constexpr L4_Word_t string_header(L4_Word_t bytes)
{
    return bytes << 10;  // a simple string item: j = 0, c = 0, C = 0
}

// The server: one receive buffer of 'bytes' at string_dst, then rt_server(0).
L4_Word_t string_server(L4_Word_t bytes)
{
    L4_MsgBuffer_t buffer;
    L4_MsgBufferClear(&buffer);
    L4_MsgBufferAppendSimpleRcvString(&buffer, L4_StringItem(static_cast<int>(bytes), string_dst));
    L4_AcceptStrings(L4_StringItemsAcceptor, &buffer);
    L4_Word_t result = rt_server(0);
    L4_Accept(L4_UntypedWordsAcceptor);
    return result;
}

// One operation = one L4_Call by main carrying a simple string of 'bytes'
// (MR1 = header, MR2 = address, reloaded each time: MRs above the reply's
// u are undefined) and the server's empty L4_ReplyWait, with both loops.
void string_round_trips(const char* name, L4_ThreadId_t server, L4_Word_t bytes)
{
    for (L4_Word_t i = 0; i < page_size; ++i) {
        string_src[i] = static_cast<char>(i * 7 + bytes);
        string_dst[i] = 0;
    }
    job_start(server, string_server, bytes);
    L4_MsgTag_t tag;
    tag.raw = L4_Word_t{2} << 6;  // two typed words
    const L4_Word_t header = string_header(bytes);
    const L4_Word_t address = reinterpret_cast<L4_Word_t>(string_src);
    L4_Word_t seen = 0;  // reply tags ORed: 0 if every transfer succeeded
    for (L4_Word_t w = 0; w < params.warmup; ++w) {
        L4_Set_MsgTag(tag);
        L4_LoadMR(1, header);
        L4_LoadMR(2, address);
        seen |= L4_Call(server).raw;
    }
    Figure f(name);
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
        L4_Word_t t0 = count();
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k) {
            L4_Set_MsgTag(tag);
            L4_LoadMR(1, header);
            L4_LoadMR(2, address);
            seen |= L4_Call(server).raw;
        }
        L4_Word_t t1 = count();
        f.add(t1 - t0 - counter_overhead, params.ops);
    }
    if (seen != 0)
        fail("string round trip: a reply was not empty, tags ORed", seen);
    if (L4_Word_t r = job_stop(server); r != 0)
        fail("string round trip: the server failed, error", r);
    for (L4_Word_t i = 0; i < page_size; ++i)
        if (string_dst[i] != (i < bytes ? string_src[i] : 0))
            fail("string round trip: wrong byte in the buffer at", i);
    f.print();
}

// Shared with the receiver in the other space (this page is lent to it).
struct Oneway {
    volatile L4_Word_t t0;  // the sender's count just before its send
    L4_Word_t sums[max_iterations];
} oneway;

// The receiver: per iteration, the counts from the sender's t0 to its own
// count once its receive returned, summed over K messages. Returns the
// received tags ORed (0 if all arrived intact).
L4_Word_t oneway_receiver(L4_Word_t)
{
    L4_Word_t seen = 0;
    for (L4_Word_t w = 0; w < params.warmup; ++w)
        seen |= L4_Receive(main_id).raw;
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
        L4_Word_t sum = 0;
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k) {
            seen |= L4_Receive(main_id).raw;
            L4_Word_t t1 = count();
            sum += t1 - oneway.t0;
        }
        oneway.sums[n] = sum;
    }
    return seen;
}

}  // namespace

void measure_ipc_round_trips(L4_ThreadId_t remote, L4_ThreadId_t local)
{
    round_trips("ipc_rt_inter_mr0", remote, 0);
    round_trips("ipc_rt_inter_mr4", remote, 4);
    round_trips("ipc_rt_inter_mr8", remote, 8);
    round_trips("ipc_rt_intra_mr0", local, 0);
    round_trips("ipc_rt_intra_mr4", local, 4);
    round_trips("ipc_rt_intra_mr8", local, 8);
    string_round_trips("ipc_string_64", remote, 64);
    string_round_trips("ipc_string_4k", remote, page_size);
}

// One operation = from just before main's L4_Send (0 words) to just after
// the receiver's L4_Receive returned in the other space. The receiver
// runs at a higher priority, so the send switches to it at once; it then
// waits again and main continues.
void measure_ipc_send(L4_ThreadId_t remote)
{
    job_start(remote, oneway_receiver, 0);
    const L4_MsgTag_t tag = words_tag(0);
    L4_Word_t failed = 0;
    for (L4_Word_t w = 0; w < params.warmup; ++w) {
        L4_Set_MsgTag(tag);
        failed |= L4_Send(remote).raw;
    }
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k) {
            L4_Set_MsgTag(tag);
            oneway.t0 = count();
            failed |= L4_Send(remote).raw;
        }
    }
    if (L4_IpcFailed(words_tag(failed)))
        fail("one-way send failed, error", L4_ErrorCode());
    if (L4_Word_t seen = job_wait(remote); seen != 0)
        fail("one-way: a message was not as sent, tags ORed", seen);
    Figure f("ipc_send_inter_mr0");
    for (L4_Word_t n = 0; n < params.iterations; ++n)
        f.add(oneway.sums[n] - params.ops * counter_overhead, params.ops);
    f.print();
}

void measure_ipc_with_threads(L4_ThreadId_t remote, L4_Word_t threads)
{
    // Inactive threads of this space: kernel TCBs in the thread table, no
    // UTCB, never scheduled.
    for (L4_Word_t i = 0; i < threads; ++i) {
        if (L4_ThreadControl(fresh_id(), main_id, main_id, L4_nilthread,
                             reinterpret_cast<void*>(~0ul)) != 1)
            fail("ThreadControl (one of the 1,000 threads) failed, error", L4_ErrorCode());
    }
    round_trips("ipc_rt_inter_mr0_1000threads", remote, 0);
}

}  // namespace bench
