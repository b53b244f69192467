/* SPDX-License-Identifier: BSD-2-Clause
 * x86_64 start-up code of every user program: the kernel enters _start in
 * ring 3 with all general registers zero except RSP (set by the loader or
 * the creating thread, ignored here), RFLAGS = IF, GS base = the UTCB. */

    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    lea     __walnut_stack_top(%rip), %rsp
    xor     %ebp, %ebp                  /* frame pointer: end of the chain */
    call    __L4_Init

    /* Static constructors, in order (callee-saved registers survive calls). */
    lea     __init_array_start(%rip), %rbx
    lea     __init_array_end(%rip), %r12
1:  cmp     %r12, %rbx
    jae     2f
    call    *(%rbx)
    add     $8, %rbx
    jmp     1b

2:  xor     %edi, %edi
    xor     %esi, %esi
    call    main
    mov     %eax, %edi
    call    __walnut_exit
3:  jmp     3b
    .size _start, . - _start

    .section .bss, "aw", @nobits
    .balign 16
__walnut_stack:
    .space  65536
__walnut_stack_top:
