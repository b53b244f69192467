/* SPDX-License-Identifier: BSD-2-Clause
 * aarch64 start-up code of every user program: the kernel enters _start at
 * EL0 with all registers zero except sp (set by the loader or the creating
 * thread, ignored here) and TPIDRRO_EL0 = MyLocalId. */

    .section .text.start, "ax", %progbits
    .globl _start
    .type _start, %function
_start:
    adrp    x0, __walnut_stack_top
    add     x0, x0, :lo12:__walnut_stack_top
    mov     sp, x0
    mov     x29, #0                     /* frame pointer: end of the chain */
    mov     x30, #0
    bl      __L4_Init

    /* Static constructors, in order. */
    adrp    x19, __init_array_start
    add     x19, x19, :lo12:__init_array_start
    adrp    x20, __init_array_end
    add     x20, x20, :lo12:__init_array_end
1:  cmp     x19, x20
    b.hs    2f
    ldr     x0, [x19], #8
    blr     x0
    b       1b

2:  mov     x0, #0
    mov     x1, #0
    bl      main
    bl      __walnut_exit               /* x0 = main's return value */
3:  b       3b
    .size _start, . - _start

    .section .bss, "aw", %nobits
    .balign 16
__walnut_stack:
    .space  65536
__walnut_stack_top:
