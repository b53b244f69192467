// SPDX-License-Identifier: BSD-2-Clause
// x86_64 processor setup (features, control registers, PAT, SYSCALL MSRs)
// and the port/cpu.hpp contract: interrupt masking, idle, per-CPU pointer.
#include <arch/cpu.hpp>
#include <arch/entry.hpp>
#include <arch/fpu.hpp>
#include <arch/pt_format.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/port/cpu.hpp>

namespace arch {

constinit Cpu_features cpu_features{};
constinit Paging_features paging_features{};

void cpu_features_init() {
    Cpu_features& f = cpu_features;
    Cpuid r = cpuid(0);
    f.max_leaf = r.eax;
    memcpy(f.vendor + 0, &r.ebx, 4);
    memcpy(f.vendor + 4, &r.edx, 4);
    memcpy(f.vendor + 8, &r.ecx, 4);

    Cpuid l1 = cpuid(1);
    f.pge = (l1.edx >> 13) & 1;
    f.xsave = (l1.ecx >> 26) & 1;
    f.avx = (l1.ecx >> 28) & 1;
    bool pcid = (l1.ecx >> 17) & 1;
    bool invpcid = false;
    if (f.max_leaf >= 7) {
        Cpuid l7 = cpuid(7, 0);
        f.smep = (l7.ebx >> 7) & 1;
        invpcid = (l7.ebx >> 10) & 1;
    }
    f.pcid = pcid && invpcid;

    uint32_t max_ext = cpuid(0x80000000).eax;
    if (max_ext >= 0x80000001) {
        Cpuid e1 = cpuid(0x80000001);
        f.nx = (e1.edx >> 20) & 1;
        f.gib_pages = (e1.edx >> 26) & 1;
    }
    if (max_ext >= 0x80000007) f.tsc_invariant = (cpuid(0x80000007).edx >> 8) & 1;

    paging_features.nx_bit = f.nx ? Pt_format::nx : 0;
    paging_features.gib_pages = f.gib_pages;
}

namespace {

// IA32_PAT: entry 1 (PWT alone) becomes write-combining; the others keep
// their reset values (0 WB, 2 UC-, 3 UC, 4 WB, 5 WT, 6 UC-, 7 UC).
constexpr uint32_t msr_pat = 0x277;
constexpr uint64_t pat_value = 0x0007040600070106ul;

// RFLAGS bits cleared on SYSCALL: IF (the kernel runs with interrupts off),
// TF, DF, AC, NT, so kernel code starts with a known state.
constexpr uint64_t syscall_fmask = (1u << 9) | (1u << 8) | (1u << 10) | (1u << 18) | (1u << 14);

}  // namespace

void cpu_init_control_registers() {
    write_cr0((read_cr0() | cr0_wp | cr0_ne | cr0_mp) & ~(cr0_em | cr0_ts));
    word_t cr4 = read_cr4();
    if (cpu_features.pge) cr4 |= cr4_pge;
    if (cpu_features.smep) cr4 |= cr4_smep;  // never execute user pages in ring 0
    write_cr4(cr4);

    uint64_t efer = rdmsr(MSR_EFER) | EFER_SCE;
    if (cpu_features.nx) efer |= EFER_NXE;
    wrmsr(MSR_EFER, efer);
    wrmsr(msr_pat, pat_value);

    wrmsr(MSR_STAR, (uint64_t{0x18} << 48) | (uint64_t{X86_KERNEL_CS} << 32));
    wrmsr(MSR_LSTAR, reinterpret_cast<uint64_t>(&walnut_syscall_entry));
    wrmsr(MSR_FMASK, syscall_fmask);

    fpu_init();
}

}  // namespace arch

namespace port {

void irq_disable() { arch::irq_off(); }
void irq_enable() { arch::irq_on(); }

void idle_wait() {
    // STI's one-instruction shadow makes "sti; hlt" atomic: an interrupt
    // that is already pending wakes the HLT instead of being taken before it.
    asm volatile("sti; hlt; cli" ::: "memory");
}

void set_cpu_local(kern::Cpu_local* cpu) {
    cpu->arch.self = cpu;
    arch::wrmsr(MSR_GS_BASE, reinterpret_cast<uint64_t>(cpu));
}

void halt_cpu() {
    for (;;) asm volatile("cli; hlt");
}

uint16_t elf_machine() { return 62; }  // EM_X86_64

}  // namespace port
