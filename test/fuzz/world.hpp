// SPDX-License-Identifier: BSD-2-Clause
// The world the fuzzer runs in: the root space (privileged) and one space
// per unprivileged fuzzing agent, each with threads that do legitimate
// work (echo servers, IPC client/server pairs, a page toucher), a rescuer
// that aborts its fuzzer's IPC when it is stuck, and victims; plus a
// "mortal" space with one echo that the root fuzzer deletes (with all the
// mappings it got) and makes again now and then. All world
// spaces run this image's code at the same addresses, paged by the pager
// thread from the root task's own pages, so the records below are shared
// memory between all of them.
#pragma once

#include <l4/message.h>
#include <l4/types.h>

namespace fuzz {

inline constexpr L4_Word_t page = 4096;
inline constexpr unsigned max_agents = 4;
inline constexpr unsigned max_spaces = max_agents + 1;   // 0 = the root space

// ---- Address layout, the same in every world space ---------------------------------

/// Where fuzzing threads let mappings arrive (their acceptors' windows lie
/// inside); nothing else is ever there. In the root space its page tables
/// are made during the warm-up.
inline constexpr L4_Word_t window_base = 0x3000000000ul;
inline constexpr unsigned window_log2 = 20;
/// Never mapped in a world space: junk instruction pointers and the areas
/// of spaces the fuzzer creates come from here.
inline constexpr L4_Word_t hole_base = 0x2000000000ul;
inline constexpr L4_Word_t hole_size = 0x0800000000ul;
/// UTCB area of the agent spaces (the root task's own is the initial one).
inline constexpr L4_Word_t agent_utcb_area = 0x3FFF000000ul;
inline constexpr unsigned agent_utcb_log2 = 16;                 // 64 UTCBs
/// UTCB slots of the root space that threads may use: their pages are
/// made in the warm-up (UTCB pages live as long as their space).
inline constexpr unsigned root_utcb_slots = 64;

// ---- Thread numbers ------------------------------------------------------------------

/// World threads are user_base + world_first + k; the fuzzer's own
/// creatable numbers are fuzz_first.. (model_numbers of them, the last
/// top_numbers at the top of the thread-number space).
inline constexpr unsigned world_first = 16;
inline constexpr unsigned fuzz_first = 64;
inline constexpr unsigned fuzz_numbers = 64;
inline constexpr unsigned top_numbers = 16;
inline constexpr unsigned model_numbers = fuzz_numbers + top_numbers;

// ---- World threads --------------------------------------------------------------------

enum class Role : unsigned char {
    fuzzer,    // the root task's main thread or an agent: issues fuzzed calls
    rescuer,   // aborts its fuzzer's IPC when it makes no progress
    pager,     // root space: pages the world, starts threads during setup
    echo,      // replies to every message with the message
    client,    // IPC pair, checks every reply
    server,
    toucher,   // writes and checks pages it gets from the pager
    victim,    // parked; fair game for everything
};

struct Thread_rec {
    L4_ThreadId_t id;          // global
    L4_ThreadId_t local;       // local id in its space
    Role role;
    unsigned space;            // 0 = root space, i = agent i, agents + 1 = the mortal space
    unsigned arg;              // role argument (fuzzer / pair / space index)
    L4_Word_t utcb;            // UTCB location
    L4_Word_t stack_top;       // 0 for threads that need no stack
    bool in_use;
};

inline constexpr unsigned max_world_threads = 8 * max_spaces + 1;

/// What each fuzzing thread publishes (shared memory; written by its owner).
struct Fuzzer_stats {
    volatile L4_Word_t calls;         // fuzzed system calls made
    volatile L4_Word_t budget;
    volatile bool in_call;
    volatile bool done;
    volatile L4_Word_t rescues;       // written by the rescuer
    volatile L4_Word_t api_violations; // results that contradict the spec
    volatile L4_Word_t echo_checked;
    unsigned thread;                  // index in World::threads
};

/// What each worker publishes.
struct Worker_stats {
    volatile L4_Word_t progress;      // completed operations
    volatile L4_Word_t errors;        // wrong results seen
    volatile L4_Word_t retries;       // operations canceled and re-issued
};

struct World {
    // Facts.
    void* kip;
    L4_Word_t api_version, api_flags, kernel_id;   // KernelInterface at the start
    L4_Word_t user_base;
    L4_Word_t system_base;
    L4_Word_t image_start, image_end;
    L4_Word_t root_utcb_area;         // the root task's first UTCB
    L4_Word_t kip_area;               // where the KIP is in the world spaces
    L4_Word_t bootinfo;               // page of the bootinfo records (root space)
    L4_ThreadId_t sigma0, sigma1, main, pager;

    unsigned agents;                  // unprivileged fuzzers, 0..max_agents
    unsigned mortal_space;            // agents + 1: an echo's space the root fuzzer recycles
    unsigned mortal_thread;           // its record
    volatile L4_Word_t recycled, recycle_failures;
    Thread_rec threads[max_world_threads];
    unsigned thread_count;
    Fuzzer_stats fuzzers[max_spaces]; // index = space
    Worker_stats workers[max_world_threads];   // index = thread index

    volatile bool setup;              // the pager obeys the main thread's start/give requests
    volatile bool go;                 // agents may start
    volatile bool quiet;              // workers: stop counting errors (teardown)
    volatile L4_Word_t unexpected_faults;   // faults of workers the pager could not serve
    volatile L4_Word_t faults_served;
};

extern World world;

/// Shared pages: donor pages (what fuzzed map items may hand out with write
/// rights) and the pages touchers check.
inline constexpr unsigned donor_pages = 16;
inline constexpr unsigned touch_pages = 4;   // per space
L4_Word_t donor_base();
L4_Word_t touch_page(unsigned space, unsigned i);

/// Reads the facts (KIP, thread numbers, the image, the areas); sets up nothing.
void world_facts();
/// Creates every world thread and space (the agents' and the mortal one);
/// false on error (printed).
bool world_setup(unsigned agents);
/// Makes the kernel objects the fuzzer may later touch in the root space
/// (UTCB pages, thread-table pages, the window's page tables).
bool world_pretouch(const L4_ThreadId_t* numbers, unsigned count);
/// Deletes the mortal space (its echo and every mapping in it) and makes it
/// again with the next version of its thread id; false on error (printed).
/// Root task's main thread only.
bool world_recycle_mortal();
/// Deletes every world thread but the root task's main thread, and flushes
/// the root space's window. Returns the number of deletions that failed.
unsigned world_teardown();

/// Index of the record whose global id is raw, or whose local id is raw
/// if it lives in the given space (local ids mean nothing elsewhere), or -1.
int world_find(L4_Word_t raw, unsigned space);
/// The record of the calling thread (by its global id).
Thread_rec* world_self();
/// Resumes every worker and the rescuer of a space (ExchangeRegisters from
/// a thread of that space): undoes the fuzzer's halts and the halts of
/// faults whose page-fault IPC the fuzzer canceled.
void resume_workers(unsigned space);

L4_Time_t period_us(L4_Word_t us);
inline bool ipc_failed(L4_MsgTag_t t) { return (t.raw & 0x8000) != 0; }
/// A page-fault message's label is -2 << 4 | access (48-bit labels).
inline bool is_fault_label(L4_Word_t label) { return (label & ~L4_Word_t{0xF}) == 0xFFFFFFFFFFE0ul; }

extern "C" void fuzz_park();
extern "C" L4_Word_t fuzz_park_partner;

}  // namespace fuzz
