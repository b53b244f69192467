// SPDX-License-Identifier: BSD-2-Clause
// The UTCB layout, the same on every Walnut architecture (docs/decisions.md
// point 6): checked here against the byte offsets of the amd64 binding's
// table (x2-binding-amd64 section 6), so abi.h cannot drift from it.
#pragma once

#include <l4/walnut/abi.h>

namespace kern::utcb_layout {

/// Byte offset of a word index (relative to MyLocalId) from the UTCB start.
constexpr int block_offset(int word) { return WALNUT_UTCB_MR0_OFFSET + 8 * word; }

static_assert(WALNUT_UTCB_SIZE == 1024 && (1 << WALNUT_UTCB_ALIGN_LOG2) == WALNUT_UTCB_SIZE);
static_assert(WALNUT_UTCB_MR0_OFFSET == 512);
static_assert(block_offset(WALNUT_TCR_SELF_POINTER) == 0);
static_assert(block_offset(WALNUT_TCR_BR0) == 384);                 // BR0; BR32 at 128
static_assert(block_offset(WALNUT_TCR_BR0 - 32) == 128);
static_assert(block_offset(WALNUT_TCR_MY_GLOBAL_ID) == 392);
static_assert(block_offset(WALNUT_TCR_PROCESSOR_NO) == 400);
static_assert(block_offset(WALNUT_TCR_USER_DEFINED_HANDLE) == 408);
static_assert(block_offset(WALNUT_TCR_PAGER) == 416);
static_assert(block_offset(WALNUT_TCR_EXCEPTION_HANDLER) == 424);
static_assert(block_offset(WALNUT_TCR_PREEMPT_COP_FLAGS) == 432);
static_assert(block_offset(WALNUT_TCR_ERROR_CODE) == 440);
static_assert(block_offset(WALNUT_TCR_XFER_TIMEOUT) == 448);
static_assert(block_offset(WALNUT_TCR_INTENDED_RECEIVER) == 456);
static_assert(block_offset(WALNUT_TCR_VIRTUAL_SENDER) == 464);
static_assert(block_offset(WALNUT_TCR_THREAD_WORD_1) == 472);
static_assert(block_offset(WALNUT_TCR_THREAD_WORD_0) == 480);
static_assert(block_offset(WALNUT_TCR_WORD_SIZE_MASK) == 504);
static_assert(block_offset(WALNUT_UTCB_MR_COUNT - 1) == 1016);      // MR63, the last word

}  // namespace kern::utcb_layout
