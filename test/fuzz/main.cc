// SPDX-License-Identifier: BSD-2-Clause
// The in-guest fuzzer's root task (docs/testing.md, "Fuzzing"): reads its
// options from the command line (seed=N calls=N check=N agents=N
// trace=N), warms up, takes the kernel's free memory as the baseline,
// builds the world, lets the fuzzers loose, checks that the world still
// works, tears everything down and prints exactly one line
//   FUZZ arch=<arch> seed=<seed> calls=<n> violations=<n> leaked_bytes=<n>
// Exit status 0 only with no violation and no leaked byte.
#include <l4/bootinfo.h>
#include <l4/ipc.h>
#include <l4/kcp.h>
#include <l4/kip.h>
#include <l4/schedule.h>
#include <l4/thread.h>
#include <l4io.h>

#include "arch.hpp"
#include "fuzzer.hpp"
#include "world.hpp"

namespace fuzz {
namespace {

constexpr L4_Word_t default_seed = 24301;
constexpr L4_Word_t default_calls = 1000000;
constexpr L4_Word_t default_check = 2048;
constexpr unsigned default_agents = 3;
constexpr L4_Word_t agent_wait_us = 30000000;   // after the root fuzzer is done
constexpr L4_Word_t recover_wait_us = 3000000;

// The root task's bootinfo record says its command line: "name args".
const char* my_cmdline()
{
    void* bi = reinterpret_cast<void*>(L4_BootInfo(world.kip));
    if (!bi || !L4_BootInfo_Valid(bi))
        return nullptr;
    auto* kcp = static_cast<L4_KernelConfigurationPage_t*>(world.kip);
    L4_BootRec_t* r = L4_BootInfo_FirstEntry(bi);
    for (L4_Word_t i = 0; i < L4_BootInfo_Entries(bi); i++, r = L4_BootRec_Next(r))
        if (L4_BootRec_Type(r) == L4_BootInfo_SimpleExec && L4_SimpleExec_InitialIP(r) == kcp->root_server.ip)
            return L4_SimpleExec_Cmdline(r);
    return nullptr;
}

bool starts_with(const char* s, const char* prefix)
{
    while (*prefix && *s == *prefix) {
        s++;
        prefix++;
    }
    return *prefix == '\0';
}

// A decimal or 0x-hexadecimal number; *ok = false if there is none.
L4_Word_t number(const char* s, bool* ok)
{
    L4_Word_t v = 0;
    unsigned base = 10, digits = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (; *s && *s != ' '; s++, digits++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = static_cast<unsigned>(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = static_cast<unsigned>(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = static_cast<unsigned>(*s - 'A' + 10);
        else
            break;
        v = v * base + d;
    }
    *ok = digits > 0 && (*s == '\0' || *s == ' ');
    return v;
}

bool parse(Options* opt)
{
    const char* line = my_cmdline();
    if (!line)
        return true;
    for (const char* p = line; *p; p++) {
        if (p != line && p[-1] != ' ')
            continue;
        static const char* const keys[] = {"seed=", "calls=", "check=", "agents=", "trace="};
        L4_Word_t* fields[] = {&opt->seed, &opt->calls, &opt->check_every, nullptr, &opt->trace_from};
        for (unsigned k = 0; k < 5; k++) {
            if (!starts_with(p, keys[k]))
                continue;
            bool ok;
            const char* v = p;
            while (*v != '=')
                v++;
            L4_Word_t n = number(v + 1, &ok);
            if (!ok) {
                printf("fuzz: bad option in the command line: %s\n", p);
                return false;
            }
            if (fields[k])
                *fields[k] = n;
            else
                opt->agents = static_cast<unsigned>(n > max_agents ? max_agents : n);
        }
    }
    return true;
}

L4_Word_t now_us() { return L4_SystemClock().raw; }

void sleep_us(L4_Word_t us) { L4_Sleep(period_us(us)); }

// Every agent finished its budget (its rescuer keeps it from blocking for
// good); the ones that did not by the deadline are stalls.
unsigned wait_for_agents()
{
    L4_Word_t deadline = now_us() + agent_wait_us;
    for (;;) {
        unsigned pending = 0;
        for (unsigned i = 1; i <= world.agents; i++)
            pending += world.fuzzers[i].done ? 0 : 1;
        if (!pending)
            return 0;
        if (now_us() > deadline) {
            for (unsigned i = 1; i <= world.agents; i++)
                if (!world.fuzzers[i].done)
                    printf("fuzz: agent %u did not finish: %lu of %lu calls, in a call: %d\n", i,
                           world.fuzzers[i].calls, world.fuzzers[i].budget, world.fuzzers[i].in_call ? 1 : 0);
            return pending;
        }
        sleep_us(1000);
    }
}

// After the storm every worker must still work: its progress grows.
unsigned check_recovery()
{
    resume_workers(0);
    L4_Word_t start[max_world_threads];
    for (unsigned i = 0; i < world.thread_count; i++)
        start[i] = world.workers[i].progress;
    L4_Word_t deadline = now_us() + recover_wait_us;
    for (;;) {
        unsigned stuck = 0;
        for (unsigned i = 0; i < world.thread_count; i++) {
            Role r = world.threads[i].role;
            if ((r == Role::client || r == Role::server || r == Role::toucher) &&
                world.workers[i].progress < start[i] + 2)
                stuck++;
        }
        if (!stuck)
            return 0;
        if (now_us() > deadline) {
            for (unsigned i = 0; i < world.thread_count; i++) {
                Role r = world.threads[i].role;
                if ((r == Role::client || r == Role::server || r == Role::toucher) &&
                    world.workers[i].progress < start[i] + 2) {
                    L4_Word_t old;
                    L4_Word_t state = L4_Schedule(world.threads[i].id, ~0ul, ~0ul, ~0ul, ~0ul, &old);
                    printf("fuzz: worker %lx (space %u) no longer makes progress (state %lu)\n",
                           world.threads[i].id.raw, world.threads[i].space, state);
                }
            }
            return stuck;
        }
        sleep_us(1000);
    }
}

// What the calls reached, summed over the fuzzers: calls/succeeded per
// system call, then the states the world went through.
void print_coverage(unsigned agents)
{
    Fuzzer::Coverage sum{};
    for (unsigned i = 0; i <= agents; i++) {
        const Fuzzer::Coverage& c = fuzzers[i].coverage();
        for (unsigned k = 0; k < unsigned(Kind::count); k++) {
            sum.calls[k] += c.calls[k];
            sum.ok[k] += c.ok[k];
        }
        sum.created += c.created;
        sum.deleted += c.deleted;
        sum.activated += c.activated;
        sum.renamed += c.renamed;
        sum.moved += c.moved;
        sum.spaces_set += c.spaces_set;
        sum.worker_ipc_aborted += c.worker_ipc_aborted;
        sum.worker_halts += c.worker_halts;
        sum.typed_delivered += c.typed_delivered;
        sum.mappings_received += c.mappings_received;
    }
    printf("fuzz: calls/ok:");
    for (unsigned k = 0; k < unsigned(Kind::count); k++)
        printf(" %s %lu/%lu", kind_name(static_cast<Kind>(k)), sum.calls[k], sum.ok[k]);
    printf("\n");
    printf("fuzz: threads created %lu, activated %lu, renamed %lu, moved %lu, deleted %lu; spaces set up %lu; "
           "worker IPC aborted %lu, workers halted %lu; messages with typed items sent %lu, received %lu\n",
           sum.created, sum.activated, sum.renamed, sum.moved, sum.deleted, sum.spaces_set,
           sum.worker_ipc_aborted, sum.worker_halts, sum.typed_delivered, sum.mappings_received);
}

int run()
{
    world_facts();
    world.bootinfo = L4_BootInfo(world.kip) & ~(page - 1);
    Options opt{default_seed, default_calls, default_check, default_agents, 0};
    if (!parse(&opt))
        return 1;
    if (world.user_base + fuzz_first + fuzz_numbers > (L4_Word_t{1} << 18) - top_numbers) {
        printf("fuzz: thread numbers do not fit (user base %lu)\n", world.user_base);
        return 1;
    }
    printf("fuzz: arch=%s seed=%lu calls=%lu check=%lu agents=%u\n", arch.name, opt.seed, opt.calls,
           opt.check_every, opt.agents);
    // Below the rescuer, which must preempt a fuzzer stuck in a loop.
    L4_Word_t old;
    (void)L4_Schedule(L4_Myself(), ~0ul, ~0ul, 150, ~0ul, &old);

    // Warm-up: the world once, and what the root space keeps for good.
    // Every page of this image is touched (the root task's pager is sigma0).
    for (L4_Word_t a = world.image_start; a < world.image_end; a += page)
        (void)*reinterpret_cast<volatile char*>(a);
    if (!world_setup(opt.agents)) {
        printf("fuzz: setting up the world failed\n");
        return 1;
    }
    fuzzers[0].init(0, opt);
    L4_ThreadId_t ids[model_numbers];
    unsigned n_ids = fuzzers[0].model_ids(ids, model_numbers);
    bool warm = world_pretouch(ids, n_ids);
    unsigned teardown_failures = world_teardown();
    if (!warm || teardown_failures) {
        printf("fuzz: the warm-up failed\n");
        return 1;
    }
    L4_Word_t baseline = kmem_free();

    // The run.
    if (!world_setup(opt.agents)) {
        printf("fuzz: setting up the world failed\n");
        return 1;
    }
    // Equal shares (the root fuzzer takes the remainder): the run ends
    // when the last one is done, so none should lag behind.
    L4_Word_t share = opt.calls / (opt.agents + 1);
    L4_Word_t root_budget = opt.calls - share * opt.agents;
    for (unsigned i = 0; i <= opt.agents; i++) {
        fuzzers[i].init(i, opt);
        world.fuzzers[i].budget = i == 0 ? root_budget : share;
    }
    L4_Word_t t0 = now_us();
    world.go = true;
    bool clean = fuzzers[0].run(root_budget);
    unsigned stalls = wait_for_agents();
    L4_Word_t t1 = now_us();
    if (clean)
        stalls += check_recovery();

    L4_Word_t calls = 0, api = 0, rescues = 0, echo = 0;
    for (unsigned i = 0; i <= opt.agents; i++) {
        calls += world.fuzzers[i].calls;
        api += world.fuzzers[i].api_violations;
        rescues += world.fuzzers[i].rescues;
        echo += world.fuzzers[i].echo_checked;
    }
    // Fuzzed prints may have left a line open: the report starts on its own.
    printf("\n");
    print_coverage(opt.agents);
    L4_Word_t worker_errors = 0, worker_ops = 0, retries = 0;
    for (unsigned i = 0; i < world.thread_count; i++) {
        worker_errors += world.workers[i].errors;
        worker_ops += world.workers[i].progress;
        retries += world.workers[i].retries;
    }
    L4_Word_t unexpected = world.unexpected_faults;
    L4_Word_t recycled = world.recycled, recycle_failures = world.recycle_failures;
    L4_Word_t served = world.faults_served;

    // Teardown, then the kernel once more.
    teardown_failures = fuzzers[0].delete_model_threads();
    teardown_failures += world_teardown();
    teardown_failures += static_cast<unsigned>(recycle_failures);
    L4_Word_t final_free = kmem_free();
    L4_Word_t checker = fuzzers[0].checker_violations();
    for (unsigned i = 1; i <= opt.agents; i++)
        checker += fuzzers[i].checker_violations();
    L4_Word_t last_check = kernel_check();
    if (last_check)
        printf("fuzz: the kernel checker found %lu violation(s) after the teardown\n", last_check);
    checker += last_check;
    long leaked = static_cast<long>(baseline - final_free);
    if (leaked)
        printf("fuzz: kernel free memory %lu bytes after the teardown, %lu before the run\n", final_free, baseline);

    L4_Word_t secs = (t1 - t0) / 1000000, tenths = (t1 - t0) / 100000 % 10;
    printf("fuzz: %lu calls in %lu.%lu s; %lu echo replies checked; %lu rescues; %lu worker operations, "
           "%lu re-issued; %lu faults served; mortal space made %lu times\n",
           calls, secs, tenths, echo, rescues, worker_ops, retries, served, recycled);
    printf("fuzz: checker %lu, api %lu, worker errors %lu, stalls %u, unexpected faults %lu, teardown %u\n",
           checker, api, worker_errors, stalls, unexpected, teardown_failures);
    L4_Word_t violations = checker + api + worker_errors + stalls + unexpected + teardown_failures;
    if (violations)
        printf("fuzz: replay with: scripts/fuzz --board %s --seed %lu --calls %lu --agents %u --check %lu\n",
               arch.board, opt.seed, opt.calls, opt.agents, opt.check_every);
    printf("FUZZ arch=%s seed=%lu calls=%lu violations=%lu leaked_bytes=%ld\n", arch.name, opt.seed, calls,
           violations, leaked);
    return violations == 0 && leaked == 0 ? 0 : 1;
}

}  // namespace
}  // namespace fuzz

extern "C" int main()
{
    return fuzz::run();
}
