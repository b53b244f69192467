// SPDX-License-Identifier: BSD-2-Clause
// The kernel consistency checker (debug builds): compares the mapping
// database with the page tables, the ready and send queues with the
// threads' states, the timeout list, and kernel-memory accounting. Run from
// the debugger interface (WALNUT_KDB_CHECK) by tests and the fuzzer.
#pragma once

#include <kern/types.hpp>

namespace kern {

/// Runs every check; prints each violation; returns how many there were.
unsigned check_kernel();

}  // namespace kern
