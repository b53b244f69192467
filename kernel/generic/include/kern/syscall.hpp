// SPDX-License-Identifier: BSD-2-Clause
// The generic halves of the system calls. The glue (kernel/glue/v4-<arch>/)
// takes the arguments from the registers its ABI assigns, calls these, and
// puts the results back into the user frame. Calls are made with
// interrupts disabled on the calling thread's kernel stack.
#pragma once

#include <kern/types.hpp>

namespace kern {

struct Kernel_interface_result {
    word_t kip;          // KIP address in the caller's space
    word_t api_version;
    word_t api_flags;
    word_t kernel_id;
};
Kernel_interface_result sys_kernel_interface();

/// Microseconds (X.2 Clock).
uint64_t sys_system_clock();

/// X.2 ThreadSwitch: dest = nilthread yields.
void sys_thread_switch(word_t dest);

/// X.2 system-call error codes (ErrorCode TCR after a failed non-IPC call).
enum class Sys_error : word_t {
    ok = 0, no_privilege = 1, invalid_thread = 2, invalid_space = 3, invalid_scheduler = 4,
    invalid_param = 5, utcb_area = 6, kip_area = 7, no_memory = 8,
};

/// ExchangeRegisters (x2-api 4.2): inputs and the previous values.
struct Exregs {
    word_t control, sp, ip, flags, user_handle, pager;
};
/// Returns the result thread id (nilthread on error, ErrorCode set); *io
/// holds the inputs on entry and the previous values on return.
word_t sys_exchange_registers(word_t dest, Exregs* io);

/// ThreadControl (x2-api 4.3): 1 or 0.
word_t sys_thread_control(word_t dest, word_t space_spec, word_t scheduler, word_t pager,
                          word_t utcb_location);

/// SpaceControl (x2-api 4.10): 1 or 0; *old_control receives the old control.
word_t sys_space_control(word_t space_spec, word_t control, word_t kip_area, word_t utcb_area,
                         word_t redirector, word_t* old_control);

/// Schedule (x2-api 4.6): thread state or 0; *old_time_control.
word_t sys_schedule(word_t dest, word_t time_control, word_t processor_control,
                    word_t prio_control, word_t preemption_control, word_t* old_time_control);

/// Unmap (x2-api 4.9) on the caller's MR0 .. MRk in its UTCB.
void sys_unmap(word_t control);

/// ProcessorControl and MemoryControl (x2-api 4.11, 4.12): 1 or 0.
word_t sys_processor_control(word_t processor, word_t internal_khz, word_t external_khz,
                             word_t voltage);
word_t sys_memory_control(word_t control, const word_t attributes[4]);

/// Kernel-debugger operations (WALNUT_KDB_* in <l4/walnut/abi.h>), except
/// Enter. Returns the result word (ReadChar) or 0. In a kernel built
/// without the debugger, returns false in *handled and the glue treats the
/// trap as an ordinary exception.
word_t kdb_call(unsigned op, word_t arg, bool* handled);

/// KDB Enter: prints the user text at text_uva (read safely from the
/// caller's space) and stops in the kernel debugger until told to go on.
void kdb_enter(word_t text_uva);

/// A system-call number the kernel does not know: reported like an
/// exception (the thread is halted for now).
void sys_invalid(word_t number, word_t ip);

}  // namespace kern
