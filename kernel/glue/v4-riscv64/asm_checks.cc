// SPDX-License-Identifier: BSD-2-Clause
// Compile-time checks of what the riscv64 glue assembly (entry.S,
// fastpath.S) assumes about C++ types and values beyond the offsets of the
// generated <kern_asm_offsets.h>: field sizes (the width of each load and
// store), the ABI registers it hard-codes, the call of kern::sys_ipc. No
// code.
#include <arch/asm_offsets.h>
#include <arch/context.hpp>
#include <arch/cpu_data.hpp>
#include <glue/syscall_abi.hpp>
#include <kern/ipc.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace glue {

namespace {

using kern::Tcb;

static_assert(sizeof(Tcb::remaining_ticks) == 8 && sizeof(Tcb::timeslice_ticks) == 8);
static_assert(sizeof(Tcb::ipc_from) == 8 && sizeof(Tcb::recv_spec) == 8 && sizeof(Tcb::wakeup_us) == 8);
static_assert(sizeof(Tcb::state) == 1 && sizeof(Tcb::priority) == 1 && sizeof(Tcb::cpu) == 4);
static_assert(sizeof(Tcb::fast_resumable) == 1 &&
              sizeof(Tcb::halt_requested) == 1 && sizeof(Tcb::user_ipc) == 1);
static_assert(sizeof(Tcb::ipc_error) == 8 && sizeof(Tcb::utcb_uva) == 8 && sizeof(Tcb::space) == 8);
static_assert(kern::Thread_id::nil().raw() == 0 && kern::Thread_id::any().raw() == ~kern::word_t{0});
// Space::asid() is 'unsigned' (lwu in the fast path).
static_assert(sizeof(decltype(static_cast<const kern::Space*>(nullptr)->asid())) == 4);

// The registers the assembly uses for Ipc (docs/abi-riscv64.md).
static_assert(abi::number == arch::reg::t0 && abi::ipc_to == arch::reg::a0 &&
              abi::ipc_from_spec == arch::reg::a1 && abi::ipc_timeouts == arch::reg::a2);
static_assert(abi::ipc_mr[0] == arch::reg::a3 && abi::ipc_mr[4] == arch::reg::a7 &&
              abi::ipc_mr[5] == arch::reg::t1 && abi::ipc_mr[7] == arch::reg::t3);
static_assert(WALNUT_SYS_LIPC == WALNUT_SYS_IPC + 1 && (WALNUT_SYS_IPC & 1) == 0,
              "entry.S tests (number - Ipc) >> 1 == 0");
// entry.S calls kern::sys_ipc by its mangled name with the raw words in
// a0..a2 and takes the raw result from a0: Thread_id must be one word,
// passed and returned like one (trivially copyable, standard layout).
static_assert(sizeof(kern::Thread_id) == sizeof(kern::word_t) &&
              __is_trivially_copyable(kern::Thread_id) && __is_standard_layout(kern::Thread_id));
static_assert(__is_same(decltype(&kern::sys_ipc), kern::Thread_id (*)(kern::Thread_id, kern::Thread_id, kern::word_t)));
// Every ASID the generic core hands out indexes a slot (fastpath.S and
// port::activate_space look it up without a bounds test).
static_assert(kern::Space::shared_asid + 1 == arch::Cpu_data::asid_slot_count);
// The user frame sits at the very top of the Tcb block (Tcb::user_frame).
static_assert(Tcb::block_size - UF_SIZE < 4096 * 2);

}  // namespace

}  // namespace glue
