// SPDX-License-Identifier: BSD-2-Clause
// Offsets of generic kernel structures for assembly (the IPC fast paths).
// Never linked: compiled to assembly by tools/gen_asm_offsets.py, which turns
// every emitted '->NAME VALUE' into '#define NAME VALUE' in
// <kern_asm_offsets.h>.
#include <kern/cpu_local.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>

namespace kern {

struct Asm_offsets {
    static void generate();
};

#define WALNUT_OFFSET(name, value) asm volatile(".ascii \"->" #name " %0\"" ::"i"(value))

void Asm_offsets::generate() {
    WALNUT_OFFSET(TCB_CONTEXT, __builtin_offsetof(Tcb, context));
    WALNUT_OFFSET(TCB_GLOBAL_ID, __builtin_offsetof(Tcb, global_id));
    WALNUT_OFFSET(TCB_STATE, __builtin_offsetof(Tcb, state));
    WALNUT_OFFSET(TCB_PRIORITY, __builtin_offsetof(Tcb, priority));
    WALNUT_OFFSET(TCB_CPU, __builtin_offsetof(Tcb, cpu));
    WALNUT_OFFSET(TCB_SPACE, __builtin_offsetof(Tcb, space));
    WALNUT_OFFSET(TCB_UTCB_UVA, __builtin_offsetof(Tcb, utcb_uva));
    WALNUT_OFFSET(TCB_UTCB, __builtin_offsetof(Tcb, utcb));
    WALNUT_OFFSET(TCB_RECV_SPEC, __builtin_offsetof(Tcb, recv_spec));
    WALNUT_OFFSET(TCB_SENDQ_HEAD, __builtin_offsetof(Tcb, sendq_head));
    WALNUT_OFFSET(TCB_IRQ_PENDING, __builtin_offsetof(Tcb, irq_pending));
    WALNUT_OFFSET(TCB_WAKEUP_US, __builtin_offsetof(Tcb, wakeup_us));
    WALNUT_OFFSET(TCB_HALT_REQUESTED, __builtin_offsetof(Tcb, halt_requested));
    WALNUT_OFFSET(TCB_FAST_RESUMABLE, __builtin_offsetof(Tcb, fast_resumable));
    WALNUT_OFFSET(TCB_USER_IPC, __builtin_offsetof(Tcb, user_ipc));
    WALNUT_OFFSET(TCB_TIMESLICE_TICKS, __builtin_offsetof(Tcb, timeslice_ticks));
    WALNUT_OFFSET(TCB_REMAINING_TICKS, __builtin_offsetof(Tcb, remaining_ticks));
    WALNUT_OFFSET(TCB_IPC_ERROR, __builtin_offsetof(Tcb, ipc_error));
    WALNUT_OFFSET(TCB_IPC_FROM, __builtin_offsetof(Tcb, ipc_from));
    WALNUT_OFFSET(TCB_BLOCK_SIZE, Tcb::block_size);
    WALNUT_OFFSET(TCB_STATE_RUNNING, static_cast<word_t>(Thread_state::running));
    WALNUT_OFFSET(TCB_STATE_WAITING_RECEIVE, static_cast<word_t>(Thread_state::waiting_receive));
    WALNUT_OFFSET(CPU_LOCAL_CURRENT, __builtin_offsetof(Cpu_local, current));
    WALNUT_OFFSET(CPU_LOCAL_READY, __builtin_offsetof(Cpu_local, ready));
    WALNUT_OFFSET(READY_TOP, Ready_queue::top_offset());
    WALNUT_OFFSET(SPACE_ROOT_PA, Space::root_pa_offset());
    WALNUT_OFFSET(SPACE_ASID, Space::asid_offset());
    WALNUT_OFFSET(SPACE_REDIRECTOR, Space::redirector_offset());
    WALNUT_OFFSET(SPACE_SHARED_ASID, Space::shared_asid);
    WALNUT_OFFSET(THREAD_TABLE_DIR, Thread_table::dir_offset());
    WALNUT_OFFSET(THREAD_TABLE_PER_PAGE_LOG2, 9);
    WALNUT_OFFSET(THREAD_NUMBER_BITS, Thread_table::number_bits);
}

}  // namespace kern
