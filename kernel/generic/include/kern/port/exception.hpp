// SPDX-License-Identifier: BSD-2-Clause
// Contract: the exception message (x2-api 7.2). The glue of each
// architecture (kernel/glue/v4-<arch>/exception.cc) fixes which message
// registers carry which user register; the generic core only sends the
// message and hands the reply back. Layouts: docs/abi-<arch>.md.
#pragma once

#include <kern/port/context.hpp>
#include <kern/trap.hpp>
#include <kern/types.hpp>

namespace port {

/// The most message registers any architecture's exception message
/// touches (MR0 included): the generic core saves and restores this many.
inline constexpr unsigned exception_max_mrs = 40;

/// Writes the exception message for a user fault into mr[1..]: the user
/// registers of frame and the fault's code. Returns u, the number of
/// words sent after MR0. It may write a few more words than it sends
/// (amd64: the error code in MR20), never beyond exception_max_mrs - 1.
unsigned exception_fill(const arch::User_frame& frame, const kern::User_fault& fault,
                        kern::word_t* mr);

/// Loads the registers of the handler's reply (mr[1..], same layout) into
/// frame: IP, SP, general registers and only the flags user code may
/// change; registers the kernel owns (UTCB pointer ...) are kept.
void exception_load(arch::User_frame& frame, const kern::word_t* mr);

}  // namespace port
