// SPDX-License-Identifier: BSD-2-Clause
// Generic handling of timer ticks, device interrupts and faults.
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/exception_ipc.hpp>
#include <kern/initial_servers.hpp>
#include <kern/ipc.hpp>
#include <kern/kdb.hpp>
#include <kern/mapdb.hpp>
#include <l4/walnut/abi.h>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/platform.hpp>
#include <kern/saved_mrs.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/timeout.hpp>
#include <kern/trap.hpp>

namespace kern {

const char* fault_kind_name(Fault_kind kind) {
    switch (kind) {
    case Fault_kind::page_fault: return "page fault";
    case Fault_kind::illegal_instruction: return "illegal instruction";
    case Fault_kind::breakpoint: return "breakpoint";
    case Fault_kind::alignment: return "alignment fault";
    case Fault_kind::arithmetic: return "arithmetic fault";
    case Fault_kind::protection: return "protection fault";
    case Fault_kind::other: return "exception";
    }
    return "?";
}

void on_timer_tick() {
    Cpu_local& cpu = port::cpu_local();
    ++cpu.timer_ticks;
    uint64_t now = port::clock_us();
    timeout_expire(now);
    // A tick that interrupted the current thread in user mode (the kernel
    // runs with interrupts off except in idle and the string copy's
    // preemption points) may block it here in a call to its scheduler, like
    // a page fault; the call's own scheduling also serves threads the
    // timeouts above woke. In a kernel window the thread is in the middle
    // of an IPC: its quantum is charged at the next tick instead.
    if (!cpu.current->in_kernel_window && quantum_tick(*cpu.current, now)) {
        preemption_ipc(*cpu.current, now);
        return;
    }
    scheduler_tick();
    kdb_tick();   // the break key (docs/debugger.md); nothing without the debugger
    preempt_check();
}

// on_irq: kern/interrupt.cc (interrupt threads).

namespace {

// sigma0 owns all physical memory, identity-mapped: its faults on RAM that
// user level may own are resolved by the kernel without IPC (x2-api 7.1).
bool resolve_sigma0_fault(Tcb& t, const User_fault& f) {
    if (f.kind != Fault_kind::page_fault || !t.space || !t.space->is_sigma0) return false;
    return mapdb::sigma0_identity(*t.space, f.address, page_shift);
}

const char* access_name(Rights r) {
    switch (r) {
    case Rights::r: return "read";
    case Rights::w: return "write";
    case Rights::x: return "execute";
    default: return "-";
    }
}

// X.2 7.1: the faulting thread calls its pager with the fault; the pager's
// map reply resumes it. The thread's MR0-MR2 and ErrorCode are preserved.
bool page_fault_ipc(Tcb& t, const User_fault& f) {
    Thread_id pager(t.tcr(WALNUT_TCR_PAGER));
    if (pager.is_nil() || !t.utcb) return false;
    Saved_mrs<3> saved(t);
    load_page_fault_message(t, f.address, f.access, f.ip);
    return kernel_call(pager);
}

}  // namespace

void on_user_fault(const User_fault& f) {
    Tcb& t = Tcb::current();
    if (resolve_sigma0_fault(t, f)) return;
    if (f.kind == Fault_kind::page_fault) {
        t.ipc_error = 0;   // not in an IPC now: only the pager IPC may set it
        if (page_fault_ipc(t, f)) return;
        // ExchangeRegisters canceled the pager IPC: the thread goes back to
        // the faulting instruction (x2-api 4.2), or where it was told to go.
        if (kernel_ipc_canceled(t)) return;
    } else {
        Kernel_ipc_result r = exception_ipc(t, f);
        if (r != Kernel_ipc_result::failed) return;
    }

    printf("user fault: %s in thread %lx.%lx (%s) ip=0x%lx addr=0x%lx access=%s code=0x%lx\n",
           fault_kind_name(f.kind), t.global_id.number(), t.global_id.version(), t.name, f.ip,
           f.address, access_name(f.access), f.arch_code);
    port::print_user_frame(t.user_frame());
    // A fault nobody can resolve (no pager or exception handler, or its IPC
    // failed) halts the thread; the rest of the system goes on.
    printf("user fault: thread %lx.%lx halted\n", t.global_id.number(), t.global_id.version());
    t.state = Thread_state::halted;
    make_unready(t);
    schedule();
}

void on_kernel_fault(const char* cause, word_t address, word_t pc) {
    port::irq_disable();
    printf("KERNEL FAULT: %s at pc ", cause);
    print_symbol(pc);
    printf(", address 0x%lx\n", address);
    Cpu_local& cpu = port::cpu_local();
    if (cpu.current)
        printf("  current thread %lx.%lx (%s) on cpu %u\n", cpu.current->global_id.number(),
               cpu.current->global_id.version(), cpu.current->name, cpu.index);
    panic("unexpected fault in the kernel");
}

}  // namespace kern
