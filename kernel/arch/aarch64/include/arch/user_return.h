/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user state an eret to EL0 needs besides the general registers, loaded
 * from the arch::User_frame at sp: SP_EL0, ELR_EL1, SPSR_EL1 (the frame's
 * pstate holds only NZCV: EL0t, DAIF clear) and TPIDR_EL0. Every way back to
 * user mode uses it: the trap exit (vectors.S), the slow Ipc exit and the
 * IPC fast path (glue). t1 and t2 are scratch. Assembly only.
 */
#ifndef WALNUT_ARCH_USER_RETURN_H
#define WALNUT_ARCH_USER_RETURN_H

#include <arch/asm_offsets.h>

.macro load_user_return_state t1, t2
    ldp     \t1, \t2, [sp, #UF_SP]
    msr     sp_el0, \t1
    msr     elr_el1, \t2
    ldp     \t1, \t2, [sp, #UF_PSTATE]
    msr     spsr_el1, \t1
    msr     tpidr_el0, \t2
.endm

#endif
