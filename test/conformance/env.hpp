// SPDX-License-Identifier: BSD-2-Clause
// The world the conformance cases run in: facts from the KIP, fresh thread
// ids, threads in the root task's space ("workers"), new address spaces
// whose threads run code of the root task's own image (paged in by the
// root task's pager thread, a classic L4 pager), a command loop for such
// "clients", and the fault log the pager keeps. Everything a case creates
// is deleted when the case ends.
#pragma once

#include <l4/ipc.h>
#include <l4/kcp.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4/types.h>

namespace env {

// ---- Facts ---------------------------------------------------------------------

struct Facts {
    L4_KernelInterfacePage_t* kip;
    L4_KernelConfigurationPage_t* kcp;   // the same page, seen with the boot fields
    L4_Word_t system_base;
    L4_Word_t user_base;
    L4_Word_t thread_bits;
    L4_Word_t page_size;                 // smallest page size
    L4_Word_t page_bits;
    L4_Word_t page_size_mask;
    L4_Word_t image_start, image_end;    // the root task's image
    L4_Word_t utcb_area;                 // the root task's UTCB area (its first UTCB)
    L4_Word_t kip_area;                  // where the KIP appears in every space here
};
extern Facts facts;

extern L4_ThreadId_t main_id;    // the root task's main thread (runs the cases)
extern L4_ThreadId_t pager_id;   // the root task's pager thread
extern L4_ThreadId_t sigma0_id;

/// Called once before the first case: facts, the pager thread.
void init();
/// Called after every case: deletes everything the case created.
void case_cleanup();

// ---- Time ----------------------------------------------------------------------

L4_Word_t now_us();
L4_Time_t us(L4_Word_t microseconds);          // a relative period
inline constexpr L4_Word_t wait_us = 2000000;  // how long a case waits for a partner
L4_Word_t timeouts(L4_Word_t snd_us, L4_Word_t rcv_us);  // 0 = zero time, ~0 = never
inline constexpr L4_Word_t never = ~L4_Word_t{0};
void sleep_us(L4_Word_t microseconds);
/// Polls Schedule (every 200 us, up to wait_us) until thread t is in
/// schedule_state (L4_SCHEDRESULT_*): use it instead of guessing how long
/// a partner needs to block. Waiting counts only once t has run (a thread
/// started but not yet run also waits, for its start message); that is
/// told only for threads of the root space (ExchangeRegisters). If t never
/// gets there, the running case fails (an expect naming 'what', at the
/// caller's line) and the result is false.
bool wait_for_state(L4_ThreadId_t t, L4_Word_t schedule_state,
                    const char* what = "the partner reaches the expected state (Schedule)",
                    unsigned line = __builtin_LINE(), const char* file = __builtin_FILE());

// ---- Thread ids and threads --------------------------------------------------------

/// A thread number nobody has used yet, version 1.
L4_ThreadId_t fresh_id();
L4_ThreadId_t with_version(L4_ThreadId_t id, L4_Word_t version);

using Thread_fn = void (*)(L4_Word_t arg);

/// Creates a thread in the root task's space that runs fn(arg) once started;
/// start = false leaves it waiting for its start (use start_thread).
/// priority 0 = the default. Returns nilthread on failure (noted).
L4_ThreadId_t spawn(Thread_fn fn, L4_Word_t arg, L4_Word_t priority = 0, bool start = true);
/// Starts a thread made by spawn(.., false) with ExchangeRegisters.
bool start_thread(L4_ThreadId_t id);
/// The stack top a thread made here would start with, for cases that
/// start threads themselves.
L4_Word_t stack_top_of(L4_ThreadId_t id);
/// Records a thread the case made itself (ThreadControl) for cleanup,
/// with the UTCB location it used in the root space (or ~0); with fn it
/// gets a stack and runs fn(arg) when started at conf_thread_entry.
void adopt(L4_ThreadId_t id, L4_Word_t utcb, Thread_fn fn = nullptr, L4_Word_t arg = 0);
/// A free UTCB location in the root task's UTCB area (reserved until cleanup).
L4_Word_t root_utcb_slot();
/// Deletes a thread now; true if ThreadControl said so.
bool kill(L4_ThreadId_t id);
/// Marks a thread deleted by the case itself (no cleanup needed).
void forget(L4_ThreadId_t id);
/// A case gave a thread of this environment a new version (ThreadControl).
void renamed(L4_ThreadId_t old_id, L4_ThreadId_t new_id);
/// The entry point every thread made here starts at.
extern "C" void conf_thread_entry();

// ---- Signalling between a case and its threads ---------------------------------------

inline constexpr L4_Word_t label_done = 0xD0E;
/// In a thread: tells main it is done (blocking send of label_done + words).
void signal_main(L4_Word_t w1 = 0, L4_Word_t w2 = 0, L4_Word_t w3 = 0);
/// In main: waits up to wait_us for the done message of 'from'; its words
/// go to out[0..2] when given. False (noted) on timeout or error.
bool wait_done(L4_ThreadId_t from, L4_Word_t* out = nullptr);
/// In a thread: blocks forever.
[[noreturn]] void park();

// ---- Address spaces --------------------------------------------------------------

/// Areas of the new spaces made here (the KIP where the root task has it).
inline constexpr L4_Word_t client_utcb_area = 0x3FFF000000ul;
inline constexpr L4_Word_t client_utcb_log2 = 14;     // 16 UTCBs

/// A new address space whose first thread runs fn(arg), paged by the pager
/// thread. Returns nilthread on failure (noted).
L4_ThreadId_t new_space(Thread_fn fn, L4_Word_t arg);
/// One more thread in the space of 'member' running fn(arg); scheduler
/// main unless given.
L4_ThreadId_t space_thread(L4_ThreadId_t member, Thread_fn fn, L4_Word_t arg,
                           L4_ThreadId_t scheduler = L4_nilthread);
/// Creates a thread and its space as the pieces of a case want it: the
/// steps new_space does, with ThreadControl/SpaceControl results checked.
L4_ThreadId_t start_in_space(L4_ThreadId_t id, Thread_fn fn, L4_Word_t arg);
/// For a thread a case activated itself with pager = the pager thread:
/// records it (stack, fn, arg) and has the pager send its start message.
bool launch(L4_ThreadId_t id, Thread_fn fn, L4_Word_t arg);
/// The stack pointer a thread should start with for a stack ending at top.
L4_Word_t entry_sp_for(L4_Word_t top);

// ---- Clients: threads in new spaces that obey commands -------------------------------

/// A new space whose thread runs the client command loop.
L4_ThreadId_t new_client();
/// Client commands (each an L4_Call with a timeout; false = IPC failed, noted).
bool client_read(L4_ThreadId_t c, L4_Word_t addr, L4_Word_t* value);
bool client_write(L4_ThreadId_t c, L4_Word_t addr, L4_Word_t value);
/// The client sends 'to' a map (or grant) item of its own fpage; returns
/// the tag of its IPC and *error its ErrorCode.
bool client_give(L4_ThreadId_t c, L4_ThreadId_t to, L4_Fpage_t f, L4_Word_t base, bool grant,
                 L4_Word_t* tag, L4_Word_t* error);
/// The client unmaps (flush or not) one fpage; returns the result fpage.
bool client_unmap(L4_ThreadId_t c, L4_Fpage_t f, bool flush, L4_Fpage_t* result);
/// The client's receive window for later mappings (BR0).
bool client_accept(L4_ThreadId_t c, L4_Fpage_t window);
/// The client calls fn(in, out) (code of this image) and returns its results.
using Run_fn = unsigned (*)(const L4_Word_t* in, L4_Word_t* out);
bool client_run(L4_ThreadId_t c, Run_fn fn, unsigned n_in, const L4_Word_t* in, L4_Word_t* out,
                unsigned n_out);
/// The ErrorCode of the last IPC of any client that failed (0 = none);
/// reading it resets it.
L4_Word_t client_last_failure();
/// Has the client start fn(in, ..) without waiting for its answer (the
/// answer is dropped); false if the command could not be sent.
bool client_post(L4_ThreadId_t c, Run_fn fn, unsigned n_in, const L4_Word_t* in);
/// The root task sends a client a map or grant item; returns the tag.
L4_MsgTag_t give(L4_ThreadId_t c, L4_Fpage_t f, L4_Word_t base, bool grant = false);

// ---- Pages and the pager's fault log ----------------------------------------------------

/// Pages of the root task's image reserved for mapping cases; the pager
/// logs every fault on them (and then maps the root task's page).
inline constexpr unsigned test_pages = 16;
L4_Word_t test_page(unsigned i);
/// Fills a test page with words derived from seed.
void fill_page(unsigned i, L4_Word_t seed);
L4_Word_t pattern(L4_Word_t seed, unsigned word);

struct Fault {
    L4_ThreadId_t from;
    L4_Word_t label;     // the whole 48-bit label
    L4_Word_t u, t;
    L4_Word_t addr;
    L4_Word_t ip;
    bool test_area;      // on a test page (else: image or unexpected)
    bool unexpected;     // neither a test page nor the image
};
/// A position in the log; faults after it are the ones a case caused.
unsigned fault_mark();
/// The first fault after mark by 'who' on the page of addr, or nullptr.
const Fault* find_fault(unsigned mark, L4_ThreadId_t who, L4_Word_t addr);
/// Faults after mark that were neither on test pages nor in the image.
unsigned unexpected_faults(unsigned mark);
/// What the pager gives for test-page faults (default full rights).
void set_test_fault_rights(L4_Word_t rwx);

/// The message tag's fields the IPC cases look at.
inline bool ipc_failed(L4_MsgTag_t t) { return (t.raw & 0x8000) != 0; }

/// A simple deterministic generator for "random" inputs.
L4_Word_t random_word();

}  // namespace env
