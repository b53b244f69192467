// SPDX-License-Identifier: BSD-2-Clause
// Small named accessors for the aarch64 system registers and barriers the
// kernel uses, so that inline assembly stays in this one place.
#pragma once

#include <kern/types.hpp>

namespace arch {

using kern::word_t;

inline word_t read_mpidr() {
    word_t v;
    asm volatile("mrs %0, mpidr_el1" : "=r"(v));
    return v;
}

inline word_t read_id_aa64mmfr1() {
    word_t v;
    asm volatile("mrs %0, id_aa64mmfr1_el1" : "=r"(v));
    return v;
}

inline word_t read_sctlr() {
    word_t v;
    asm volatile("mrs %0, sctlr_el1" : "=r"(v));
    return v;
}

inline void write_sctlr(word_t v) { asm volatile("msr sctlr_el1, %0; isb" ::"r"(v) : "memory"); }

inline word_t read_tcr() {
    word_t v;
    asm volatile("mrs %0, tcr_el1" : "=r"(v));
    return v;
}

inline word_t read_ttbr0() {
    word_t v;
    asm volatile("mrs %0, ttbr0_el1" : "=r"(v));
    return v;
}

/// Switches the user half; the isb makes later accesses use the new table.
inline void write_ttbr0(word_t v) { asm volatile("msr ttbr0_el1, %0; isb" ::"r"(v) : "memory"); }

inline word_t read_tpidr_el1() {
    word_t v;
    asm volatile("mrs %0, tpidr_el1" : "=r"(v));
    return v;
}

inline void write_tpidr_el1(word_t v) { asm volatile("msr tpidr_el1, %0" ::"r"(v) : "memory"); }

// Generic timer (the virtual view: the one EL1 owns in every configuration).
inline word_t read_cntfrq() {
    word_t v;
    asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

/// The isb keeps the read from being executed early (Arm ARM D11.2.2).
inline word_t read_cntvct() {
    word_t v;
    asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
}

inline void write_cntkctl(word_t v) { asm volatile("msr cntkctl_el1, %0; isb" ::"r"(v)); }

inline word_t read_cntv_cval() {
    word_t v;
    asm volatile("mrs %0, cntv_cval_el0" : "=r"(v));
    return v;
}

inline void write_cntv_cval(word_t v) { asm volatile("msr cntv_cval_el0, %0" ::"r"(v)); }
inline void write_cntv_ctl(word_t v) { asm volatile("msr cntv_ctl_el0, %0; isb" ::"r"(v)); }

inline void isb() { asm volatile("isb" ::: "memory"); }
inline void dsb_ishst() { asm volatile("dsb ishst" ::: "memory"); }

}  // namespace arch
