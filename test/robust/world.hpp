// SPDX-License-Identifier: BSD-2-Clause
// The environment the robustness suites run in, built from the root task
// with the convenience interface: facts from the KIP, the debugger calls
// that measure the kernel (free kernel memory, consistency check), threads
// in the root task's space, new address spaces whose threads run code of
// this image, and a pager thread that maps only what its policy allows and
// logs every fault, so a case can prove an access never succeeded.
#pragma once

#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4/types.h>

namespace world {

inline constexpr L4_Word_t page = 4096;   // checked against the KIP by init()

struct Facts {
    L4_KernelInterfacePage_t* kip;
    L4_Word_t user_base;                  // first user thread number
    L4_Word_t thread_bits;
    L4_Word_t image_start, image_end;     // the root task's image (this program)
    L4_Word_t utcb_area;                  // the root task's first UTCB
    L4_Word_t kip_area;                   // where the KIP is here and in new spaces
};
extern Facts facts;

extern L4_ThreadId_t main_id;     // the root task's main thread: runs the cases
extern L4_ThreadId_t pager_id;    // the pager thread of every new space
extern L4_ThreadId_t sigma0_id;

/// Facts, every page of the image touched (so the root task never faults
/// again), the thread numbers and root UTCB slots of the pool warmed, the
/// pager thread started. Call first.
void init();

// ---- The kernel, measured (debugger calls of debug builds) --------------------------

/// Free kernel memory in bytes (WALNUT_KDB_KMEM_FREE).
L4_Word_t kmem_free();
/// Runs the kernel consistency checker; the number of violations (each
/// printed by the kernel as a "check:" line).
L4_Word_t kernel_check();

// ---- Time and errors ------------------------------------------------------------------

inline constexpr L4_Word_t wait_us = 2000000;   // how long anything waits for a partner
L4_Time_t us(L4_Word_t microseconds);          // a relative period; 0 = zero time
void sleep_us(L4_Word_t microseconds);
/// The ErrorCode word of a failed IPC: X.2 error number and phase bit.
constexpr L4_Word_t ipc_error(L4_Word_t number, bool receive_phase)
{
    return number << 1 | (receive_phase ? 1u : 0u);
}
inline bool ipc_failed(L4_MsgTag_t t) { return (t.raw & 0x8000) != 0; }

// ---- Threads ----------------------------------------------------------------------------

/// A thread id from the pool: numbers in thread-table blocks init() warmed,
/// a new version each time a number comes round again.
L4_ThreadId_t fresh_id();

using Thread_fn = void (*)(L4_Word_t arg);
/// Code a client runs on command: in[] from the caller, results to out[],
/// returns how many.
using Run_fn = unsigned (*)(const L4_Word_t* in, L4_Word_t* out);

/// A thread in the root task's space running fn(arg) (pager sigma0, like
/// the root task). priority 0 = the default. nilthread on failure (noted).
L4_ThreadId_t spawn(Thread_fn fn, L4_Word_t arg, L4_Word_t priority = 0);
/// Deletes a thread made here now; true if ThreadControl said so.
bool kill(L4_ThreadId_t id);
/// Deletes every thread made here except the pager thread (case cleanup).
void kill_all();
[[noreturn]] void park();

// ---- Address spaces -----------------------------------------------------------------------

inline constexpr L4_Word_t space_utcb_area = 0x3FFF000000ul;
inline constexpr L4_Word_t space_utcb_log2 = 14;     // 16 UTCBs

/// A new address space (unprivileged) whose first thread runs fn(arg),
/// paged by the pager thread. nilthread on failure (noted).
L4_ThreadId_t new_space(Thread_fn fn, L4_Word_t arg);
/// Another thread in the space of 'first' (made by new_space), UTCB slot
/// 'slot' (1..15) of the space's area, scheduler 'scheduler' (main if nil).
L4_ThreadId_t space_thread(L4_ThreadId_t first, unsigned slot, Thread_fn fn, L4_Word_t arg,
                           L4_ThreadId_t scheduler = L4_nilthread);
/// A new space whose thread runs the client command loop.
L4_ThreadId_t new_client();
/// Has client c run fn(in) and waits (bounded) for its results. False
/// (noted) if the IPC failed or timed out.
bool client_run(L4_ThreadId_t c, Run_fn fn, const L4_Word_t* in, unsigned n_in, L4_Word_t* out,
                unsigned n_out);
/// Has client c start fn(in) without waiting for the answer.
bool client_post(L4_ThreadId_t c, Run_fn fn, const L4_Word_t* in, unsigned n_in);
/// The loop a client runs (for threads made with space_thread).
void client_loop(L4_Word_t);

// ---- The pager thread ------------------------------------------------------------------------

/// The pager maps a faulting page of this image at the same address, with
/// full rights, unless the page is protected (refused) or read-only (mapped
/// read-only; a write fault there is refused). Every other address is
/// refused. A refused fault gets an
/// empty reply (the thread faults again) 'refusal_replies' times, then no
/// reply at all: the thread stays blocked in its page-fault IPC.
inline constexpr unsigned refusal_replies = 3;

struct Fault {
    L4_ThreadId_t from;
    L4_Word_t addr, ip;
    L4_Word_t access;     // the label's rwx bits
    bool served;          // a mapping was sent
    L4_Word_t send_error; // ErrorCode of the mapping reply (0 = delivered)
};
/// Faults logged from now on have indexes >= fault_mark().
unsigned fault_mark();
unsigned fault_count();
const Fault* fault_at(unsigned index);
/// How many faults after mark by 'who' on the page of addr.
unsigned faults_on(unsigned mark, L4_ThreadId_t who, L4_Word_t addr);
/// Waits (bounded) until at least n such faults are logged.
bool wait_faults(unsigned mark, L4_ThreadId_t who, L4_Word_t addr, unsigned n);
/// Policy: [base, base + size) refused / mapped read-only, until reset.
void pager_protect(L4_Word_t base, L4_Word_t size);
void pager_read_only(L4_Word_t base, L4_Word_t size);
/// Instead of the image page, the pager maps 'instead' (size 2^log2) with
/// the map item's send base 'base' for faults in [lo, hi) - lets a case
/// make the pager send any map item it likes.
void pager_redirect(L4_Word_t lo, L4_Word_t hi, L4_Fpage_t instead, L4_Word_t base);
void pager_reset_policy();

}  // namespace world
