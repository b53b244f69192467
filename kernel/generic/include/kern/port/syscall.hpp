// SPDX-License-Identifier: BSD-2-Clause
// Contract: the glue's part of the KIP. X.2 user code may enter the kernel
// through the KIP's system-call links (offsets from the KIP base); the glue
// supplies the code they point to.
#pragma once

#include <kern/types.hpp>
#include <l4/walnut/abi.h>

namespace port {

/// Writes one stub per system call into 'area' (the KIP page from
/// WALNUT_KIP_STUBS_OFFSET to its end, 'size' bytes) and stores in
/// offsets[n] the offset of call n's stub from the KIP base. A stub enters
/// the kernel with the call's number and returns to its caller with the
/// register convention of docs/abi-<arch>.md.
void kip_syscall_stubs(uint8_t* area, size_t size, word_t (&offsets)[WALNUT_SYS_COUNT]);

}  // namespace port
