// SPDX-License-Identifier: BSD-2-Clause
// PMUv3 set-up for instruction counting from user mode (see <arch/pmu.hpp>
// and docs/abi-aarch64.md, "Performance monitors").
#include <arch/pmu.hpp>
#include <kern/types.hpp>

namespace arch::pmu {

namespace {

using kern::word_t;

constexpr word_t pmcr_e = 1u << 0;    // enable all counters
constexpr word_t pmcr_p = 1u << 1;    // reset the event counters
constexpr word_t pmcr_c = 1u << 2;    // reset the cycle counter
constexpr word_t pmcr_lc = 1u << 6;   // cycle counter overflows at 64 bits
constexpr word_t pmcntenset_cycles = word_t{1} << 31;
constexpr word_t event_inst_retired = 0x08;
// PMUSERENR_EL0: EN (EL0 may access the PMU), CR (read the cycle counter),
// ER (read the event counters). EN is what lets EL0 read PMCR_EL0 and the
// enable and filter registers, which the benchmark checks before it trusts
// the counter.
constexpr word_t userenr_en_cr_er = (1u << 0) | (1u << 2) | (1u << 3);

bool has_pmuv3() {
    word_t dfr0;
    asm volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
    word_t version = (dfr0 >> 8) & 0xf;   // PMUVer: 0 none, 0xf IMPLEMENTATION DEFINED
    return version != 0 && version != 0xf;
}

}  // namespace

void init_cpu() {
    if (!has_pmuv3()) return;
    word_t pmcr;
    asm volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
    word_t counters = (pmcr >> 11) & 0x1f;   // N: event counters implemented
    // Filters 0: count at EL0 and EL1 alike (P, U, NSK, NSU, NSH clear).
    asm volatile("msr pmccfiltr_el0, xzr");
    word_t enable = pmcntenset_cycles;
    if (counters > 0) {
        asm volatile("msr pmselr_el0, xzr; isb; msr pmxevtyper_el0, %0" ::"r"(event_inst_retired));
        enable |= 1;
    }
    asm volatile("msr pmcntenset_el0, %0" ::"r"(enable));
    asm volatile("msr pmcr_el0, %0" ::"r"(pmcr_e | pmcr_p | pmcr_c | pmcr_lc));
    asm volatile("msr pmuserenr_el0, %0; isb" ::"r"(userenr_en_cr_er) : "memory");
}

}  // namespace arch::pmu
