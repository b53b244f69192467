/* SPDX-License-Identifier: BSD-2-Clause
 * Saving and loading a thread's F/D registers and fcsr. The kernel itself is
 * built without F/D; only this file touches the FP registers, for the lazy
 * FP switch in fpu.cc. Both functions turn sstatus.FS on first (the FP
 * registers are unreachable with FS = Off); the user's FS comes back from
 * its frame on the way out. */
#include <arch/asm_offsets.h>

#define SSTATUS_FS_DIRTY 0x6000

    .text
    .option push
    .option arch, +d

    .globl arch_fpu_save
/* arch_fpu_save(Fp_state* to): a0 = the Fp_state (at CTX_F(0) of a Context). */
arch_fpu_save:
    li      t0, SSTATUS_FS_DIRTY
    csrs    sstatus, t0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd     f\n, (\n * 8)(a0)
    .endr
    frcsr   t1
    sd      t1, (CTX_FCSR - CTX_F(0))(a0)
    ret

    .globl arch_fpu_load
/* arch_fpu_load(const Fp_state* from). */
arch_fpu_load:
    li      t0, SSTATUS_FS_DIRTY
    csrs    sstatus, t0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld     f\n, (\n * 8)(a0)
    .endr
    ld      t1, (CTX_FCSR - CTX_F(0))(a0)
    fscsr   t1
    ret

    .option pop
