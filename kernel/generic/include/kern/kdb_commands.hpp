// SPDX-License-Identifier: BSD-2-Clause
// What the debugger's command files (kdb_commands.cc, kdb_memory.cc) share:
// the thread the system stopped in, thread arguments and thread names in
// the output. Used only inside the debugger.
#pragma once

#include <kern/kdb_input.hpp>
#include <kern/types.hpp>

namespace kern {
struct Tcb;
class Space;
}  // namespace kern

namespace kern::kdb {

/// The thread that was running when the system stopped.
Tcb* stopped_thread();

/// A thread argument: '.' (the stopped thread), '+n' (UserBase + n: +0 is
/// sigma0, +2 the root server), 'n' or 'n.v' (thread number, hexadecimal;
/// a version, if given, must match). Prints why and returns nullptr if the
/// argument is missing or names no thread.
Tcb* thread_arg(Line& in);

/// "number.version (name)".
void print_thread(const Tcb& t);
/// A space by its kernel address and the first of its threads.
void print_space(const Space* s);

// Commands in kdb_memory.cc.
void cmd_page_table(Line& in);
void cmd_mapdb(Line& in);
void cmd_memory(Line& in);

}  // namespace kern::kdb
