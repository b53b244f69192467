// SPDX-License-Identifier: BSD-2-Clause
// x86_64 processor primitives: control registers, MSRs, CPUID, TSC. Every
// inline-assembly instruction the kernel uses outside entry code lives in a
// small named function here.
#pragma once

#include <stdint.h>
#include <arch/asm_defs.hpp>
#include <kern/types.hpp>

namespace arch {

using kern::word_t;

struct Cpuid {
    uint32_t eax, ebx, ecx, edx;
};

inline Cpuid cpuid(uint32_t leaf, uint32_t subleaf = 0) {
    Cpuid r;
    asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
    return r;
}

inline uint64_t rdmsr(uint32_t msr) {
    uint32_t lo, hi;
    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t{hi} << 32) | lo;
}
inline void wrmsr(uint32_t msr, uint64_t v) {
    asm volatile("wrmsr" : : "c"(msr), "a"(static_cast<uint32_t>(v)), "d"(static_cast<uint32_t>(v >> 32)));
}

inline uint64_t rdtsc() {
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t{hi} << 32) | lo;
}

inline word_t read_cr0() { word_t v; asm volatile("mov %%cr0, %0" : "=r"(v)); return v; }
inline word_t read_cr2() { word_t v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
inline word_t read_cr3() { word_t v; asm volatile("mov %%cr3, %0" : "=r"(v)); return v; }
inline word_t read_cr4() { word_t v; asm volatile("mov %%cr4, %0" : "=r"(v)); return v; }
inline void write_cr0(word_t v) { asm volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
inline void write_cr3(word_t v) { asm volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
inline void write_cr4(word_t v) { asm volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

inline void xsetbv(uint32_t reg, uint64_t v) {
    asm volatile("xsetbv" : : "c"(reg), "a"(static_cast<uint32_t>(v)), "d"(static_cast<uint32_t>(v >> 32)));
}

inline void invlpg(word_t va) { asm volatile("invlpg (%0)" : : "r"(va) : "memory"); }

/// INVPCID types (SDM vol. 2, INVPCID).
enum class Invpcid : word_t { address = 0, context = 1, all_global = 2, all_nonglobal = 3 };
inline void invpcid(Invpcid type, word_t pcid, word_t va) {
    struct { uint64_t pcid, va; } desc{pcid, va};
    asm volatile("invpcid %0, %1" : : "m"(desc), "r"(static_cast<word_t>(type)) : "memory");
}

inline void cpu_relax() { asm volatile("pause"); }
inline void irq_off() { asm volatile("cli" ::: "memory"); }
inline void irq_on() { asm volatile("sti" ::: "memory"); }
inline word_t read_rflags() { word_t v; asm volatile("pushfq; popq %0" : "=r"(v)); return v; }

// CR0 / CR4 bits.
inline constexpr word_t cr0_mp = 1ul << 1, cr0_em = 1ul << 2, cr0_ts = 1ul << 3,
                        cr0_ne = 1ul << 5, cr0_wp = 1ul << 16;
inline constexpr word_t cr4_pge = 1ul << 7, cr4_osfxsr = 1ul << 9, cr4_osxmmexcpt = 1ul << 10,
                        cr4_fsgsbase = 1ul << 16, cr4_pcide = 1ul << 17, cr4_osxsave = 1ul << 18,
                        cr4_smep = 1ul << 20;
inline constexpr word_t rflags_if = 1ul << 9;

/// CPU features the kernel looks at, read once at boot (cpu_features_init).
struct Cpu_features {
    bool nx = false;         // no-execute pages
    bool gib_pages = false;  // 1 GiB leaves
    bool pge = false;        // global pages
    bool pcid = false;       // PCID + INVPCID (both needed to tag TLBs)
    bool smep = false;
    bool xsave = false;
    bool avx = false;
    bool tsc_invariant = false;
    uint32_t max_leaf = 0;
    char vendor[13] = {};
};
extern Cpu_features cpu_features;
void cpu_features_init();

/// Per-CPU processor setup common to all CPUs: control registers, PAT,
/// EFER, SYSCALL MSRs, FPU. Needs the GDT loaded.
void cpu_init_control_registers();

}  // namespace arch
