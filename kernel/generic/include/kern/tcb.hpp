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
struct Xfer;
struct Interrupt;

enum class Thread_state : uint8_t {
    inactive,         // created, no UTCB yet, cannot run
    running,          // runnable (queued) or running
    waiting_send,     // blocked in a send phase, queued on its partner
    waiting_receive,  // blocked in a receive phase
    halted,           // stopped (user fault, ExchangeRegisters halt)
    dead,             // being deleted
};

const char* thread_state_name(Thread_state s);

struct Tcb {
    static constexpr word_t block_size = 8 * KiB;

    arch::Context context;             // kernel context for switch_context
    Thread_id global_id;               // MyGlobalId
    // state, fast_resumable, user_ipc and halt_requested form one aligned
    // 32-bit word, which the IPC fast paths test and write as a whole.
    Thread_state state = Thread_state::inactive;
    bool fast_resumable = false;       // blocked receiving in its own Ipc call with no timeout:
                                       // can be resumed by writing its user frame (fast path)
    bool user_ipc = false;             // the IPC in progress is the thread's own system call
    bool halt_requested = false;       // ExchangeRegisters halt, applied once unblocked
    unsigned cpu = 0;                  // CPU the thread belongs to
    uint8_t priority = 100;
    Space* space = nullptr;
    word_t utcb_uva = 0;               // UTCB location (user virtual); 0 = none
    word_t* utcb = nullptr;            // kernel view of MR0 (MyLocalId) of the UTCB
    word_t timeslice_ticks = 0;        // ticks per time slice
    word_t remaining_ticks = 0;        // ticks left in the current slice
    Tcb* ready_next = nullptr;         // ready ring links (Ready_queue)
    Tcb* ready_prev = nullptr;
    bool queued = false;
    char name[16] = {};                // for reports and the debugger

    // IPC state (kern/ipc.cc). A blocked thread sleeps in its own system
    // call; its partner completes or fails the IPC for it and sets ipc_done.
    Tcb* send_to = nullptr;            // waiting_send: the destination
    Thread_id recv_spec;               // FromSpecifier of the (pending) receive phase
    bool recv_after_send = false;      // the send is followed by a receive phase
    uint16_t recv_timeout = 0;         // its raw Time (starts after the send)
    bool ipc_done = false;             // partner finished this thread's IPC
    word_t ipc_error = 0;              // X.2 IPC error code (0 = success)
    Thread_id ipc_from;                // who sent the received message
    enum class Acceptor : uint8_t { utcb, everything, nothing };
    Acceptor acceptor = Acceptor::utcb;  // BR0, or the kernel's choice for its own IPC
    Tcb* sendq_head = nullptr;         // threads blocked sending to this one (FIFO ring)
    Interrupt* irq_pending = nullptr;  // fired interrupts this handler has not received (ring);
                                       // next to sendq_head: the fast paths' check 9 reads both
    Tcb* sendq_next = nullptr;
    Tcb* sendq_prev = nullptr;
    uint64_t wakeup_us = 0;            // timeout deadline; 0 = none
    Tcb* timer_next = nullptr;         // timeout wheel slot list (kern/timeout.hpp)
    Tcb* timer_prev = nullptr;
    bool awaiting_start = false;       // activated, start message not yet received (x2-api 7.5)
    bool in_kernel_window = false;     // interrupts opened inside its kernel operation (string
                                       // copy preemption point): a tick there charges no quantum
    Xfer* xfer = nullptr;              // string transfer this thread is locked in (ipc_string.cc)
    Thread_id scheduler;               // may call Schedule on this thread
    Tcb* space_next = nullptr;         // threads of the same space
    word_t pending_utcb = ~word_t{0};  // UTCB location recorded for an inactive thread

    // Scheduling beyond priority and slice (kern/scheduler.hpp, docs/scheduling.md).
    uint64_t quantum_left_us = 0;      // total quantum left; counts only if quantum_limited
    bool quantum_limited = false;      // false: total quantum Never
    uint8_t sensitive_prio = 0;        // PreemptionControl: delayed preemption only below/at this
    uint16_t max_delay_us = 0;         // PreemptionControl: longest delay granted
    uint16_t timer_slot = 0;           // timeout wheel slot while on it (kern/timeout.hpp)
    bool timer_armed = false;          // on the timeout wheel
    Thread_id intended_receiver;       // a redirected send: whom it addressed (kern/ipc_routing.hpp)

    /// Message, buffer and control registers in the UTCB (kernel view).
    word_t& mr(unsigned i) { return utcb[i]; }
    word_t br(unsigned i) const { return utcb[-16 - static_cast<int>(i)]; }
    word_t& tcr(int word) { return utcb[word]; }

    word_t kstack_top() const { return reinterpret_cast<word_t>(this) + block_size; }
    arch::User_frame& user_frame() {
        return *(reinterpret_cast<arch::User_frame*>(kstack_top()) - 1);
    }
    /// MyLocalId: the user address of MR0 in the UTCB.
    word_t local_id() const { return utcb_uva ? utcb_uva + 512 : 0; }

    static Tcb& current();
    /// A zeroed TCB block from kmem with this id and name; nullptr if out of memory.
    static Tcb* create(Thread_id id, const char* name);
    /// Gives the thread its UTCB at 'location' in its space (a valid,
    /// aligned location inside the UTCB area), allocating and mapping the
    /// UTCB page if it is the first one there, and fills the kernel TCRs.
    [[nodiscard]] bool attach_utcb(word_t location);
    void destroy();
};

static_assert(sizeof(Tcb) <= Tcb::block_size / 2, "Tcb leaves too little kernel stack");

}  // namespace kern
