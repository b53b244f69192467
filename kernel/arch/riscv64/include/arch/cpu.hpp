// SPDX-License-Identifier: BSD-2-Clause
// riscv64 processor facts the kernel uses: CSR numbers and bits, and the
// small inline accessors that are the only place inline assembly touches them.
#pragma once

#include <kern/types.hpp>

namespace arch {

using kern::word_t;

namespace csr {
inline constexpr unsigned sstatus = 0x100;
inline constexpr unsigned sie = 0x104;
inline constexpr unsigned stvec = 0x105;
inline constexpr unsigned scounteren = 0x106;
inline constexpr unsigned sscratch = 0x140;
inline constexpr unsigned sepc = 0x141;
inline constexpr unsigned scause = 0x142;
inline constexpr unsigned stval = 0x143;
inline constexpr unsigned sip = 0x144;
inline constexpr unsigned satp = 0x180;
inline constexpr unsigned time = 0xc01;
}  // namespace csr

template <unsigned Csr> inline word_t csr_read() {
    word_t v;
    asm volatile("csrr %0, %1" : "=r"(v) : "i"(Csr));
    return v;
}
template <unsigned Csr> inline void csr_write(word_t v) {
    asm volatile("csrw %0, %1" ::"i"(Csr), "r"(v) : "memory");
}
template <unsigned Csr> inline void csr_set(word_t bits) {
    asm volatile("csrs %0, %1" ::"i"(Csr), "r"(bits) : "memory");
}
template <unsigned Csr> inline void csr_clear(word_t bits) {
    asm volatile("csrc %0, %1" ::"i"(Csr), "r"(bits) : "memory");
}

// sstatus
inline constexpr word_t sstatus_sie = word_t{1} << 1;
inline constexpr word_t sstatus_spie = word_t{1} << 5;
inline constexpr word_t sstatus_spp = word_t{1} << 8;
inline constexpr word_t sstatus_fs_mask = word_t{3} << 13;
inline constexpr word_t sstatus_fs_initial = word_t{1} << 13;
inline constexpr word_t sstatus_sum = word_t{1} << 18;

// sie / sip
inline constexpr word_t sie_ssie = word_t{1} << 1;
inline constexpr word_t sie_stie = word_t{1} << 5;
inline constexpr word_t sie_seie = word_t{1} << 9;

// scounteren: let user mode read cycle, time and instret (benchmarks).
inline constexpr word_t scounteren_cy_tm_ir = 0x7;

// scause
inline constexpr word_t scause_interrupt = word_t{1} << 63;
namespace cause {
inline constexpr word_t s_soft_irq = 1;
inline constexpr word_t s_timer_irq = 5;
inline constexpr word_t s_external_irq = 9;

inline constexpr word_t fetch_misaligned = 0;
inline constexpr word_t fetch_access = 1;
inline constexpr word_t illegal_instruction = 2;
inline constexpr word_t breakpoint = 3;
inline constexpr word_t load_misaligned = 4;
inline constexpr word_t load_access = 5;
inline constexpr word_t store_misaligned = 6;
inline constexpr word_t store_access = 7;
inline constexpr word_t ecall_user = 8;
inline constexpr word_t ecall_supervisor = 9;
inline constexpr word_t fetch_page_fault = 12;
inline constexpr word_t load_page_fault = 13;
inline constexpr word_t store_page_fault = 15;
}  // namespace cause

inline word_t read_time() { return csr_read<csr::time>(); }

inline void sfence_vma_all() { asm volatile("sfence.vma" ::: "memory"); }
inline void sfence_vma_asid(word_t asid) { asm volatile("sfence.vma zero, %0" ::"r"(asid) : "memory"); }
inline void sfence_vma_page(word_t va, word_t asid) {
    asm volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}
inline void sfence_vma_page_all_asids(word_t va) { asm volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); }

inline void wfi() { asm volatile("wfi" ::: "memory"); }

}  // namespace arch
