/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/aarch64/kdebug.h>: kernel-debugger calls on aarch64. Each is
 * `svc #(WALNUT_SYS_KDB_BASE + op)` with the argument / result in x0; like
 * system calls they preserve every other register. A kernel without the
 * debugger raises a breakpoint exception at the svc instead.
 */
#ifndef __L4__AARCH64__KDEBUG_H__
#define __L4__AARCH64__KDEBUG_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

/* The SVC immediate must be a constant, so each operation has its own
 * instruction; op must be a compile-time constant below WALNUT_KDB_OP_LIMIT. */
#define __L4_KDB_OP(op, arg)                                                        \
    __extension__({                                                                 \
        register L4_Word_t __x0 __asm__("x0") = (L4_Word_t)(arg);                   \
        __asm__ __volatile__("svc %1"                                               \
                             : "+r"(__x0)                                           \
                             : "i"(WALNUT_SYS_KDB_BASE + (op))                      \
                             : "memory");                                           \
        __x0;                                                                       \
    })

/* Prints str (a string literal) and stops in the kernel debugger. The text
 * stays in the program's read-only data; x0 carries its address. */
#define L4_KDB_Enter(str)                                                  \
    do {                                                                   \
        static const char __L4_kdb_text[] = str;                           \
        (void)__L4_KDB_OP(WALNUT_KDB_ENTER, __L4_kdb_text);                \
    } while (0)

static inline void L4_KDB_PrintChar(char arg)
{
    (void)__L4_KDB_OP(WALNUT_KDB_PRINT_CHAR, (unsigned char)arg);
}

static inline void L4_KDB_PrintString(char *arg)
{
    (void)__L4_KDB_OP(WALNUT_KDB_PRINT_STRING, arg);
}

static inline void L4_KDB_ClearPage(void)
{
    (void)__L4_KDB_OP(WALNUT_KDB_CLEAR_PAGE, 0);
}

static inline void L4_KDB_ToggleBreakin(void)
{
    (void)__L4_KDB_OP(WALNUT_KDB_TOGGLE_BREAKIN, 0);
}

/* WALNUT_KDB_NO_CHAR (0) when nothing is waiting. */
static inline char L4_KDB_ReadChar(void)
{
    return (char)__L4_KDB_OP(WALNUT_KDB_READ_CHAR, 0);
}

static inline char L4_KDB_ReadChar_Blocked(void)
{
    return (char)__L4_KDB_OP(WALNUT_KDB_READ_CHAR_BLOCKED, 0);
}

/* Walnut: ends the machine with an exit status (0 = success). */
static inline void L4_KDB_Walnut_Exit(L4_Word_t status)
{
    (void)__L4_KDB_OP(WALNUT_KDB_EXIT, status);
}

/* Walnut: timer interrupts the kernel has handled on this CPU. */
static inline L4_Word_t L4_KDB_Walnut_TimerTicks(void)
{
    return __L4_KDB_OP(WALNUT_KDB_TIMER_TICKS, 0);
}

#endif /* !__L4__AARCH64__KDEBUG_H__ */
