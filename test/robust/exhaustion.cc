// SPDX-License-Identifier: BSD-2-Clause
// Root task of the kernel-memory exhaustion suite (docs/robustness.md):
// threads, spaces and mappings are made until kernel memory runs out; the
// calls must then fail with X.2's errors (ThreadControl and SpaceControl:
// NoMem; a map in an IPC: message overflow, docs/decisions.md point 17),
// the kernel must go on working, and deleting everything must give back
// every byte (the baseline measured at the start). A second part drives
// the kernel to *exactly* N free bytes (N = 0, 4 KiB, 8 KiB, ...) before an
// operation, so that each allocation inside it fails in turn, and checks
// that every failure leaves nothing behind.
#include <l4/kdebug.h>
#include <l4/walnut/abi.h>
#include <l4io.h>

#include "tap.hpp"
#include "world.hpp"

using tap::expect;
using tap::expect_eq;
using world::facts;
using world::ipc_error;

namespace {

constexpr L4_Word_t keep = ~L4_Word_t{0};
constexpr L4_Word_t kib = 1024;
constexpr L4_Word_t op_read = 0x5EAD;

L4_Word_t baseline;        // free kernel memory after warming up
L4_Word_t thread_cost;     // kernel memory of one inactive thread (measured)

// Thread numbers for the mass creations: whole thread-table blocks that
// init warms (their second-level pages exist before the baseline). The
// last block is for the helpers of the exact-points cases.
L4_Word_t mass_first;
L4_Word_t mass_count;   // mass_id(0 .. mass_count - 1): threads, spaces, filling
L4_Word_t aux_next;     // mass_id(mass_count + ...): helpers
// A number in a block nobody ever uses: creating a thread there needs a
// new thread-table page.
L4_Word_t cold_number;

L4_ThreadId_t mass_id(L4_Word_t i)
{
    return L4_GlobalId(mass_first + i, 1);
}

// A helper's id; all helpers are deleted before aux_reset().
L4_ThreadId_t aux_id()
{
    return mass_id(mass_count + aux_next++ % 511);
}

void aux_reset()
{
    aux_next = 0;
}

L4_Word_t now_ms()
{
    return L4_SystemClock().raw / 1000;
}

void* no_utcb()
{
    return reinterpret_cast<void*>(keep);
}

bool delete_thread(L4_ThreadId_t t)
{
    return L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, no_utcb()) == 1;
}

L4_Word_t state_of(L4_ThreadId_t t)
{
    L4_Word_t old;
    return L4_Schedule(t, keep, keep, keep, keep, &old);
}

bool exists(L4_ThreadId_t t)
{
    return state_of(t) != L4_SCHEDRESULT_ERROR;
}

L4_Fpage_t fpage(L4_Word_t base, int log2, L4_Word_t rights)
{
    L4_Fpage_t f = L4_FpageLog2(base, log2);
    L4_Set_Rights(&f, rights);
    return f;
}

// The end of a case: everything deleted, all memory back, consistent.
void expect_baseline(const char* when)
{
    L4_Word_t v = world::kernel_check();
    if (v) {
        expect_eq(v, 0, when);
        tap::note("(consistency check violations)");
    }
    L4_Word_t free = world::kmem_free();
    if (free != baseline) {
        expect_eq(free, baseline, when);
        tap::note("(free kernel memory against the baseline)");
    }
}

// ---- Pages the root task maps around ---------------------------------------------------------

// One page, and 16 MiB of pages, of the root task's own memory (mapped to
// it in 4 KiB pages by sigma0, touched by world::init). The many pages keep
// each page's list of derived mappings short.
alignas(4096) L4_Word_t one_page[512];
constexpr unsigned source_log2 = 24;
constexpr unsigned source_pages = 1u << (source_log2 - 12);
alignas(1 << source_log2) L4_Word_t source[source_pages][512];
// A 2 MiB region of its own: a thread touching its first page needs a new
// leaf page table in its space as well as a mapping node.
alignas(2 << 20) L4_Word_t far_region[(2 << 20) / sizeof(L4_Word_t)];
L4_Word_t* const far_page = far_region;

// Where mappings go in receiving spaces (inside every user part, away
// from this image and the UTCB/KIP areas).
constexpr L4_Word_t map_region = 0x1000000000ul;

// ---- An echo thread: is IPC still working? -------------------------------------------------------

void echo_loop(L4_Word_t)
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (world::ipc_failed(tag)) {
            tag = L4_Wait(&from);
            continue;
        }
        L4_Word_t w = 0;
        L4_StoreMR(1, &w);
        L4_Msg_t msg;
        L4_MsgClear(&msg);
        L4_MsgAppendWord(&msg, w + 1);
        L4_MsgLoad(&msg);
        tag = L4_ReplyWait(from, &from);
    }
}

bool echo_works(L4_ThreadId_t echo, L4_Word_t value)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, value);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(echo, world::us(world::wait_us), world::us(world::wait_us));
    L4_Word_t got = 0;
    L4_StoreMR(1, &got);
    return !world::ipc_failed(t) && got == value + 1;
}

// ---- A sink: a thread in its own space that takes every mapping -------------------------------------

volatile L4_Word_t sink_error;     // ErrorCode of the sink's last failed IPC
volatile L4_Word_t sink_messages;

void sink_loop(L4_Word_t)
{
    sink_error = 0;       // both pages are mapped (writable) before memory runs out
    sink_messages = 0;
    L4_ThreadId_t from;
    L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (world::ipc_failed(tag)) {
            sink_error = L4_ErrorCode();
            tag = L4_Wait(&from);
            continue;
        }
        sink_messages = sink_messages + 1;
        L4_Word_t value = 0;
        if (L4_Label(tag) == op_read) {
            L4_Word_t addr;
            L4_StoreMR(1, &addr);
            value = *reinterpret_cast<volatile L4_Word_t*>(addr);
        }
        L4_Msg_t msg;
        L4_MsgClear(&msg);
        L4_MsgAppendWord(&msg, value);
        L4_MsgLoad(&msg);
        tag = L4_ReplyWait(from, &from);
    }
}

// The root task maps fpage f to the sink at send base 'base'; returns the
// ErrorCode (0 = delivered).
L4_Word_t map_to(L4_ThreadId_t sink, L4_Fpage_t f, L4_Word_t base)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendMapItem(&msg, L4_MapItem(f, base));
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(sink, world::us(world::wait_us), world::us(world::wait_us));
    return world::ipc_failed(t) ? L4_ErrorCode() : 0;
}

// The sink reads a word of its space: false if it could not (it faulted:
// the pager refuses everything outside this image).
bool sink_read(L4_ThreadId_t sink, L4_Word_t addr, L4_Word_t* value)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_read);
    L4_MsgAppendWord(&msg, addr);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(sink, world::us(world::wait_us), world::us(200000));
    if (world::ipc_failed(t))
        return false;
    L4_StoreMR(1, value);
    return true;
}

// The sink's view of the last failure: it runs after the root task (lower
// priority), so wait a little for it.
L4_Word_t sink_saw()
{
    for (unsigned i = 0; i < 100 && sink_error == 0; i++)
        world::sleep_us(1000);
    return sink_error;
}

// A sink whose code, stack and shared words are mapped already.
L4_ThreadId_t warm_sink()
{
    L4_ThreadId_t s = world::new_space(sink_loop, 0);
    L4_Word_t v;
    if (L4_IsNilThread(s) || !sink_read(s, reinterpret_cast<L4_Word_t>(&one_page[0]), &v)) {
        tap::note("the sink did not come up");
        return L4_nilthread;
    }
    return s;
}

// ---- Cases: bulk ---------------------------------------------------------------------------------

void warm_up()
{
    // The mass numbers' thread-table pages, and the cost of one thread.
    L4_Word_t free0 = world::kmem_free();
    mass_first = (facts.user_base + 512 + 511) / 512 * 512;
    mass_count = (free0 / (8 * kib) + 64 + 511) / 512 * 512;
    cold_number = (L4_Word_t{1} << facts.thread_bits) - 512 + 3;
    for (L4_Word_t i = 0; i < mass_count + 512; i += 512) {
        if (L4_ThreadControl(mass_id(i), world::main_id, world::main_id, L4_nilthread, no_utcb()) == 1)
            (void)delete_thread(mass_id(i));
    }
    L4_Word_t before = world::kmem_free();
    expect_eq(L4_ThreadControl(mass_id(0), world::main_id, world::main_id, L4_nilthread, no_utcb()), 1,
              "an inactive thread");
    thread_cost = before - world::kmem_free();
    expect(delete_thread(mass_id(0)), "deleted again");
    expect_eq(world::kmem_free(), before, "its memory is back");
    baseline = world::kmem_free();
    printf("# kernel memory: %lu KiB free at the baseline; an inactive thread costs %lu bytes; "
           "thread numbers 0x%lx..0x%lx\n",
           baseline / kib, thread_cost, mass_first, mass_first + mass_count + 511);
    expect(thread_cost > 0 && thread_cost <= 64 * kib, "a thread costs some kernel memory");
    expect_eq(world::kernel_check(), 0, "the kernel is consistent");
}

// Inactive threads until ThreadControl fails: NoMem, and nothing made.
// Then IPC works, a thread can be made once one is deleted, and deleting
// all of them gives back the memory.
void threads()
{
    L4_ThreadId_t echo = world::spawn(echo_loop, 0);
    if (!expect(!L4_IsNilThread(echo) && echo_works(echo, 1), "an echo thread"))
        return;
    L4_Word_t start = now_ms();
    L4_Word_t n = 0;
    L4_Word_t result = 0;
    while (n < mass_count) {
        result = L4_ThreadControl(mass_id(n), world::main_id, world::main_id, L4_nilthread, no_utcb());
        if (result != 1)
            break;
        n++;
    }
    L4_Word_t error = L4_ErrorCode();
    printf("# %lu threads made in %lu ms, then kernel memory ran out (%lu bytes free)\n", n,
           now_ms() - start, world::kmem_free());
    if (!expect(n < mass_count, "kernel memory ran out"))
        return;
    expect_eq(result, 0, "the ThreadControl that ran out fails");
    expect_eq(error, L4_ErrNoMem, "with NoMem");
    expect(n >= (baseline / thread_cost) * 9 / 10, "most of kernel memory went into threads");
    expect(!exists(mass_id(n)), "the thread was not made");
    expect(world::kmem_free() < thread_cost, "less than one thread's memory left");
    start = now_ms();
    expect_eq(world::kernel_check(), 0, "consistent while exhausted");
    printf("# the consistency check with %lu threads in one space took %lu ms\n", n, now_ms() - start);
    expect(echo_works(echo, 41), "IPC still works");
    expect_eq(L4_ThreadControl(mass_id(n), world::main_id, world::main_id, L4_nilthread, no_utcb()), 0,
              "ThreadControl still fails");
    expect_eq(L4_ErrorCode(), L4_ErrNoMem, "with NoMem");
    expect(delete_thread(mass_id(n - 1)), "one thread deleted");
    expect_eq(L4_ThreadControl(mass_id(n), world::main_id, world::main_id, L4_nilthread, no_utcb()), 1,
              "now a new one can be made");
    expect_eq(world::kernel_check(), 0, "consistent");
    start = now_ms();
    for (L4_Word_t i = 0; i <= n; i++)
        (void)delete_thread(mass_id(i));
    printf("# deleted in %lu ms\n", now_ms() - start);
    world::kill_all();
    expect_baseline("all memory back after deleting the threads");
}

// Spaces until kernel memory runs out: each made with ThreadControl,
// given its areas with SpaceControl and its first thread activated. The
// step that runs out fails with NoMem, the others still work.
void spaces()
{
    L4_ThreadId_t echo = world::spawn(echo_loop, 0);
    if (!expect(!L4_IsNilThread(echo), "an echo thread"))
        return;
    L4_Fpage_t kip = L4_FpageLog2(facts.kip_area, 12);
    L4_Fpage_t utcb = L4_FpageLog2(world::space_utcb_area, world::space_utcb_log2);
    L4_Word_t start = now_ms();
    L4_Word_t n = 0, error = 0;
    const char* step = "nothing";
    L4_Word_t old;
    for (; n < mass_count; n++) {
        L4_ThreadId_t t = mass_id(n);
        if (L4_ThreadControl(t, t, world::main_id, L4_nilthread, no_utcb()) != 1) {
            step = "ThreadControl (new space)";
            error = L4_ErrorCode();
            break;
        }
        if (L4_SpaceControl(t, 0, kip, utcb, L4_nilthread, &old) != 1) {
            step = "SpaceControl";
            error = L4_ErrorCode();
            break;
        }
        if (L4_ThreadControl(t, t, L4_nilthread, world::pager_id,
                             reinterpret_cast<void*>(world::space_utcb_area)) != 1) {
            step = "ThreadControl (activation)";
            error = L4_ErrorCode();
            break;
        }
    }
    printf("# %lu spaces made in %lu ms, then %s ran out of kernel memory (%lu bytes free)\n", n,
           now_ms() - start, step, world::kmem_free());
    if (!expect(n < mass_count, "kernel memory ran out"))
        return;
    expect_eq(error, L4_ErrNoMem, "the step that ran out failed with NoMem");
    expect(n >= 100, "at least 100 spaces fit into kernel memory");
    expect_eq(world::kernel_check(), 0, "consistent while exhausted");
    expect(echo_works(echo, 7), "IPC still works");
    // One space deleted, a complete new one fits.
    expect(delete_thread(mass_id(0)), "a space deleted (with its only thread)");
    L4_ThreadId_t t = mass_id(0);
    expect(L4_ThreadControl(t, t, world::main_id, L4_nilthread, no_utcb()) == 1 &&
               L4_SpaceControl(t, 0, kip, utcb, L4_nilthread, &old) == 1 &&
               L4_ThreadControl(t, t, L4_nilthread, world::pager_id,
                                reinterpret_cast<void*>(world::space_utcb_area)) == 1,
           "a new space can be made and its thread activated");
    expect_eq(world::kernel_check(), 0, "consistent");
    start = now_ms();
    for (L4_Word_t i = 0; i <= n; i++)
        (void)delete_thread(mass_id(i));
    printf("# deleted in %lu ms\n", now_ms() - start);
    world::kill_all();
    expect_baseline("all memory back after deleting the spaces");
}

// Maps of one page into a sink at 2 MiB strides (each needs a page table
// and a mapping node) until the map IPC fails: message overflow for both
// sides (decision 17), the earlier mappings still there.
void mappings_tables()
{
    L4_ThreadId_t sink = warm_sink();
    if (!expect(!L4_IsNilThread(sink), "a sink"))
        return;
    one_page[0] = 0x7AB1E;
    L4_Fpage_t f = fpage(reinterpret_cast<L4_Word_t>(one_page), 12, L4_FullyAccessible);
    L4_Word_t start = now_ms();
    L4_Word_t n = 0, error = 0;
    const L4_Word_t limit = baseline / (4 * kib);
    for (; n < limit; n++) {
        error = map_to(sink, f, map_region + n * (2ul << 20));
        if (error)
            break;
    }
    printf("# %lu maps at 2 MiB strides in %lu ms, then: ErrorCode 0x%lx (%lu bytes free)\n", n,
           now_ms() - start, error, world::kmem_free());
    if (!expect(n < limit, "kernel memory ran out"))
        return;
    expect_eq(error, ipc_error(4, false), "the sender: message overflow in the send phase");
    expect_eq(sink_saw(), ipc_error(4, true), "the sink: message overflow in the receive phase");
    expect_eq(world::kernel_check(), 0, "consistent while exhausted");
    L4_Word_t v = 0;
    expect(sink_read(sink, map_region, &v) && v == 0x7AB1E, "the first mapping is still there");
    expect(sink_read(sink, map_region + (n - 1) * (2ul << 20), &v) && v == 0x7AB1E,
           "the last one before the overflow too");
    // The mapper takes its mappings back: the nodes' memory returns, and a
    // map into an existing table works again.
    L4_UnmapFpage(f);
    expect_eq(map_to(sink, f, map_region), 0, "after the unmap a map succeeds again");
    world::kill_all();
    expect_baseline("all memory back after deleting the sink");
}

// Maps of 16 MiB of 4 KiB pages (4096 mapping nodes each) until the IPC
// fails; the mapping database is then as large as kernel memory allows.
void mappings_nodes()
{
    L4_ThreadId_t sink = warm_sink();
    if (!expect(!L4_IsNilThread(sink), "a sink"))
        return;
    for (unsigned i = 0; i < source_pages; i++)
        source[i][1] = i;
    L4_Fpage_t f = fpage(reinterpret_cast<L4_Word_t>(source), source_log2, L4_Readable);
    const L4_Word_t stride = L4_Word_t{1} << source_log2;
    L4_Word_t start = now_ms();
    L4_Word_t n = 0, error = 0;
    const L4_Word_t limit = 1024;
    for (; n < limit; n++) {
        error = map_to(sink, f, map_region + n * stride);
        if (error)
            break;
    }
    printf("# %lu maps of %u pages in %lu ms, then: ErrorCode 0x%lx (%lu bytes free)\n", n,
           source_pages, now_ms() - start, error, world::kmem_free());
    if (!expect(n < limit, "kernel memory ran out"))
        return;
    expect_eq(error, ipc_error(4, false), "the sender: message overflow in the send phase");
    expect_eq(sink_saw(), ipc_error(4, true), "the sink: message overflow in the receive phase");
    start = now_ms();
    expect_eq(world::kernel_check(), 0, "consistent while exhausted");
    printf("# the consistency check with more than %lu mapping nodes took %lu ms\n", n * source_pages,
           now_ms() - start);
    L4_Word_t v = 0;
    expect(n > 0 && sink_read(sink, map_region + (n - 1) * stride + (source_pages - 1) * 4096 + 8, &v) &&
               v == source_pages - 1,
           "the last complete map is still there");
    start = now_ms();
    world::kill_all();
    printf("# deleting the sink took %lu ms\n", now_ms() - start);
    expect_baseline("all memory back after deleting the sink");
}

// ---- Exactly N bytes free ---------------------------------------------------------------------------

// Filling: inactive threads until ThreadControl fails take every block of
// two pages; single pages left over are taken by "eaters", inactive
// threads of a space with a large UTCB area whose activation needs one new
// UTCB page each and nothing else (the area's page table exists). The
// filling threads are spread over several spaces: the consistency checker
// walks a space's thread list once per thread of the space.
constexpr L4_Word_t eater_area = 0x3FE0000000ul;   // 2 MiB aligned, 1 MiB long
constexpr unsigned max_eaters = 64;
constexpr unsigned fill_spaces = 32;

struct Filler {
    L4_Word_t threads = 0;      // mass_id(0 .. threads-1) exist
    L4_ThreadId_t spaces[fill_spaces] = {};
    L4_ThreadId_t eater_space = L4_nilthread;
    L4_ThreadId_t eaters[max_eaters] = {};
    unsigned eaters_made = 0;
    unsigned eaters_used = 0;
};
Filler filler;

L4_Word_t eater_utcb(unsigned page_index)
{
    return eater_area + page_index * world::page;
}

// The spaces the filling threads go to, and the eaters. Call with memory.
bool make_filler()
{
    filler = Filler{};
    aux_reset();
    for (L4_ThreadId_t& s : filler.spaces) {
        s = aux_id();
        if (L4_ThreadControl(s, s, world::main_id, L4_nilthread, no_utcb()) != 1) {
            tap::note("a filling space could not be made: error %lu", L4_ErrorCode());
            return false;
        }
    }
    L4_ThreadId_t e = aux_id();
    L4_Word_t old;
    if (L4_ThreadControl(e, e, world::main_id, L4_nilthread, no_utcb()) != 1 ||
        L4_SpaceControl(e, 0, L4_FpageLog2(facts.kip_area, 12), L4_FpageLog2(eater_area, 20), L4_nilthread,
                        &old) != 1 ||
        L4_ThreadControl(e, e, L4_nilthread, world::pager_id, reinterpret_cast<void*>(eater_utcb(0))) !=
            1) {
        tap::note("the eater space could not be made: error %lu", L4_ErrorCode());
        return false;
    }
    filler.eater_space = e;
    for (unsigned i = 0; i < max_eaters; i++) {
        L4_ThreadId_t t = aux_id();
        if (L4_ThreadControl(t, e, world::main_id, L4_nilthread,
                             reinterpret_cast<void*>(eater_utcb(1 + i))) != 1) {
            tap::note("eater %u could not be made: error %lu", i, L4_ErrorCode());
            return false;
        }
        filler.eaters[filler.eaters_made++] = t;
    }
    return true;
}

// Takes exactly one page of kernel memory.
bool eat_page()
{
    if (filler.eaters_used == filler.eaters_made)
        return false;
    L4_ThreadId_t t = filler.eaters[filler.eaters_used++];
    return L4_ThreadControl(t, t, L4_nilthread, world::pager_id, no_utcb()) == 1;
}

// Kernel memory down to nothing.
bool fill()
{
    while (filler.threads < mass_count &&
           L4_ThreadControl(mass_id(filler.threads), filler.spaces[filler.threads % fill_spaces],
                            world::main_id, L4_nilthread, no_utcb()) == 1)
        filler.threads++;
    while (world::kmem_free() > 0)
        if (!eat_page())
            break;
    if (world::kmem_free() != 0) {
        tap::note("could not fill kernel memory: %lu bytes left", world::kmem_free());
        return false;
    }
    return true;
}

// From nothing to exactly 'bytes' free (a multiple of the page size).
bool set_free(L4_Word_t bytes)
{
    if (!fill())
        return false;
    L4_Word_t blocks = (bytes + thread_cost - 1) / thread_cost;
    for (L4_Word_t i = 0; i < blocks && filler.threads > 0; i++)
        (void)delete_thread(mass_id(--filler.threads));
    while (world::kmem_free() > bytes)
        if (!eat_page())
            break;
    if (world::kmem_free() != bytes) {
        tap::note("could not set free kernel memory to %lu: %lu", bytes, world::kmem_free());
        return false;
    }
    return true;
}

void unfill()
{
    while (filler.threads > 0)
        (void)delete_thread(mass_id(--filler.threads));
    for (unsigned i = 0; i < filler.eaters_made; i++)
        (void)delete_thread(filler.eaters[i]);
    if (!L4_IsNilThread(filler.eater_space))
        (void)delete_thread(filler.eater_space);
    for (L4_ThreadId_t s : filler.spaces)
        if (!L4_IsNilThread(s))
            (void)delete_thread(s);
    filler = Filler{};
}

// One operation under test at every amount of free memory from 0 up, a
// page more each time, until it succeeds.
struct Attempt {
    bool ok;
    L4_Word_t error;
};

// expect_exact: a failure must give back everything it took. Some failed
// operations may keep page tables they made (a space's tables live as
// long as the space): those say false.
void climb(const char* what, Attempt (*op)(), L4_Word_t want_error, bool expect_exact,
           void (*after_failure)(L4_Word_t free_now))
{
    L4_Word_t start = now_ms();
    for (L4_Word_t bytes = 0; bytes <= 64 * kib; bytes += world::page) {
        if (!set_free(bytes)) {
            expect(false, "free kernel memory set exactly");
            return;
        }
        Attempt a = op();
        L4_Word_t after = world::kmem_free();
        if (a.ok) {
            printf("# %s: fails with up to %lu bytes free, succeeds with %lu (%lu ms)\n", what,
                   bytes - world::page, bytes, now_ms() - start);
            expect(bytes > 0, "it needs some kernel memory");
            return;
        }
        if (a.error != want_error) {
            expect_eq(a.error, want_error, what);
            tap::note("with %lu bytes free", bytes);
        }
        if (expect_exact && after != bytes) {
            expect_eq(after, bytes, what);
            tap::note("(free memory after the failure with %lu bytes free)", bytes);
        }
        L4_Word_t v = world::kernel_check();
        if (v) {
            expect_eq(v, 0, what);
            tap::note("(consistency check after the failure with %lu bytes free)", bytes);
        }
        if (after_failure)
            after_failure(bytes);
    }
    expect(false, "the operation succeeded with 64 KiB free");
    tap::note("%s", what);
}

void ladder(const char* what, Attempt (*op)(), L4_Word_t want_error, bool expect_exact,
            void (*after_failure)(L4_Word_t free_now) = nullptr)
{
    if (expect(make_filler(), "the filling threads' spaces and the eaters"))
        climb(what, op, want_error, expect_exact, after_failure);
    unfill();
}

L4_Word_t probe_number;   // thread number each attempt uses

Attempt attempt_tc(L4_ThreadId_t dest, L4_ThreadId_t space, L4_ThreadId_t pager, L4_Word_t utcb)
{
    L4_Word_t r = L4_ThreadControl(dest, space, world::main_id, pager, reinterpret_cast<void*>(utcb));
    return Attempt{r == 1, r == 1 ? 0 : L4_ErrorCode()};
}

void check_nothing_made(L4_Word_t)
{
    if (exists(L4_GlobalId(probe_number, 1))) {
        expect(false, "a failed ThreadControl made nothing");
        (void)delete_thread(L4_GlobalId(probe_number, 1));
    }
}

Attempt op_thread()
{
    return attempt_tc(L4_GlobalId(probe_number, 1), world::main_id, L4_nilthread, keep);
}

Attempt op_space()
{
    L4_ThreadId_t t = L4_GlobalId(probe_number, 1);
    return attempt_tc(t, t, L4_nilthread, keep);
}

// Created and activated in one call, in the eater space (its UTCB page is
// new): the thread block, then the UTCB page.
Attempt op_thread_active()
{
    return attempt_tc(L4_GlobalId(probe_number, 1), filler.eater_space, world::pager_id,
                      eater_utcb(200));
}

// SpaceControl of a space made before (KIP mapping: page tables).
L4_ThreadId_t pending_space;
Attempt op_space_control()
{
    L4_Word_t old;
    L4_Word_t r = L4_SpaceControl(pending_space, 0, L4_FpageLog2(facts.kip_area, 12),
                                  L4_FpageLog2(world::space_utcb_area, world::space_utcb_log2),
                                  L4_nilthread, &old);
    return Attempt{r == 1, r == 1 ? 0 : L4_ErrorCode()};
}

void check_space_uninitialized(L4_Word_t)
{
    // An uninitialized space: activating its thread is InvalidSpace.
    L4_Word_t r = L4_ThreadControl(pending_space, pending_space, L4_nilthread, world::pager_id,
                                   reinterpret_cast<void*>(world::space_utcb_area));
    if (r != 0 || L4_ErrorCode() != L4_ErrInvalidSpace) {
        expect(false, "after a failed SpaceControl the space is still uninitialized");
        tap::note("activation: %lu, ErrorCode %lu", r, L4_ErrorCode());
    }
}

// Activation of an inactive thread in an initialized space: UTCB page and
// the page table for the UTCB area.
L4_ThreadId_t pending_thread;
Attempt op_activate()
{
    return attempt_tc(pending_thread, pending_thread, world::pager_id, keep);
}

void check_still_inactive(L4_Word_t)
{
    if (state_of(pending_thread) != L4_SCHEDRESULT_INACTIVE)
        expect(false, "after a failed activation the thread is inactive");
}

// A map into a fresh 1 GiB region of the sink: page tables and a node.
L4_ThreadId_t ladder_sink;
L4_Word_t ladder_sink_target;
Attempt op_map()
{
    sink_error = 0;
    L4_Word_t e = map_to(ladder_sink, fpage(reinterpret_cast<L4_Word_t>(one_page), 12, L4_Readable),
                         ladder_sink_target);
    return Attempt{e == 0, e};
}

void check_sink_side(L4_Word_t)
{
    L4_Word_t e = sink_saw();
    if (e != ipc_error(4, true))
        expect_eq(e, ipc_error(4, true), "the sink sees message overflow in its receive phase");
}

// A page fault whose mapping needs a page table and a node: the pager's
// map reply fails; the faulting thread stays halted until a thread of its
// space resumes it.
L4_ThreadId_t faulter, faulter_helper;
volatile L4_Word_t faulter_done;
unsigned faulter_mark;

unsigned run_touch(const L4_Word_t* in, L4_Word_t*)
{
    *reinterpret_cast<volatile L4_Word_t*>(in[0]) = in[1];
    faulter_done = in[1];
    return 0;
}

unsigned run_resume(const L4_Word_t* in, L4_Word_t* out)
{
    L4_ThreadId_t t;
    t.raw = in[0];
    L4_Word_t c, sp, ip, flags, handle;
    L4_ThreadId_t pager;
    // h without H: resume.
    L4_ThreadId_t r = L4_ExchangeRegisters(t, 1u << 8, 0, 0, 0, 0, L4_nilthread, &c, &sp, &ip, &flags,
                                           &handle, &pager);
    out[0] = r.raw;
    out[1] = c;
    return 2;
}

bool faulter_started;
Attempt op_page_fault()
{
    faulter_mark = world::fault_mark();
    faulter_done = 0;
    if (!faulter_started) {
        L4_Word_t in[2] = {reinterpret_cast<L4_Word_t>(far_page), 0xF00D};
        faulter_started = world::client_post(faulter, run_touch, in, 2);
    } else {
        // It is halted at its faulting write: let it try again.
        L4_Word_t in[1] = {faulter.raw};
        L4_Word_t out[2];
        if (!world::client_run(faulter_helper, run_resume, in, 1, out, 2) || !(out[1] & 1))
            tap::note("resuming the faulting thread: result 0x%lx, control 0x%lx", out[0], out[1]);
    }
    for (unsigned i = 0; i < 500; i++) {
        if (faulter_done == 0xF00D)
            return Attempt{true, 0};
        if (state_of(faulter) == L4_SCHEDRESULT_INACTIVE)
            break;
        world::sleep_us(1000);
    }
    if (faulter_done == 0xF00D)
        return Attempt{true, 0};
    // The pager's answer to the fault on far_page, as it saw it.
    for (unsigned i = world::fault_count(); i-- > faulter_mark;) {
        const world::Fault* f = world::fault_at(i);
        if (f && f->from.raw == faulter.raw && f->served)
            return Attempt{false, f->send_error};
    }
    tap::note("no served fault of the faulting thread logged");
    return Attempt{false, 0};
}

void check_faulter_halted(L4_Word_t)
{
    if (state_of(faulter) != L4_SCHEDRESULT_INACTIVE)
        expect(false, "the faulting thread is halted");
    if (faulter_done)
        expect(false, "its write did not happen");
}

void exact_points()
{
    L4_Word_t start = now_ms();
    probe_number = mass_first + mass_count + 511;   // a warmed block, no helper's number
    ladder("ThreadControl: an inactive thread", op_thread, L4_ErrNoMem, true, check_nothing_made);
    (void)delete_thread(L4_GlobalId(probe_number, 1));
    ladder("ThreadControl: a new space", op_space, L4_ErrNoMem, true, check_nothing_made);
    (void)delete_thread(L4_GlobalId(probe_number, 1));
    ladder("ThreadControl: a thread created active", op_thread_active, L4_ErrNoMem, true,
           check_nothing_made);
    (void)delete_thread(L4_GlobalId(probe_number, 1));

    // A number in a block no thread ever had: the thread table needs a new
    // page, which stays (the table's pages are never given back).
    probe_number = cold_number;
    ladder("ThreadControl: a new space, new thread-table page", op_space, L4_ErrNoMem, true,
           check_nothing_made);
    (void)delete_thread(L4_GlobalId(probe_number, 1));
    baseline -= world::page;

    L4_ThreadId_t q = world::fresh_id();
    expect_eq(L4_ThreadControl(q, q, world::main_id, L4_nilthread, no_utcb()), 1, "a space for SpaceControl");
    pending_space = q;
    ladder("SpaceControl", op_space_control, L4_ErrNoMem, false, check_space_uninitialized);

    L4_ThreadId_t p = world::fresh_id();
    L4_Word_t old;
    expect(L4_ThreadControl(p, p, world::main_id, L4_nilthread, no_utcb()) == 1 &&
               L4_SpaceControl(p, 0, L4_FpageLog2(facts.kip_area, 12),
                               L4_FpageLog2(world::space_utcb_area, world::space_utcb_log2), L4_nilthread,
                               &old) == 1 &&
               L4_ThreadControl(p, p, L4_nilthread, L4_nilthread,
                                reinterpret_cast<void*>(world::space_utcb_area)) == 1,
           "an initialized space with an inactive thread");
    pending_thread = p;
    ladder("ThreadControl: activation", op_activate, L4_ErrNoMem, true, check_still_inactive);

    ladder_sink = warm_sink();
    ladder_sink_target = map_region + (8ul << 30);
    if (expect(!L4_IsNilThread(ladder_sink), "a sink"))
        ladder("map item into a new region", op_map, ipc_error(4, false), false, check_sink_side);

    faulter = world::new_client();
    faulter_helper = L4_IsNilThread(faulter) ? L4_nilthread
                                             : world::space_thread(faulter, 1, world::client_loop, 0);
    faulter_started = false;
    L4_Word_t in[2] = {reinterpret_cast<L4_Word_t>(&one_page[8]), 1};
    L4_Word_t none[1], out[2];
    L4_Word_t self[1] = {faulter.raw};
    if (expect(!L4_IsNilThread(faulter_helper) && world::client_run(faulter, run_touch, in, 2, none, 0) &&
                   world::client_run(faulter_helper, run_resume, self, 1, out, 2),
               "a client and a helper in its space, warmed up"))
        ladder("page fault: the pager's map reply", op_page_fault, ipc_error(4, false), true,
               check_faulter_halted);
    expect_eq(far_page[0], 0xF00D, "the faulting write happened once memory was there");

    expect_eq(world::kernel_check(), 0, "consistent");
    world::kill_all();
    (void)delete_thread(q);
    (void)delete_thread(p);
    expect_baseline("all memory back after deleting everything");
    printf("# exact points in %lu ms\n", now_ms() - start);
}

// Regression (host fuzzer, sigma0-oom-crawl): a map from sigma0 of a huge,
// mostly undescribed fpage with kernel memory exhausted. sigma0's identity
// fill, once an allocation failed, crawled on page by page over the rest
// of the range (2^34 pages here: a kernel hang); now the first failed
// allocation ends the transfer. The root task asks sigma0 for the upper
// quarter of the user part (memory no descriptor mentions, which sigma0
// hands out on request) while not a byte of kernel memory is free: the
// request must end quickly in message overflow, and a small request must
// work once memory is back.
#if defined(L4_ARCH_RISCV64)
constexpr int huge_log2 = 36;   // Sv39: the user part is 2^38 bytes
#else
constexpr int huge_log2 = 45;
#endif
constexpr L4_Word_t huge_base = L4_Word_t{3} << huge_log2;
constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;

// sigma0 protocol (x2-api 8.3) with bounded timeouts: the IPC's tag, and
// its error code in *error.
L4_MsgTag_t sigma0_request(L4_Fpage_t request, L4_Word_t* error)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, static_cast<L4_Word_t>(-6) << 4 & label_mask);
    L4_MsgAppendWord(&msg, request.raw);
    L4_MsgAppendWord(&msg, 0);   // default memory attribute
    L4_MsgLoad(&msg);
    L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
    L4_MsgTag_t t = L4_Call_Timeouts(world::sigma0_id, L4_TimePeriod(2000000), L4_TimePeriod(2000000));
    *error = world::ipc_failed(t) ? L4_ErrorCode() : 0;
    L4_Accept(L4_UntypedWordsAcceptor);
    return t;
}

void sigma0_huge_exhausted()
{
    if (!expect(make_filler(), "the filling threads' spaces and the eaters") || !fill()) {
        unfill();
        return;
    }
    L4_Word_t error = 0;
    L4_Word_t start = L4_SystemClock().raw;
    L4_MsgTag_t t = sigma0_request(fpage(huge_base, huge_log2, L4_NoAccess), &error);
    L4_Word_t took = L4_SystemClock().raw - start;
    unfill();
    printf("# sigma0 request of 2^%d bytes at 0x%lx, kernel memory exhausted: %lu us, tag 0x%lx, "
           "ErrorCode 0x%lx\n", huge_log2, huge_base, took, t.raw, error);
    expect_eq(error, ipc_error(4, true), "the request's reply: message overflow in the receive phase");
    expect(took < 1000000, "it ends within a second (the identity fill stops at the first failure)");
    expect_eq(world::kernel_check(), 0, "consistent");
    L4_Word_t small_error = 0;
    L4_Fpage_t any;
    any.raw = (~L4_Word_t{0} << 10) | (12u << 4);
    t = sigma0_request(any, &small_error);
    expect(small_error == 0 && L4_TypedWords(t) == 2, "with memory back, sigma0 maps a page");
}

const tap::Case cases[] = {
    {"warm_up", warm_up},
    {"threads", threads},
    {"spaces", spaces},
    {"mappings_tables", mappings_tables},
    {"mappings_nodes", mappings_nodes},
    {"exact_points", exact_points},
    {"sigma0_huge_exhausted", sigma0_huge_exhausted},
};

void cleanup()
{
    world::kill_all();
}

}  // namespace

extern "C" int main()
{
    world::init();
    L4_Word_t start = now_ms();
    int status = tap::run("exhaustion", cases, sizeof cases / sizeof cases[0], cleanup);
    printf("# exhaustion: %lu ms in all\n", now_ms() - start);
    return status;
}
