/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/amd64/kdebug.h>: kernel-debugger calls on x86_64, encoded as in the
 * amd64 binding section 12: `int3; cmpb $op, %al` with the argument and
 * result in RAX, and Enter as `int3; jmp 1f; movabs $text, %rax; 1:`.
 * The kernel resumes after the whole sequence. A kernel without the
 * debugger reports a breakpoint exception instead.
 */
#ifndef __L4__AMD64__KDEBUG_H__
#define __L4__AMD64__KDEBUG_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

/* op must be a compile-time constant. */
#define __L4_KDB_Call(op, arg)                                             \
    __extension__({                                                        \
        L4_Word_t __rax = (L4_Word_t)(arg);                                \
        __asm__ __volatile__("int3\n\t.byte 0x3c, %c1"                  \
                             : "+a"(__rax)                                 \
                             : "i"(op)                                     \
                             : "cc", "memory");                            \
        __rax;                                                             \
    })

/* Prints str (a string literal) and stops in the kernel debugger. The
 * never-executed movabs carries the text's address for the kernel. */
#define L4_KDB_Enter(str)                                                  \
    do {                                                                   \
        static const char __L4_kdb_text[] = str;                           \
        __asm__ __volatile__("int3\n\tjmp 1f\n\tmovabsq %0, %%rax\n1:"      \
                             :                                             \
                             : "i"(__L4_kdb_text)                          \
                             : "memory");                                  \
    } while (0)

static inline void L4_KDB_PrintChar(char arg)
{
    (void)__L4_KDB_Call(WALNUT_KDB_PRINT_CHAR, (unsigned char)arg);
}

static inline void L4_KDB_PrintString(char *arg)
{
    (void)__L4_KDB_Call(WALNUT_KDB_PRINT_STRING, arg);
}

static inline void L4_KDB_ClearPage(void)
{
    (void)__L4_KDB_Call(WALNUT_KDB_CLEAR_PAGE, 0);
}

static inline void L4_KDB_ToggleBreakin(void)
{
    (void)__L4_KDB_Call(WALNUT_KDB_TOGGLE_BREAKIN, 0);
}

/* WALNUT_KDB_NO_CHAR (0) when nothing is waiting. */
static inline char L4_KDB_ReadChar(void)
{
    return (char)__L4_KDB_Call(WALNUT_KDB_READ_CHAR, 0);
}

static inline char L4_KDB_ReadChar_Blocked(void)
{
    return (char)__L4_KDB_Call(WALNUT_KDB_READ_CHAR_BLOCKED, 0);
}

/* Walnut: ends the machine with an exit status (0 = success). */
static inline void L4_KDB_Walnut_Exit(L4_Word_t status)
{
    (void)__L4_KDB_Call(WALNUT_KDB_EXIT, status);
}

/* Walnut: timer interrupts the kernel has handled on this CPU. */
static inline L4_Word_t L4_KDB_Walnut_TimerTicks(void)
{
    return __L4_KDB_Call(WALNUT_KDB_TIMER_TICKS, 0);
}

#endif /* !__L4__AMD64__KDEBUG_H__ */
