// SPDX-License-Identifier: BSD-2-Clause
// Offsets of generic structures the x86_64 IPC assembly needs beyond the
// generated kern_asm_offsets.h, and the generic constants it relies on.
// Each value is checked against the C++ definition in asm_offsets.cc, so a
// change of kern::Tcb fails the build instead of the fast path; they belong
// in kernel/generic/src/asm_offsets.cc eventually. Plain #defines: the
// assembler reads this file too.
#pragma once

#define TCB_TIMESLICE_TICKS     1128   // word_t
#define TCB_REMAINING_TICKS     1136   // word_t
#define TCB_IPC_ERROR           1208   // word_t
#define TCB_IPC_FROM            1216   // Thread_id
#define TCB_AWAITING_START      1281   // bool
#define TCB_USER_IPC            1282   // bool


// Space::activate flushes the TLB entries tagged with the last ASID
// (kern::asid_count - 1 in space.cc), which spaces share once the ASIDs run
// out; the fast path must flush it too when it loads such a space with
// PCIDs on. Not visible to C++ outside space.cc, so not checked: keep in
// step with space.cc.
#define SPACE_ASID_SHARED       255
