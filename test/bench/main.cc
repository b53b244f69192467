// SPDX-License-Identifier: BSD-2-Clause
// The benchmark's root task: picks the run's size from its command line
// ("short" for CI), checks that the counter counts instructions, runs every
// measurement and prints one BENCH line per figure (docs/performance.md).
#include <l4/bootinfo.h>
#include <l4io.h>

#include "bench.hpp"

namespace bench {

Params params;
bool counting;
L4_Word_t counter_overhead;

void Figure::add(L4_Word_t counts, L4_Word_t ops)
{
    L4_Word_t per_op = (counts + ops / 2) / ops;
    if (per_op < _min_per_op)
        _min_per_op = per_op;
    _counts += counts;
    _ops += ops;
}

void Figure::print() const
{
    if (!counting)
        return;
    printf("BENCH arch=%s name=%s min=%lu mean=%lu\n", arch_name, _name, _min_per_op,
           (_counts + _ops / 2) / _ops);
}

namespace {

constexpr L4_Word_t thread_count = 1000;  // for ipc_rt_inter_mr0_1000threads

// The root task's own command line ("<name> <args>") from its bootinfo
// record, or "" when there is none.
const char* own_command_line()
{
    L4_Word_t bootinfo_address = L4_BootInfo(kip);
    void* bootinfo = reinterpret_cast<void*>(bootinfo_address);
    if (bootinfo_address == 0 || !L4_BootInfo_Valid(bootinfo))
        return "";
    L4_Word_t me = reinterpret_cast<L4_Word_t>(&own_command_line);
    const L4_BootRec_t* r = L4_BootInfo_FirstEntry(bootinfo);
    for (L4_Word_t i = 0; i < L4_BootInfo_Entries(bootinfo); ++i, r = L4_BootRec_Next(r)) {
        if (L4_BootRec_Type(r) != L4_BootInfo_SimpleExec)
            continue;
        L4_Word_t text = L4_SimpleExec_TextVstart(r);
        if (me >= text && me < text + L4_SimpleExec_TextSize(r)) {
            const char* line = L4_SimpleExec_Cmdline(r);
            return line ? line : "";
        }
    }
    return "";
}

bool has_word(const char* line, const char* word)
{
    for (const char* p = line; *p; ++p) {
        if (p != line && p[-1] != ' ')
            continue;
        const char* a = p;
        const char* b = word;
        while (*b && *a == *b) {
            ++a;
            ++b;
        }
        if (!*b && (*a == 0 || *a == ' '))
            return true;
    }
    return false;
}

void choose_params()
{
    // Short: enough to run every path (CI); full: stable minima and means.
    if (has_word(own_command_line(), "short"))
        params = Params{5, 20, 20, true};
    else
        params = Params{100, 100, 100, false};
    if (params.iterations > max_iterations)
        fail("more iterations than the result arrays hold:", params.iterations);
}

void check_counter()
{
    const char* why;
    counting = counter_readable(&why);
    if (!counting) {
        printf("bench: no exact instruction counter on %s (%s): every case runs, "
               "no figures are printed\n",
               arch_name, why);
        return;
    }
    L4_Word_t seen;
    if (!counter_counts_instructions(&seen))
        fail("the counter does not count instructions (is QEMU run with -icount shift=0?): "
             "4000 instructions counted as",
             seen);
    L4_Word_t best = ~L4_Word_t{0};
    for (int i = 0; i < 16; ++i) {
        L4_Word_t t0 = count();
        L4_Word_t t1 = count();
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    counter_overhead = best;
}

}  // namespace

}  // namespace bench

extern "C" int main()
{
    using namespace bench;
    kip = L4_GetKernelInterface();
    choose_params();
    // One below the workers that serve it (see bench.hpp).
    if (L4_Set_Priority(L4_Myself(), client_priority) == L4_SCHEDRESULT_ERROR)
        fail("Schedule (own priority) failed, error", L4_ErrorCode());
    check_counter();
    printf("bench: arch=%s counter=%s mode=%s iterations=%lu ops=%lu warmup=%lu "
           "counter_overhead=%lu\n",
           arch_name, counter_name, params.short_mode ? "short" : "full", params.iterations,
           params.ops, params.warmup, counter_overhead);

    threads_init();
    // Round-trip partners share main's priority: a call then switches to
    // the partner directly, which is the case the IPC fast path serves
    // (docs/fastpath.md check 10). The one-way receiver runs above main, so
    // each send switches to it at once.
    L4_ThreadId_t remote = remote_worker(client_priority);
    L4_ThreadId_t local = local_worker(client_priority);
    L4_ThreadId_t remote_oneway = remote_worker(server_priority);
    L4_ThreadId_t switch_partner = local_worker(client_priority);

    measure_loop_empty();
    measure_null_syscall();
    measure_ipc_round_trips(remote, local);
    measure_ipc_send(remote_oneway);
    measure_thread_switch(switch_partner);
    measure_page_fault(remote);
    measure_map_unmap(remote);
    // Last: the threads stay (deleting them would only cost time).
    measure_ipc_with_threads(remote, thread_count);

    printf("bench: all cases ran\n");
    return 0;
}
