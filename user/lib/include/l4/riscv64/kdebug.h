/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/riscv64/kdebug.h>: kernel-debugger calls on riscv64. Each is an
 * `ecall` with t0 = WALNUT_SYS_KDB_BASE + op and the argument / result in
 * a0; like system calls they preserve every other register. A kernel
 * without the debugger raises an exception at the ecall instead.
 */
#ifndef __L4__RISCV64__KDEBUG_H__
#define __L4__RISCV64__KDEBUG_H__

#include <l4/types.h>
#include <l4/walnut/abi.h>

static inline L4_Word_t __L4_KDB_Call(L4_Word_t op, L4_Word_t arg)
{
    register L4_Word_t t0 __asm__("t0") = WALNUT_SYS_KDB_BASE + op;
    register L4_Word_t a0 __asm__("a0") = arg;
    __asm__ __volatile__("ecall" : "+r"(a0) : "r"(t0) : "memory");
    return a0;
}

/* Prints str (a string literal) and stops in the kernel debugger. The text
 * stays in the program's read-only data; a0 carries its address. */
#define L4_KDB_Enter(str)                                                  \
    do {                                                                   \
        static const char __L4_kdb_text[] = str;                           \
        __L4_KDB_Call(WALNUT_KDB_ENTER, (L4_Word_t)__L4_kdb_text);         \
    } while (0)

static inline void L4_KDB_PrintChar(char arg)
{
    __L4_KDB_Call(WALNUT_KDB_PRINT_CHAR, (L4_Word_t)(unsigned char)arg);
}

static inline void L4_KDB_PrintString(char *arg)
{
    __L4_KDB_Call(WALNUT_KDB_PRINT_STRING, (L4_Word_t)arg);
}

static inline void L4_KDB_ClearPage(void)
{
    __L4_KDB_Call(WALNUT_KDB_CLEAR_PAGE, 0);
}

static inline void L4_KDB_ToggleBreakin(void)
{
    __L4_KDB_Call(WALNUT_KDB_TOGGLE_BREAKIN, 0);
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
    __L4_KDB_Call(WALNUT_KDB_EXIT, status);
}

/* Walnut: timer interrupts the kernel has handled on this CPU. */
static inline L4_Word_t L4_KDB_Walnut_TimerTicks(void)
{
    return __L4_KDB_Call(WALNUT_KDB_TIMER_TICKS, 0);
}

#endif /* !__L4__RISCV64__KDEBUG_H__ */
