// SPDX-License-Identifier: BSD-2-Clause
// The benchmark's one per-architecture piece: reading a counter that, under
// QEMU's -icount shift=0, advances by exactly one per executed instruction
// (user and kernel alike), and checking that it really does.
#pragma once

#include <l4/types.h>

namespace bench {

/// Set once the counter is known to be readable (main.cc); until then, and
/// for good if it is not, count() must not touch it where that would trap.
extern bool counting;

#if defined(__x86_64__)
inline constexpr const char* arch_name = "x86_64";
inline constexpr const char* counter_name = "rdtsc";

inline L4_Word_t count()
{
    L4_Word_t lo, hi;
    // "memory": keeps the compiler from moving loads and stores of the
    // measured code across the read.
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (hi << 32) | lo;
}

// A loop of exactly 4 instructions per round (after one setup instruction).
inline void spin(L4_Word_t rounds)
{
    __asm__ __volatile__("1:\n\tnop\n\tnop\n\tdec %0\n\tjnz 1b" : "+r"(rounds) : : "cc");
}

inline bool counter_readable(const char** why)
{
    *why = nullptr;
    return true;  // the kernel leaves CR4.TSD clear
}

#elif defined(__riscv) && __riscv_xlen == 64
inline constexpr const char* arch_name = "riscv64";
inline constexpr const char* counter_name = "rdinstret";

inline L4_Word_t count()
{
    L4_Word_t v;
    __asm__ __volatile__("rdinstret %0" : "=r"(v) : : "memory");
    return v;
}

inline void spin(L4_Word_t rounds)
{
    __asm__ __volatile__("1:\n\tnop\n\tnop\n\taddi %0, %0, -1\n\tbnez %0, 1b" : "+r"(rounds));
}

inline bool counter_readable(const char** why)
{
    *why = nullptr;
    return true;  // the kernel sets scounteren = CY|TM|IR
}

#elif defined(__aarch64__)
inline constexpr const char* arch_name = "aarch64";
inline constexpr const char* counter_name = "PMCCNTR_EL0";

// Without PMUSERENR_EL0.EN/CR the read traps (undefined instruction), so it
// depends on the check; the test costs the same in every read and leaves
// with the counter overhead.
inline L4_Word_t count()
{
    L4_Word_t v = 0;
    if (counting)
        __asm__ __volatile__("mrs %0, pmccntr_el0" : "=r"(v) : : "memory");
    return v;
}

inline void spin(L4_Word_t rounds)
{
    __asm__ __volatile__("1:\n\tnop\n\tnop\n\tsubs %0, %0, #1\n\tb.ne 1b" : "+r"(rounds) : : "cc");
}

// PMUSERENR_EL0 is readable at EL0 whatever its value; the other PMU
// registers only when it lets EL0 in (EN), so read them after checking.
inline bool counter_readable(const char** why)
{
    L4_Word_t userenr, pmcr, enabled, filter;
    __asm__ __volatile__("mrs %0, pmuserenr_el0" : "=r"(userenr));
    if (!(userenr & 1) && !(userenr & 4)) {
        *why = "PMUSERENR_EL0.EN/CR clear: EL0 may not read the PMU";
        return false;
    }
    __asm__ __volatile__("mrs %0, pmcr_el0" : "=r"(pmcr));
    __asm__ __volatile__("mrs %0, pmcntenset_el0" : "=r"(enabled));
    __asm__ __volatile__("mrs %0, pmccfiltr_el0" : "=r"(filter));
    if (!(pmcr & 1) || !(enabled & (1ul << 31))) {
        *why = "PMCR_EL0.E or PMCNTENSET_EL0.C clear: the cycle counter does not run";
        return false;
    }
    if (filter & (3ul << 30)) {
        *why = "PMCCFILTR_EL0 filters out EL0 or EL1: the counter misses instructions";
        return false;
    }
    *why = nullptr;
    return true;
}

#else
#error "no instruction counter for this architecture"
#endif

// Under -icount shift=0 a 4-instruction loop costs exactly 4 counts per
// round; without it the counters follow host time and this fails. Tried a
// few times because a timer interrupt may land inside one attempt.
inline bool counter_counts_instructions(L4_Word_t* seen)
{
    for (int attempt = 0; attempt < 8; ++attempt) {
        L4_Word_t t0 = count();
        spin(1000);
        L4_Word_t t1 = count();
        spin(2000);
        L4_Word_t t2 = count();
        // The code around the two loops may differ by an instruction or two.
        L4_Word_t extra = (t2 - t1) - (t1 - t0);
        *seen = extra;
        if (extra >= 4000 - 4 && extra <= 4000 + 4)
            return true;
    }
    return false;
}

}  // namespace bench
