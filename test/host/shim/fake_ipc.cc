// SPDX-License-Identifier: BSD-2-Clause
// Host stand-in for the IPC slow path's timeout hook, so the timeout list
// (timeout.cc) links without ipc.cc; expired threads are recorded.
#include <host/fake_port.hpp>
#include <kern/ipc.hpp>

namespace host {

std::vector<kern::Tcb*>& timed_out() {
    static std::vector<kern::Tcb*> log;
    return log;
}

}  // namespace host

namespace kern {

void ipc_timed_out(Tcb& t) { host::timed_out().push_back(&t); }

}  // namespace kern
