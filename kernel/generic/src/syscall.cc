// SPDX-License-Identifier: BSD-2-Clause
// Generic halves of the system calls implemented so far.
#include <kern/console.hpp>
#include <kern/kip.hpp>
#include <kern/port/cpu.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>

namespace kern {

Kernel_interface_result sys_kernel_interface() {
    const Tcb& t = Tcb::current();
    return Kernel_interface_result{t.space ? t.space->kip_area : 0, kip_api_version,
                                   kip_api_flags, kip_kernel_id};
}

uint64_t sys_system_clock() { return port::clock_us(); }

// sys_thread_switch: kern/thread_ops.cc (ThreadSwitch and time-slice donation).

void sys_invalid(word_t number, word_t ip) {
    on_user_fault(User_fault{Fault_kind::other, 0, Rights::none, ip, number});
}

}  // namespace kern
