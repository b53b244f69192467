/* SPDX-License-Identifier: BSD-2-Clause
 * riscv64 start-up code of every user program: the kernel enters _start in
 * U-mode with all registers zero except sp (set by the loader or the
 * creating thread, ignored here), and tp = MyLocalId. */

    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    /* gp must be set without relaxation: a relaxed lla would itself be
     * turned into a gp-relative access. */
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    lla     sp, __walnut_stack_top
    li      s0, 0                       /* frame pointer: end of the chain */
    li      ra, 0
    call    __L4_Init

    /* Static constructors, in order. */
    lla     s1, __init_array_start
    lla     s2, __init_array_end
1:  bgeu    s1, s2, 2f
    ld      t0, 0(s1)
    jalr    t0
    addi    s1, s1, 8
    j       1b

2:  li      a0, 0
    li      a1, 0
    call    main
    call    __walnut_exit               /* a0 = main's return value */
3:  j       3b
    .size _start, . - _start

    .section .bss, "aw", @nobits
    .balign 16
__walnut_stack:
    .space  65536
__walnut_stack_top:
