// SPDX-License-Identifier: BSD-2-Clause
// x86_64 boot in C++: called by boot.S in long mode on the boot page tables.
// Sets up this CPU (GDT/TSS, per-CPU pointer, IDT, control registers, FPU),
// reads the multiboot information, switches to the kernel's page tables,
// calibrates the TSC, counts CPUs from the ACPI MADT, then runs kernel_main.
#include <arch/cpu.hpp>
#include <arch/entry.hpp>
#include <arch/fpu.hpp>
#include <arch/gdt.hpp>
#include <arch/interrupt.hpp>
#include <arch/mmu.hpp>
#include <arch/multiboot.hpp>
#include <arch/tsc.hpp>
#include <drivers/acpi.hpp>
#include <kern/boot_info.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/cpu.hpp>

namespace arch {

namespace {

constinit kern::Boot_info boot_info{};

void setup_boot_cpu() {
    kern::Cpu_local& cpu = kern::cpus[0];
    cpu.index = 0;
    // Segment reloads in gdt_init clear the GS base, so the per-CPU pointer
    // is installed after it.
    gdt_init(cpu.arch, 0);
    port::set_cpu_local(&cpu);
    set_kernel_stack(cpu.arch, reinterpret_cast<uint64_t>(boot_stack_top));
    cpu.arch.apic_id = cpuid(1).ebx >> 24;
    idt_init();
    cpu_init_control_registers();
}

void print_cpu() {
    const Cpu_features& f = cpu_features;
    kern::printf("[x86] CPU %s, APIC id %u: nx %d, 1g pages %d, pge %d, pcid+invpcid %d, smep %d, "
                 "xsave %d, avx %d\n",
                 f.vendor, kern::cpus[0].arch.apic_id, f.nx, f.gib_pages, f.pge, f.pcid, f.smep,
                 f.xsave, f.avx);
}

void count_cpus(kern::Boot_info& info) {
    info.boot_cpu_hwid = kern::cpus[0].arch.apic_id;
    const drivers::acpi::Madt_info& madt = drivers::acpi::init();
    info.cpu_count = madt.found && madt.cpu_count > 0 ? madt.cpu_count : 1;
}

void clocks(kern::Boot_info& info) {
    info.cpu_khz = tsc_hz() / 1000;
    // The core crystal (CPUID 0x15 ECX) clocks the local APIC timer when known.
    if (cpu_features.max_leaf >= 0x15) info.bus_khz = cpuid(0x15).ecx / 1000;
}

}  // namespace

}  // namespace arch

extern "C" [[noreturn]] void x86_boot_main(uint32_t magic, uint32_t multiboot_info) {
    using namespace arch;
    cpu_features_init();
    setup_boot_cpu();
    kern::printf("\n[x86] Walnut boot: long mode, higher half at 0x%lx\n", kernel_vma);
    print_cpu();
    multiboot::parse(magic, multiboot_info, boot_info);
    mmu_init(boot_info);
    mmu_describe();
    fpu_describe();
    tsc_init();
    clocks(boot_info);
    count_cpus(boot_info);
    kern::kernel_main(boot_info);
}
