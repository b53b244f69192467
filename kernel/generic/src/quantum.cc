// SPDX-License-Identifier: BSD-2-Clause
// Total quantum (x2-api 4.6): the CPU time a thread may use before the
// kernel tells its scheduler, with the preemption message (x2-api 7.3) the
// kernel sends on the thread's behalf. docs/scheduling.md.
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/ipc.hpp>
#include <kern/port/cpu.hpp>
#include <kern/saved_mrs.hpp>
#include <kern/scheduler.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

constexpr uint64_t tick_us = 1000000 / config::tick_hz;

// Clock at each CPU's last timer tick.
uint64_t last_tick_us[config::max_cpus];

}  // namespace

bool quantum_tick(Tcb& t, uint64_t now) {
    Cpu_local& cpu = port::cpu_local();
    // The thread running at a tick is charged the clock time since the
    // previous tick: one tick normally, more if ticks were lost (a stalled
    // virtual CPU), so the quantum follows SystemClock.
    uint64_t& last = last_tick_us[cpu.index];
    uint64_t charge = last != 0 && now > last ? now - last : tick_us;
    last = now;
    if (&t == cpu.idle || !t.quantum_limited || !t.utcb || t.state != Thread_state::running)
        return false;
    if (t.quantum_left_us > charge) {
        t.quantum_left_us -= charge;
        return false;
    }
    t.quantum_left_us = 0;
    t.quantum_limited = false;
    return true;
}

void preemption_ipc(Tcb& t, uint64_t clock) {
    // Nobody to tell (or the thread is its own scheduler): it goes on.
    if (t.scheduler.is_nil() || t.scheduler == t.global_id) return;
    Saved_mrs<3> saved(t);
    constexpr word_t label_preemption = word_t(-3) << 4;   // -3 in the label's upper bits
    t.mr(0) = (label_preemption << 16) | 2;                // u = 2
    t.mr(1) = clock;                                       // 64 bit: the whole clock
    t.mr(2) = 0;
    Tcb::Acceptor acceptor = t.acceptor;
    t.acceptor = Tcb::Acceptor::nothing;                   // the reply maps nothing
    (void)kernel_ipc(t.scheduler, t.scheduler, 0);
    t.acceptor = acceptor;
}

}  // namespace kern
