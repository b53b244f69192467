// SPDX-License-Identifier: BSD-2-Clause
// Compile-time checks of what the x86_64 IPC assembly assumes about generic
// structures: the widths of the fields it reads and writes with the
// generated offsets (kern_asm_offsets.h).
#include <kern/cpu_local.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>

namespace glue {

namespace {

using kern::Tcb;

// Widths: cmpb/movb on bytes, 32-bit CPU numbers and ASIDs, words elsewhere.
static_assert(sizeof(Tcb::state) == 1 && sizeof(Tcb::priority) == 1);
static_assert(sizeof(Tcb::fast_resumable) == 1);
static_assert(sizeof(Tcb::halt_requested) == 1 && sizeof(Tcb::user_ipc) == 1);
static_assert(sizeof(Tcb::cpu) == 4);
static_assert(sizeof(Tcb::global_id) == 8 && sizeof(Tcb::recv_spec) == 8 && sizeof(Tcb::ipc_from) == 8);
static_assert(sizeof(Tcb::ipc_error) == 8 && sizeof(Tcb::wakeup_us) == 8);
static_assert(sizeof(Tcb::remaining_ticks) == 8 && sizeof(Tcb::timeslice_ticks) == 8);
static_assert(sizeof(Tcb::sendq_head) == 8 && sizeof(Tcb::utcb_uva) == 8 && sizeof(Tcb::utcb) == 8);
static_assert(sizeof(Tcb::irq_pending) == 8);
static_assert(sizeof(kern::Space().asid()) == 4 && sizeof(kern::Space().root_phys()) == 8);

}  // namespace

}  // namespace glue
