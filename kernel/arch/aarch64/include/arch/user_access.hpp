// SPDX-License-Identifier: BSD-2-Clause
// Software access-flag and dirty-state management for user mappings on CPUs
// without FEAT_HAFDBS (see arch::Pt_format).
#pragma once

#include <kern/types.hpp>

namespace arch {

/// Called for an access-flag or permission fault from EL0 at far. If the
/// leaf in the current user table only lacks its access flag, or is a
/// clean writable (DBM) leaf that was written, updates it as the hardware
/// would and returns true: the instruction is simply retried. Otherwise
/// returns false and the fault is a real one.
bool resolve_user_access_fault(kern::word_t far, bool write, bool exec, bool access_flag_fault);

}  // namespace arch
