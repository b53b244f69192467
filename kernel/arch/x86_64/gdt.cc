// SPDX-License-Identifier: BSD-2-Clause
// Per-CPU GDT and TSS setup and loading.
#include <arch/gdt.hpp>
#include <kern/config.hpp>

namespace arch {

namespace {

// Stacks for the IST entries: a double fault (kernel stack overflow) or an
// NMI must not run on a stack that may be broken.
constexpr unsigned ist_stack_size = 4096;
alignas(16) constinit uint8_t ist_stacks[kern::config::max_cpus][2][ist_stack_size]{};

constexpr uint64_t kernel_code64 = 0x00AF9A000000FFFF;
constexpr uint64_t kernel_data = 0x00CF92000000FFFF;
constexpr uint64_t user_code32 = 0x00CFFA000000FFFF;
constexpr uint64_t user_data = 0x00CFF2000000FFFF;
constexpr uint64_t user_code64 = 0x00AFFA000000FFFF;

struct [[gnu::packed]] Descriptor_pointer {
    uint16_t limit;
    uint64_t base;
};

void load(const Cpu_data& cpu) {
    Descriptor_pointer gdtr{sizeof(cpu.gdt) - 1, reinterpret_cast<uint64_t>(cpu.gdt)};
    // Reload CS with a far return, the data segments with the kernel data
    // selector; FS and GS get the null selector (their bases are MSRs).
    asm volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "mov %2, %%ds\n\t"
        "mov %2, %%es\n\t"
        "mov %2, %%ss\n\t"
        "mov %3, %%fs\n\t"
        "mov %3, %%gs\n\t"
        "ltr %4"
        :
        : "m"(gdtr), "i"(X86_KERNEL_CS), "r"(uint16_t{X86_KERNEL_DS}), "r"(uint16_t{0}),
          "r"(uint16_t{X86_TSS_SEL})
        : "rax", "memory");
}

}  // namespace

void gdt_init(Cpu_data& cpu, unsigned index) {
    cpu.gdt[0] = 0;
    cpu.gdt[X86_KERNEL_CS / 8] = kernel_code64;
    cpu.gdt[X86_KERNEL_DS / 8] = kernel_data;
    cpu.gdt[X86_USER_CS32 / 8] = user_code32;
    cpu.gdt[X86_USER_DS / 8] = user_data;
    cpu.gdt[X86_USER_CS / 8] = user_code64;

    cpu.tss = Tss{};
    cpu.tss.ist[ist_double_fault - 1] = reinterpret_cast<uint64_t>(&ist_stacks[index][0][ist_stack_size]);
    cpu.tss.ist[ist_nmi - 1] = reinterpret_cast<uint64_t>(&ist_stacks[index][1][ist_stack_size]);

    // 16-byte system descriptor: available 64-bit TSS (type 9), present.
    uint64_t base = reinterpret_cast<uint64_t>(&cpu.tss);
    uint64_t limit = sizeof(Tss) - 1;
    cpu.gdt[X86_TSS_SEL / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (uint64_t{0x89} << 40) |
                               (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    cpu.gdt[X86_TSS_SEL / 8 + 1] = base >> 32;
    load(cpu);
}

}  // namespace arch
