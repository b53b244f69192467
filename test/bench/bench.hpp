// SPDX-License-Identifier: BSD-2-Clause
// What the parts of the benchmark share: the run's parameters, the threads
// (workers that run jobs for the main thread, in the root task's space or
// in a second space), the figures and how they are printed.
#pragma once

#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4/types.h>

#include "counter.hpp"

namespace bench {

// ---- Parameters -------------------------------------------------------------------

// Every figure is measured as N iterations of K operations each, after W
// warm-up operations. The figure's min is the smallest per-iteration
// average, its mean the average over all N * K operations.
struct Params {
    L4_Word_t iterations;  // N
    L4_Word_t ops;         // K
    L4_Word_t warmup;      // W
    bool short_mode;
};
extern Params params;

inline constexpr L4_Word_t max_iterations = 200;
inline constexpr L4_Word_t page_size = 4096;

// The root task's main thread is the client of every measurement. Round-trip
// partners run at its priority (the IPC fast path's case, docs/fastpath.md);
// the one-way receiver and the pager run one step higher, so a message to
// them switches at once and nothing else runs in between.
inline constexpr L4_Word_t client_priority = 254;
inline constexpr L4_Word_t server_priority = 255;

// ---- Facts and thread ids ------------------------------------------------------------

extern void* kip;
extern L4_ThreadId_t main_id;    // the root task's main thread (global id)
extern L4_ThreadId_t sigma0_id;
extern L4_ThreadId_t pager_id;   // pages the second space from this image

/// Counts between two back-to-back count() calls; subtracted from
/// measurements that read the counter around every single operation.
extern L4_Word_t counter_overhead;

/// Prints the reason and ends the machine with status 1 (any thread).
[[noreturn]] void fail(const char* what, L4_Word_t detail);

// ---- Threads and jobs ----------------------------------------------------------------

/// Touches the whole image (so every page of it is mapped in the root
/// task's space before another space borrows it) and starts the pager.
void threads_init();
/// A thread number nobody used yet (version 1).
L4_ThreadId_t fresh_id();
/// A worker in the root task's space, at the given priority.
L4_ThreadId_t local_worker(L4_Word_t priority);
/// A worker that is the first thread of a new address space, which sees
/// this image's pages where they are here (mapped by the pager on fault).
L4_ThreadId_t remote_worker(L4_Word_t priority);

/// A job runs in a worker: fn(arg), then its result goes to main.
using Job = L4_Word_t (*)(L4_Word_t arg);
inline constexpr L4_Word_t label_job = 0x10B;
inline constexpr L4_Word_t label_stop = 0x570;
/// Hands the worker a job and returns at once (the worker may run first).
void job_start(L4_ThreadId_t worker, Job job, L4_Word_t arg);
/// Waits for the worker's result.
L4_Word_t job_wait(L4_ThreadId_t worker);
/// Ends a serving job (rt_server, map_server) and returns its result.
L4_Word_t job_stop(L4_ThreadId_t worker);

/// Serves Calls until label_stop: replies with u untyped words.
L4_Word_t rt_server(L4_Word_t u);
/// Serves Calls as rt_server(0) after accepting mappings into the fpage
/// 'window' (raw).
L4_Word_t map_server(L4_Word_t window);

// ---- Figures ----------------------------------------------------------------------------

class Figure {
public:
    explicit Figure(const char* name) : _name(name) {}
    /// One iteration: 'counts' for 'ops' operations.
    void add(L4_Word_t counts, L4_Word_t ops);
    /// Prints the BENCH line (only when counting).
    void print() const;

private:
    const char* _name;
    L4_Word_t _min_per_op = ~L4_Word_t{0};  // rounded per-iteration average
    L4_Word_t _counts = 0;
    L4_Word_t _ops = 0;
};

/// The message tag with u untyped words and no label (or any raw tag).
inline L4_MsgTag_t words_tag(L4_Word_t u)
{
    L4_MsgTag_t t;
    t.raw = u;
    return t;
}

// ---- The measurements (cases_*.cc) -------------------------------------------------------

void measure_loop_empty();
void measure_null_syscall();
void measure_ipc_round_trips(L4_ThreadId_t remote, L4_ThreadId_t local);
void measure_ipc_send(L4_ThreadId_t remote);
void measure_thread_switch(L4_ThreadId_t partner);
void measure_page_fault(L4_ThreadId_t remote);
void measure_map_unmap(L4_ThreadId_t remote);
/// Creates 'threads' inactive threads, then measures the inter-space round
/// trip again.
void measure_ipc_with_threads(L4_ThreadId_t remote, L4_Word_t threads);

}  // namespace bench
