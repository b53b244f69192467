// SPDX-License-Identifier: BSD-2-Clause
// The loops world threads run (world.hpp): fuzz_thread_entry picks one by
// the thread's record.
#pragma once

#include <l4/types.h>

namespace fuzz {

extern "C" void fuzz_thread_entry();

/// Root space: serves page faults of world threads in other spaces and,
/// during setup, the main thread's start and give requests.
[[noreturn]] void pager_loop();
/// Watches the fuzzer of its space; aborts its IPC when it is stuck.
[[noreturn]] void rescuer_loop(unsigned space);
/// Replies to every message with itself.
[[noreturn]] void echo_loop();
/// The client and server of an IPC pair (thread = index of the record);
/// the client checks every reply, the server every request.
[[noreturn]] void client_loop(unsigned thread);
[[noreturn]] void server_loop(unsigned thread);
/// Writes and reads back the touch pages of its space.
[[noreturn]] void toucher_loop(unsigned thread);
/// An unprivileged fuzzer: waits for the go, runs its budget, parks.
[[noreturn]] void agent_main(unsigned space);

}  // namespace fuzz
