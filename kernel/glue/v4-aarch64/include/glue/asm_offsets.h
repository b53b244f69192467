/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Generic structure facts the aarch64 IPC fast path (fastpath.S) needs and
 * the generated <kern_asm_offsets.h> does not have yet. Each value is
 * checked against the C++ definition in syscall.cc, so a layout change
 * fails to compile instead of corrupting a TCB; they move to
 * kernel/generic/src/asm_offsets.cc when the lead adds them there.
 */
#ifndef WALNUT_GLUE_ASM_OFFSETS_H
#define WALNUT_GLUE_ASM_OFFSETS_H

#define GLUE_TCB_IPC_ERROR      760   /* kern::Tcb::ipc_error; ipc_from follows it */
#define GLUE_TCB_IPC_FROM       768   /* kern::Tcb::ipc_from */
#define GLUE_TCB_USER_IPC       834   /* kern::Tcb::user_ipc (bool); fast_resumable follows it */
/* kern::Space: the last ASID is shared by every space beyond the supply
 * (space.cc, asid_count - 1); activating a space that has it flushes it. */
#define GLUE_SHARED_ASID        255

#endif
