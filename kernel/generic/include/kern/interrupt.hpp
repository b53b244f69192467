// SPDX-License-Identifier: BSD-2-Clause
// Interrupt threads (x2-api 7.4): hardware lines 0 .. SystemBase-1 appear as
// threads (number = line, version 1) that send an IPC to their handler when
// the line fires. The design is in docs/interrupts.md.
#pragma once

#include <kern/syscall.hpp>
#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

/// One interrupt line. Lives in a static table; a handler's pending lines
/// form a ring through 'next'/'prev' headed by Tcb::irq_pending.
struct Interrupt {
    enum class State : uint8_t {
        idle,        // unmasked (if associated), nothing to deliver
        pending,     // fired, masked, message not yet received by the handler
        in_service,  // received by the handler, masked until it acknowledges
    };
    Tcb* handler = nullptr;
    Interrupt* next = nullptr;
    Interrupt* prev = nullptr;
    State state = State::idle;
    bool again = false;  // an edge-triggered line fired again while pending / in service
};

/// The label of an interrupt message: -1 in the label's upper 12 bits,
/// u = t = 0 (x2-api 7.4 table: MR0 = 0xFFFF_FFFF_FFF0_0000).
inline constexpr word_t interrupt_tag = ~word_t{0} << 20;

/// True if id names an interrupt thread (a global id below SystemBase,
/// any version): the IPC paths hand such ids to the functions below.
bool is_interrupt_thread(Thread_id id);

/// ThreadControl on an interrupt thread (x2-api 4.3 step 3) by a
/// privileged caller: pager = handler associates, pager = irq dissociates.
/// SpaceSpecifier, Scheduler and UtcbLocation are ignored, as in Pistachio.
Sys_error interrupt_control(Tcb& caller, Thread_id irq, Thread_id pager);

/// Send phase to an interrupt thread: its handler acknowledges the line
/// (unmasks it if it was in service). False if 'self' is not the handler
/// of that interrupt thread (the IPC fails with "no partner").
bool interrupt_acknowledge(Tcb& self, Thread_id irq);

/// What a receive phase should do about interrupts.
enum class Irq_receive : uint8_t {
    none,       // not concerned: receive as usual
    delivered,  // an interrupt message was received (MR0, ipc_from set)
    wait,       // closed wait on an interrupt thread of self: block
    refused,    // closed wait on an interrupt thread self does not handle
};
/// Receive phase of 'self' with this FromSpecifier: takes a pending
/// interrupt it accepts, or says how a closed wait on an irq is handled.
Irq_receive interrupt_receive(Tcb& self, Thread_id from_spec);

/// True if t has a pending interrupt its FromSpecifier (recv_spec)
/// accepts: its receive phase would take it at once.
bool interrupt_waiting_for(const Tcb& t);

/// t is going away: its lines are masked and forgotten.
void interrupt_detach(Tcb& t);

}  // namespace kern
