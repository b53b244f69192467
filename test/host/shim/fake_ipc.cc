// SPDX-License-Identifier: BSD-2-Clause
// Host stand-ins for what timeout.cc and scheduler.cc need from ipc.cc and
// init.cc: the timeout hook (expired threads are recorded), kernel IPC
// (the preemption message: it fails, as with no scheduler) and the CPU table.
#include <host/fake_port.hpp>
#include <kern/cpu_local.hpp>
#include <kern/ipc.hpp>

namespace host {

std::vector<kern::Tcb*>& timed_out() {
    static std::vector<kern::Tcb*> log;
    return log;
}

}  // namespace host

namespace kern {

Cpu_local cpus[config::max_cpus];

void ipc_timed_out(Tcb& t) { host::timed_out().push_back(&t); }

Thread_id kernel_ipc(Thread_id, Thread_id, word_t) { return Thread_id::nil(); }

}  // namespace kern
