// SPDX-License-Identifier: BSD-2-Clause
// SystemClock (x2-api 4.4), Unmap of nil fpages, and bad input that must
// never harm the kernel: garbage fpages for Unmap, out-of-range and
// malformed thread ids for every call that takes one, garbage messages.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t keep = ~L4_Word_t{0};

// Everything still works: the clock runs, a new space can be made and
// paged, the root task's memory is intact.
void expect_kernel_alive()
{
    L4_Word_t t0 = env::now_us();
    env::sleep_us(1000);
    expect(env::now_us() > t0, "the clock runs");
    env::fill_page(0, 77);
    L4_ThreadId_t c = env::new_client();
    L4_Word_t v = 0;
    expect(!L4_IsNilThread(c) && env::client_read(c, env::test_page(0) + 8, &v) &&
               v == env::pattern(77, 1),
           "a new space is created and paged");
}

void clock_monotonic()
{
    L4_Word_t last = env::now_us();
    bool ok = true;
    for (int i = 0; i < 5000; i++) {
        L4_Word_t now = env::now_us();
        ok = ok && now >= last;
        last = now;
    }
    expect(ok, "5000 readings never go backwards");
    expect(last > 0, "the clock is not stuck at 0");
}

void clock_advances()
{
    L4_Word_t start = env::now_us();
    env::sleep_us(10000);
    L4_Word_t took = env::now_us() - start;
    expect(took >= 10000, "a 10 ms sleep advances the clock by at least 10 ms");
    expect(took < 1000000, "and by less than a second");
    // Microseconds: a busy second of clock reads is many distinct values.
    L4_Word_t first = env::now_us(), changes = 0, prev = first;
    while (env::now_us() - first < 2000) {
        L4_Word_t now = env::now_us();
        if (now != prev)
            changes++;
        prev = now;
    }
    expect(changes >= 10, "the clock resolves well below a millisecond");
}

void unmap_nil_fpages()
{
    L4_ThreadId_t a = env::new_client();
    env::fill_page(1, 78);
    L4_Fpage_t f = L4_FpageLog2(env::test_page(1), 12);
    L4_Set_Rights(&f, L4_ReadWriteOnly);
    if (!expect(!L4_IsNilThread(a) && !env::ipc_failed(env::give(a, f, env::test_page(1))),
                "a client with a page"))
        return;
    unsigned mark = env::fault_mark();
    L4_Fpage_t r = L4_UnmapFpage(L4_Nilpage);
    expect_eq(r.raw, 0, "Unmap(nil fpage) returns the nil fpage");
    r = L4_Flush(L4_Nilpage);
    expect_eq(r.raw, 0, "Flush(nil fpage) returns the nil fpage");
    L4_Fpage_t several[3] = {L4_Nilpage, L4_Nilpage, L4_Nilpage};
    L4_FlushFpages(3, several);
    expect(several[0].raw == 0 && several[1].raw == 0 && several[2].raw == 0, "three nil fpages");
    L4_Word_t v = 0;
    expect(env::client_read(a, env::test_page(1) + 8, &v) && v == env::pattern(78, 1) &&
               env::find_fault(mark, a, env::test_page(1)) == nullptr,
           "the client's mapping is untouched");
    expect_eq(reinterpret_cast<volatile L4_Word_t*>(env::test_page(1))[1], env::pattern(78, 1),
              "the root task's own mapping too");
}

void unmap_garbage_fpages()
{
    env::fill_page(2, 79);
    // Without flush: whatever the fpage, only mappings derived from the
    // root task's can go, which its pager restores on demand.
    for (int i = 0; i < 400; i++)
        (void)L4_UnmapFpage(L4_Fpage_t{env::random_word()});
    for (int i = 0; i < 40; i++) {
        L4_Word_t k = env::random_word() % 64;
        for (L4_Word_t j = 0; j <= k; j++)
            L4_LoadMR(static_cast<int>(j), env::random_word());
        L4_Unmap(k | (env::random_word() & ~L4_Word_t{0x7F}));  // stray control bits, no flush
    }
    // With flush, only fpages whose base lies in the kernel half (bit 63),
    // so the root task keeps its own memory.
    for (int i = 0; i < 400; i++)
        (void)L4_Flush(L4_Fpage_t{env::random_word() | (L4_Word_t{1} << 63)});
    // Odd sizes and the "complete" size with a base.
    for (L4_Word_t s = 0; s < 10; s++)
        (void)L4_Flush(L4_Fpage_t{(L4_Word_t{1} << 63) | (s << 4) | 7});
    (void)L4_UnmapFpage(L4_Fpage_t{0x123400ul | (1 << 4) | 7});
    expect_eq(reinterpret_cast<volatile L4_Word_t*>(env::test_page(2))[5], env::pattern(79, 5),
              "the root task's memory is intact");
    expect_kernel_alive();
}

void bad_thread_ids()
{
    L4_Word_t fixed[] = {
        0x40,                                   // a local id nobody has
        0xFFFFFFFFFFFFFFC0ul - 0x400,           // another one, near the top
        L4_anylocalthread.raw,
        L4_anythread.raw,
        L4_GlobalId(L4_Word_t{1} << env::facts.thread_bits, 1).raw,
        L4_GlobalId(0xFFFFFFFFul, 0x3F).raw,
        L4_GlobalId(5, 1).raw,                  // an interrupt thread
        L4_GlobalId(env::facts.system_base, 1).raw,
        env::with_version(main_id, 0x3E).raw,
    };
    unsigned bad = 0;
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0] + 60; i++) {
        L4_ThreadId_t t;
        t.raw = i < sizeof fixed / sizeof fixed[0] ? fixed[i] : env::random_word() | 1;
        L4_Word_t c, sp, ip, fl, h, old;
        L4_ThreadId_t p;
        L4_ThreadId_t r = L4_ExchangeRegisters(t, (1u << 9) | 1 | (1u << 8), 0, 0, 0, 0, L4_nilthread,
                                               &c, &sp, &ip, &fl, &h, &p);
        if (!L4_IsNilThread(r) || L4_ErrorCode() != L4_ErrInvalidThread) {
            conf::note("ExchangeRegisters(0x%lx): 0x%lx, error %lu", t.raw, r.raw, L4_ErrorCode());
            bad++;
        }
        if (L4_Schedule(t, keep, keep, 10, keep, &old) != 0 || L4_ErrorCode() != L4_ErrInvalidThread) {
            conf::note("Schedule(0x%lx) error %lu", t.raw, L4_ErrorCode());
            bad++;
        }
        L4_Set_MsgTag(L4_Niltag);
        L4_MsgTag_t tag = L4_Send_Timeout(t, L4_ZeroTime);
        if (!env::ipc_failed(tag) || (L4_ErrorCode() != 0x4 && L4_ErrorCode() != 0x2)) {
            conf::note("Send(0x%lx): tag 0x%lx error 0x%lx", t.raw, tag.raw, L4_ErrorCode());
            bad++;
        }
        if (!L4_IsThreadEqual(t, L4_anythread) && !L4_IsThreadEqual(t, L4_anylocalthread)) {
            tag = L4_Receive_Timeout(t, L4_ZeroTime);
            if (!env::ipc_failed(tag) || (L4_ErrorCode() != 0x5 && L4_ErrorCode() != 0x3)) {
                conf::note("Receive(0x%lx): tag 0x%lx error 0x%lx", t.raw, tag.raw, L4_ErrorCode());
                bad++;
            }
        }
        // Ids that can never name a thread: ThreadControl refuses them.
        bool impossible = L4_IsLocalId(t) || (L4_ThreadNo(t) >> env::facts.thread_bits) != 0;
        if (impossible && L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread,
                                           reinterpret_cast<void*>(keep)) != 0) {
            conf::note("ThreadControl(delete 0x%lx) succeeded", t.raw);
            bad++;
        } else if (impossible && L4_ErrorCode() != L4_ErrInvalidThread) {
            conf::note("ThreadControl(delete 0x%lx): error %lu", t.raw, L4_ErrorCode());
            bad++;
        }
    }
    expect_eq(bad, 0, "every call refused every bad id with the right error");
    expect_kernel_alive();
}

void garbage_messages()
{
    L4_ThreadId_t a = env::new_client();
    if (!expect(!L4_IsNilThread(a) && env::client_accept(a, L4_Nilpage), "a client taking no mappings"))
        return;
    unsigned delivered = 0;
    for (int i = 0; i < 100; i++) {
        L4_Word_t u = env::random_word() % 64;
        L4_Word_t t = env::random_word() % (64 - u);
        for (L4_Word_t j = 1; j <= u + t; j++)
            L4_LoadMR(static_cast<int>(j), env::random_word());
        L4_MsgTag_t tag;
        tag.raw = (((env::random_word() & 0xFFFF) | 0x10000) << 16) | (t << 6) | u;
        L4_Set_MsgTag(tag);
        L4_MsgTag_t r = L4_Send_Timeout(a, env::us(50000));
        if (!env::ipc_failed(r))
            delivered++;
        else if ((L4_ErrorCode() & 0xF) != 0x8 && (L4_ErrorCode() & 0xF) != 0x2)
            conf::note("message %d (tag 0x%lx): error 0x%lx", i, tag.raw, L4_ErrorCode());
    }
    expect(delivered > 0, "the untyped ones were delivered");
    L4_Word_t v = 0;
    env::fill_page(3, 80);
    expect(env::client_read(a, env::test_page(3), &v) && v == env::pattern(80, 0),
           "the client still works");
    expect_kernel_alive();
}

constexpr conf::Case cases[] = {
    {"clock_monotonic", clock_monotonic},
    {"clock_advances", clock_advances},
    {"unmap_nil_fpages", unmap_nil_fpages},
    {"unmap_garbage_fpages", unmap_garbage_fpages},
    {"bad_thread_ids", bad_thread_ids},
    {"garbage_messages", garbage_messages},
};

}  // namespace

const conf::Group clock_robust_group = {"robust", cases, sizeof cases / sizeof cases[0]};
