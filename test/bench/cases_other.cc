// SPDX-License-Identifier: BSD-2-Clause
// The figures that are not message passing: an empty loop and a null
// system call (to tell user-side from kernel instructions), ThreadSwitch
// between two ready threads, a page fault resolved by a user-level pager,
// and mapping one page by IPC and unmapping it.
#include <l4io.h>

#include "bench.hpp"

namespace bench {

namespace {

// ---- ThreadSwitch -------------------------------------------------------------------------

volatile bool switch_stop;

// The partner: yields back to main until told to stop; returns how often.
L4_Word_t switch_partner(L4_Word_t)
{
    L4_Word_t switches = 0;
    while (!switch_stop) {
        L4_ThreadSwitch(main_id);
        ++switches;
    }
    return switches;
}

// ---- Page faults --------------------------------------------------------------------------

constexpr L4_Word_t fault_pages_log2 = 6;
constexpr L4_Word_t fault_pages = L4_Word_t{1} << fault_pages_log2;

// Pages the worker in the other space faults on (the pager lends this
// space's pages); aligned to its size so one fpage covers it.
alignas(fault_pages * page_size) char fault_region[fault_pages][page_size];

struct Fault_run {
    L4_Word_t pages;                  // per iteration (K, at most fault_pages)
    L4_Word_t warmup_iterations;
    L4_Word_t sums[max_iterations];
} fault_run;

L4_Fpage_t fault_fpage()
{
    return L4_FpageAddRights(L4_FpageLog2(reinterpret_cast<L4_Word_t>(fault_region),
                                          static_cast<int>(fault_pages_log2 + 12)),
                             L4_FullyAccessible);
}

// The worker: per iteration, writes the first word of each page (each
// write faults, the pager maps the page, the write is repeated), then
// flushes its own mappings of the region so the next iteration faults
// again. Sums the counts from before to after each write.
L4_Word_t fault_job(L4_Word_t)
{
    const L4_Fpage_t region = fault_fpage();
    (void)L4_Flush(region);
    for (L4_Word_t it = 0; it < fault_run.warmup_iterations + params.iterations; ++it) {
        L4_Word_t sum = 0;
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < fault_run.pages; ++k) {
            volatile L4_Word_t* p = reinterpret_cast<L4_Word_t*>(fault_region[k]);
            L4_Word_t t0 = count();
            *p = k;
            L4_Word_t t1 = count();
            sum += t1 - t0;
        }
        (void)L4_Flush(region);
        if (it >= fault_run.warmup_iterations)
            fault_run.sums[it - fault_run.warmup_iterations] = sum;
    }
    return 0;
}

// ---- Map and unmap --------------------------------------------------------------------------

// The page main maps to the other space, at the same address there.
alignas(4096) char map_page[page_size];

}  // namespace

// One operation = one round of a loop with an empty body.
void measure_loop_empty()
{
    Figure f("loop_empty");
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
        L4_Word_t t0 = count();
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k)
            __asm__ __volatile__("" : : : "memory");
        L4_Word_t t1 = count();
        f.add(t1 - t0 - counter_overhead, params.ops);
    }
    f.print();
}

// One operation = one L4_SystemClock (the cheapest system call: it only
// reads the clock) with its loop.
void measure_null_syscall()
{
    for (L4_Word_t w = 0; w < params.warmup; ++w)
        (void)L4_SystemClock();
    Figure f("null_syscall");
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
        L4_Word_t t0 = count();
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k)
            (void)L4_SystemClock();
        L4_Word_t t1 = count();
        f.add(t1 - t0 - counter_overhead, params.ops);
    }
    f.print();
}

// The kernel's default time slice (docs/scheduling.md).
constexpr L4_Word_t default_timeslice_us = 10000;

// Sets the time slice of main and of 'partner' (total quantum Never).
void set_timeslices(L4_ThreadId_t partner, L4_Time_t slice)
{
    L4_ThreadId_t both[2] = {partner, L4_Myself()};
    for (L4_ThreadId_t t : both)
        if (L4_Set_Timeslice(t, slice, L4_Never) == 0)
            fail("thread switch: Schedule refused the time slice", t.raw);
}

// One operation = one L4_ThreadSwitch that switches from one ready thread
// to the other (main and its partner at the same priority, nothing else
// ready), with half a round of each side's loop.
void measure_thread_switch(L4_ThreadId_t partner)
{
    switch_stop = false;
    job_start(partner, switch_partner, 0);  // same priority: main goes on
    // No end of a time slice in between: a tick that preempted the partner
    // in user mode would hand main a turn the partner does not count.
    set_timeslices(partner, L4_Never);
    for (L4_Word_t w = 0; w < params.warmup; ++w)
        L4_ThreadSwitch(partner);
    Figure f("thread_switch");
    for (L4_Word_t n = 0; n < params.iterations; ++n) {
        L4_Word_t t0 = count();
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < params.ops; ++k)
            L4_ThreadSwitch(partner);
        L4_Word_t t1 = count();
        f.add(t1 - t0 - counter_overhead, 2 * params.ops);
    }
    switch_stop = true;
    L4_ThreadSwitch(partner);  // it sees the flag, returns and sends its result
    L4_Word_t switches = job_wait(partner);
    set_timeslices(partner, L4_TimePeriod(default_timeslice_us));
    // Each of main's switches must have run the partner once.
    if (switches < params.warmup + params.iterations * params.ops)
        fail("thread switch: the partner ran too seldom:", switches);
    f.print();
}

// One operation = a write to an unmapped page in the other space: the
// fault, the page-fault IPC to the pager thread (in the root task's
// space), the pager's reply with one map item, and the write's retry.
void measure_page_fault(L4_ThreadId_t remote)
{
    fault_run.pages = params.ops < fault_pages ? params.ops : fault_pages;
    fault_run.warmup_iterations = (params.warmup + fault_run.pages - 1) / fault_run.pages;
    job_start(remote, fault_job, 0);
    (void)job_wait(remote);
    Figure f("pagefault_user_pager");
    for (L4_Word_t n = 0; n < params.iterations; ++n)
        f.add(fault_run.sums[n] - fault_run.pages * counter_overhead, fault_run.pages);
    // A fault costs far more than a write: if the flush had left the pages
    // mapped, an iteration would average a handful of instructions.
    for (L4_Word_t n = 0; n < params.iterations; ++n)
        if (counting && fault_run.sums[n] < 100 * fault_run.pages)
            fail("page fault: an iteration did not fault, counts", fault_run.sums[n]);
    f.print();
}

// Two figures per round: map_page_ipc = one L4_Call from main carrying one
// map item of a 4 KiB page (the other side accepts it in a one-page window
// and replies with an empty message); unmap_page = one L4_UnmapFpage of
// that page, which revokes the other space's mapping.
void measure_map_unmap(L4_ThreadId_t remote)
{
    L4_Word_t address = reinterpret_cast<L4_Word_t>(map_page);
    const L4_Fpage_t page = L4_FpageAddRights(L4_FpageLog2(address, 12), L4_FullyAccessible);
    const L4_MapItem_t item = L4_MapItem(page, address);
    job_start(remote, map_server, page.raw);
    Figure map("map_page_ipc"), unmap("unmap_page");
    L4_Word_t seen = 0;
    for (L4_Word_t n = 0; n < 1 + params.iterations; ++n) {
        // Round 0 is the warm-up.
        L4_Word_t rounds = n == 0 ? params.warmup : params.ops;
        L4_Word_t map_counts = 0, unmap_counts = 0;
#pragma clang loop unroll(disable)
        for (L4_Word_t k = 0; k < rounds; ++k) {
            L4_LoadMR(0, L4_Word_t{2} << 6);  // two typed words
            L4_LoadMR(1, item.raw[0]);
            L4_LoadMR(2, item.raw[1]);
            L4_Word_t t0 = count();
            seen |= L4_Call(remote).raw;
            L4_Word_t t1 = count();
            (void)L4_UnmapFpage(page);
            L4_Word_t t2 = count();
            map_counts += t1 - t0 - counter_overhead;
            unmap_counts += t2 - t1 - counter_overhead;
        }
        if (n > 0) {
            map.add(map_counts, rounds);
            unmap.add(unmap_counts, rounds);
        }
    }
    if (seen != 0)
        fail("map: a reply was not empty, tags ORed", seen);
    if (L4_Word_t r = job_stop(remote); r != 0)
        fail("map: the receiver failed, error", r);
    map.print();
    unmap.print();
}

}  // namespace bench
