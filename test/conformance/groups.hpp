// SPDX-License-Identifier: BSD-2-Clause
// The case groups of the conformance suite, one per source file; each
// suite_*.cc picks the groups one boot archive runs.
#pragma once

#include "check.hpp"

extern const conf::Group kip_group;
extern const conf::Group thread_control_group;
extern const conf::Group space_control_group;
extern const conf::Group exchange_registers_group;
extern const conf::Group ipc_group;
extern const conf::Group map_group;
extern const conf::Group schedule_group;
extern const conf::Group clock_robust_group;
extern const conf::Group time_group;
extern const conf::Group fpu_group;
extern const conf::Group control_group;
extern const conf::Group fastpath_group;
extern const conf::Group string_group;
extern const conf::Group interrupt_group;
extern const conf::Group redirect_group;
extern const conf::Group exception_group;
