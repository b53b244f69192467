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

#define GLUE_READY_WORDS        4     /* kern::Ready_queue: 64-bit bitmap words (256 priorities) */

#endif
