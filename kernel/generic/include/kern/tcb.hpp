// SPDX-License-Identifier: BSD-2-Clause
// Thread control block. A TCB and its thread's kernel stack share one
// naturally aligned block of Tcb::block_size bytes: the Tcb at the bottom,
// the stack growing down from the top, the user frame at the very top.
#pragma once

#include <kern/port/context.hpp>
#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

class Space;

enum class Thread_state : uint8_t {
    inactive,   // created, no UTCB yet, cannot run
    running,    // runnable (queued) or running
    halted,     // stopped (user fault, ExchangeRegisters halt)
    dead,       // being deleted
};

const char* thread_state_name(Thread_state s);

struct Tcb {
    static constexpr word_t block_size = 8 * KiB;

    arch::Context context;             // kernel context for switch_context
    Thread_id global_id;               // MyGlobalId
    Thread_state state = Thread_state::inactive;
    uint8_t priority = 100;
    unsigned cpu = 0;                  // CPU the thread belongs to
    Space* space = nullptr;
    word_t utcb_uva = 0;               // UTCB location (user virtual); 0 = none
    word_t* utcb = nullptr;            // kernel view of MR0 (MyLocalId) of the UTCB
    word_t timeslice_ticks = 0;        // ticks per time slice
    word_t remaining_ticks = 0;        // ticks left in the current slice
    Tcb* ready_next = nullptr;         // ready ring links (Ready_queue)
    Tcb* ready_prev = nullptr;
    bool queued = false;
    char name[16] = {};                // for reports and the debugger

    word_t kstack_top() const { return reinterpret_cast<word_t>(this) + block_size; }
    arch::User_frame& user_frame() {
        return *(reinterpret_cast<arch::User_frame*>(kstack_top()) - 1);
    }
    /// MyLocalId: the user address of MR0 in the UTCB.
    word_t local_id() const { return utcb_uva ? utcb_uva + 512 : 0; }

    static Tcb& current();
    /// A zeroed TCB block from kmem with this id and name; nullptr if out of memory.
    static Tcb* create(Thread_id id, const char* name);
    void destroy();
};

static_assert(sizeof(Tcb) <= Tcb::block_size / 2, "Tcb leaves too little kernel stack");

}  // namespace kern
