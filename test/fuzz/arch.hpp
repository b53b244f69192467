// SPDX-License-Identifier: BSD-2-Clause
// What the fuzzer needs to know per architecture: its name in the FUZZ
// line, address-space facts for "interesting" addresses, and one debugger
// call for every allowed op (the trap encodes op, so it is a constant).
#pragma once

#include <l4/kdebug.h>
#include <l4/types.h>
#include <l4/walnut/abi.h>

namespace fuzz {

struct Arch_facts {
    const char* name;
    const char* board;         // the QEMU board of this architecture (scripts/fuzz --board)
    L4_Word_t user_top;        // first address above the user part
    L4_Word_t kernel_base;     // start of the kernel half (physmap)
    L4_Word_t non_canonical;   // between the halves: no page table can map it
};

#if defined(L4_ARCH_AMD64)
inline constexpr Arch_facts arch{"x86_64", "qemu-pc", 0x0000800000000000ul, 0xFFFF800000000000ul,
                                 0x0000900000000000ul};
#elif defined(L4_ARCH_AARCH64)
inline constexpr Arch_facts arch{"aarch64", "qemu-virt-aarch64", 0x0001000000000000ul, 0xFFFF000000000000ul,
                                 0x0010000000000000ul};
#elif defined(L4_ARCH_RISCV64)
inline constexpr Arch_facts arch{"riscv64", "qemu-virt-riscv64", 0x0000004000000000ul, 0xFFFFFFC000000000ul,
                                 0x0000100000000000ul};
#else
#error "unknown architecture"
#endif

// The stack pointer a function expects at its first instruction for a
// stack ending at top (x86_64: as a call leaves it, 8 below 16-alignment).
inline L4_Word_t entry_sp(L4_Word_t top)
{
#if defined(L4_ARCH_AMD64)
    return top - 8;
#else
    return top;
#endif
}

// The allowed debugger operations, numbered for the generator. Enter,
// ReadChar_Blocked and Walnut Exit block or end the machine: never fuzzed.
enum class Kdb_op : unsigned {
    print_char, print_string, clear_page, toggle_breakin, read_char, timer_ticks, check,
    kmem_free, count
};

template <unsigned op>
inline L4_Word_t kdb_trap(L4_Word_t arg)
{
#if defined(L4_ARCH_AARCH64)
    return __L4_KDB_OP(op, arg);
#else
    return __L4_KDB_Call(op, arg);
#endif
}

inline L4_Word_t kdb(Kdb_op op, L4_Word_t arg)
{
    switch (op) {
    case Kdb_op::print_char: return kdb_trap<WALNUT_KDB_PRINT_CHAR>(arg);
    case Kdb_op::print_string: return kdb_trap<WALNUT_KDB_PRINT_STRING>(arg);
    case Kdb_op::clear_page: return kdb_trap<WALNUT_KDB_CLEAR_PAGE>(arg);
    case Kdb_op::toggle_breakin: return kdb_trap<WALNUT_KDB_TOGGLE_BREAKIN>(arg);
    case Kdb_op::read_char: return kdb_trap<WALNUT_KDB_READ_CHAR>(arg);
    case Kdb_op::timer_ticks: return kdb_trap<WALNUT_KDB_TIMER_TICKS>(arg);
    case Kdb_op::check: return kdb_trap<WALNUT_KDB_CHECK>(arg);
    case Kdb_op::kmem_free: return kdb_trap<WALNUT_KDB_KMEM_FREE>(arg);
    case Kdb_op::count: break;
    }
    return 0;
}

inline L4_Word_t kernel_check() { return kdb(Kdb_op::check, 0); }
inline L4_Word_t kmem_free() { return kdb(Kdb_op::kmem_free, 0); }

}  // namespace fuzz
