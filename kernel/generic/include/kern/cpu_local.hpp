// SPDX-License-Identifier: BSD-2-Clause
// Per-CPU state. Everything that belongs to one processor lives here, one
// instance per CPU, found through port::cpu_local(). The arch's own per-CPU
// data comes first so that assembly can reach it at offset 0 of the block
// the per-CPU register points to.
#pragma once

#include <arch/cpu_data.hpp>
#include <kern/config.hpp>
#include <kern/scheduler.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

struct Cpu_local {
    arch::Cpu_data arch;       // must stay first (offset 0), see <arch/cpu_data.hpp>
    unsigned index = 0;        // 0 .. max_cpus-1
    Tcb* current = nullptr;    // thread whose kernel stack we are on
    Tcb* idle = nullptr;       // this CPU's idle thread
    Ready_queue ready;         // runnable threads of this CPU
    uint64_t timer_ticks = 0;  // timer interrupts handled on this CPU
    bool resched = false;      // a thread that may preempt the current one became ready
    // The thread running on a delayed preemption (x2-api 4.6), and until
    // when (scheduler.cc).
    struct Delay {
        Tcb* thread = nullptr;
        uint64_t until_us = 0;
    } delay;
};

/// One per possible CPU; index = Cpu_local::index.
extern Cpu_local cpus[config::max_cpus];

}  // namespace kern
