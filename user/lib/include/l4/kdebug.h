/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/kdebug.h>: the kernel-debugger calls (convenience interface section
 * 13). The L4_KDB_* functions and L4_KDB_Enter come from the arch header,
 * which encodes the trap (WALNUT_SYS_KDB_BASE and WALNUT_KDB_* in
 * <l4/walnut/abi.h>); Walnut adds L4_KDB_Walnut_Exit and
 * L4_KDB_Walnut_TimerTicks there. The generator macros __L4_KDB_Op* are
 * defined here on top of the arch header's trap.
 */
#ifndef __L4__KDEBUG_H__
#define __L4__KDEBUG_H__

#include <l4/types.h>

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/kdebug.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/kdebug.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/kdebug.h>
#endif

/* One debugger operation: op (a WALNUT_KDB_* code, the amd64 binding's op
 * numbers; a compile-time constant, it is encoded in the trap) with one
 * word in and one word out, through the arch header's trap. */
#if defined(L4_ARCH_AARCH64)
# define __L4_KDB_Trap(op, arg) __L4_KDB_OP(op, (L4_Word_t)(arg))
#else
# define __L4_KDB_Trap(op, arg) __L4_KDB_Call(op, (L4_Word_t)(arg))
#endif

/* Pistachio's generators of debugger calls (section 13), for programs that
 * define operations of their own: __L4_KDB_Op(op, Name) defines
 * void L4_KDB_Name(void), __L4_KDB_Op_Arg(op, Name, type) defines
 * void L4_KDB_Name(type arg) and __L4_KDB_Op_Ret(op, Name, type) defines
 * type L4_KDB_Name(void). The argument and result types must convert to and
 * from a word (integers, pointers). Use them as Pistachio does, followed by
 * a semicolon; it ends a repeated declaration, so C does not see an empty
 * one. The operations Walnut knows are defined in the arch headers already
 * (WALNUT_KDB_* in <l4/walnut/abi.h>); an op the kernel does not handle is
 * a breakpoint exception at the trap (docs/abi-<arch>.md). */
#define __L4_KDB_Op(op, name)                                              \
    L4_INLINE void L4_KDB_##name(void)                                     \
    {                                                                      \
        (void)__L4_KDB_Trap(op, 0);                                        \
    }                                                                      \
    L4_INLINE void L4_KDB_##name(void)

#define __L4_KDB_Op_Arg(op, name, argtype)                                 \
    L4_INLINE void L4_KDB_##name(argtype arg)                              \
    {                                                                      \
        (void)__L4_KDB_Trap(op, arg);                                      \
    }                                                                      \
    L4_INLINE void L4_KDB_##name(argtype arg)

#define __L4_KDB_Op_Ret(op, name, rettype)                                 \
    L4_INLINE rettype L4_KDB_##name(void)                                  \
    {                                                                      \
        return (rettype)__L4_KDB_Trap(op, 0);                              \
    }                                                                      \
    L4_INLINE rettype L4_KDB_##name(void)

/* Old names. */
#if !defined(enter_kdebug)
# define enter_kdebug(x) L4_KDB_Enter(x)
#endif
#if !defined(kd_inchar)
# define kd_inchar() L4_KDB_ReadChar_Blocked()
#endif

#endif /* !__L4__KDEBUG_H__ */
