// SPDX-License-Identifier: BSD-2-Clause
// One fuzzing thread: builds random and mutated arguments for the twelve
// X.2 system calls and the allowed debugger operations, biased towards the
// values where kernels break, and issues them. The root task's main thread
// runs one (privileged, with a model of the threads it creates); each agent
// runs one in its own space (unprivileged). What it may do to the world is
// limited so that only the kernel can make the run fail (docs/testing.md).
#pragma once

#include <l4/types.h>

#include "rng.hpp"
#include "world.hpp"

namespace fuzz {

enum class Kind : unsigned char {
    kernel_interface, exchange_registers, thread_control, system_clock, thread_switch, schedule,
    ipc, lipc, unmap, space_control, processor_control, memory_control, kdb, count
};

/// The call's name as X.2 spells it ("KDB" for the debugger operations).
const char* kind_name(Kind k);

/// One issued call, kept in a ring for the failure report.
struct Call_record {
    L4_Word_t n;
    Kind kind;
    L4_Word_t arg[6];
    L4_Word_t result;
    L4_Word_t error;
};

struct Options {
    L4_Word_t seed;
    L4_Word_t calls;        // all fuzzing threads together
    L4_Word_t check_every;  // the root fuzzer runs the checker every this many of its calls
    unsigned agents;
    L4_Word_t trace_from;   // print every call of the root fuzzer from this one (0 = never)
};

/// The root fuzzer's record of the threads it may create, so that it can
/// use their ids and delete them all at the end.
struct Model_thread {
    L4_ThreadId_t id;       // number and current version
    bool exists;
    bool active;
    int space;              // index into the model's spaces, -1 = unknown
    L4_Word_t utcb;         // UTCB location given last (~0 = none)
};

struct Model_space {
    bool in_use;
    bool world;             // a world space (0 = root, 1.. = agents)
    bool initialized;
    unsigned members;
    L4_Word_t utcb_area;
    unsigned utcb_log2;
};

inline constexpr unsigned model_spaces = 96;
inline constexpr unsigned preferred_utcb_log2 = 16;
inline constexpr unsigned ring_size = 32;

class Fuzzer {
public:
    /// space 0: the root task's main thread (privileged); i: agent i.
    void init(unsigned space, const Options& opt);
    /// Issues budget calls; the root fuzzer stops early when the checker
    /// reports violations (returns false then).
    bool run(L4_Word_t budget);
    /// Root fuzzer: deletes every thread of the model; returns failures.
    unsigned delete_model_threads();
    /// The last calls, oldest first (for the failure report).
    void dump_ring() const;
    /// The model's thread ids (the warm-up pretouches their table pages).
    unsigned model_ids(L4_ThreadId_t* out, unsigned max) const;

    L4_Word_t checker_violations() const { return _violations; }

    /// What the calls reached (for the coverage lines of the report).
    struct Coverage {
        L4_Word_t calls[unsigned(Kind::count)];
        L4_Word_t ok[unsigned(Kind::count)];     // no error reported
        L4_Word_t created, deleted, activated, renamed, moved, spaces_set;
        L4_Word_t worker_ipc_aborted, worker_halts, typed_delivered, mappings_received;
    };
    const Coverage& coverage() const { return _cov; }

private:
    // ---- generators ----
    L4_ThreadId_t any_thread_id();
    L4_ThreadId_t world_id(bool own_space_only, bool local_ok);
    L4_ThreadId_t model_id(bool existing);
    L4_ThreadId_t stale(L4_ThreadId_t id);
    L4_ThreadId_t safe_pager();
    L4_Word_t version();
    L4_Word_t address();
    L4_Word_t junk_ip();
    L4_Word_t fpage_raw();
    L4_Word_t timeout(bool mostly_zero);
    L4_Word_t acceptor();
    L4_Word_t typed_item(bool clean, unsigned* words, L4_Word_t* second);
    L4_Word_t utcb_location(int space);
    L4_Word_t preferred_utcb_area(int space) const;
    L4_Word_t printable_word();

    // ---- filters that keep the fuzzer's world alive ----
    bool unsafe_pager(L4_Word_t raw) const;
    bool is_sigma(L4_ThreadId_t id) const;
    bool protects_flush(L4_Word_t fpage) const;
    L4_Word_t rights_for(L4_Word_t fpage_raw) const;

    // ---- calls ----
    void one_call();
    void call_exchange_registers();
    void call_thread_control();
    void call_schedule();
    void call_ipc(bool local);
    void call_unmap();
    void call_space_control();
    void call_processor_control();
    void call_memory_control();
    void call_kdb();
    void call_kernel_interface();
    void call_system_clock();
    void call_thread_switch();
    void scramble_utcb();
    void restore_utcb();

    // ---- bookkeeping ----
    void begin(Kind k, L4_Word_t a0 = 0, L4_Word_t a1 = 0, L4_Word_t a2 = 0, L4_Word_t a3 = 0,
               L4_Word_t a4 = 0, L4_Word_t a5 = 0);
    void end(L4_Word_t result, L4_Word_t error);
    void api_violation(const char* what, L4_Word_t a, L4_Word_t b);
    bool checkpoint();
    int space_of_id(L4_ThreadId_t id) const;
    int new_model_space();
    void leave_space(int s);
    Model_thread* model_at(L4_Word_t number);

    Rng _rng;
    Options _opt;
    unsigned _space = 0;
    bool _privileged = false;
    L4_Word_t _done = 0;
    L4_Word_t _violations = 0;
    L4_Word_t _last_clock = 0;
    L4_ThreadId_t _self_global{}, _self_local{};   // taken before any scrambling
    L4_Word_t _saved_global = 0;   // MyGlobalId and ProcessorNo while scrambled
    L4_Word_t _saved_cpu = 0;
    bool _scrambled = false;
    char _text[80];                // strings for PrintString
    Coverage _cov{};
    Call_record _ring[ring_size];
    Call_record* _cur = nullptr;
    Model_thread _threads[model_numbers];
    Model_space _spaces[model_spaces];
    L4_ThreadId_t _deleted[8];     // recently deleted ids (stale on purpose)
    unsigned _deleted_next = 0;
};

extern Fuzzer fuzzers[max_spaces];

}  // namespace fuzz
