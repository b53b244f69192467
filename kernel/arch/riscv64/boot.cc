// SPDX-License-Identifier: BSD-2-Clause
// riscv64 boot in C++: from boot.S (MMU on, throw-away page table, boot
// stack) to kern::kernel_main with the real kernel page table, the per-CPU
// pointer, the console and a filled-in Boot_info.
#include <arch/boot.hpp>
#include <arch/cpu.hpp>
#include <arch/hooks.hpp>
#include <arch/mmu.hpp>
#include <arch/sbi.hpp>
#include <arch/timer.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>

extern "C" {
/// Boot stacks, one per possible CPU; boot.S starts on CPU 0's.
alignas(16) uint8_t walnut_boot_stacks[kern::config::max_cpus][16 * kern::KiB];
extern char __kernel_start[], __kernel_end[];
[[noreturn]] void arch_boot_main(kern::word_t hartid, kern::paddr_t dtb_pa, kern::word_t pa_offset);
}

namespace arch {

namespace {

constexpr uint32_t fdt_magic = 0xd00dfeed;
constexpr size_t fdt_max_size = 2 * kern::MiB;

kern::Boot_info boot_info;
Dt_facts dt_facts;

uint32_t be32(const void* p) {
    auto* b = static_cast<const uint8_t*>(p);
    return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

// Until the real page table is up the early physmap reaches any physical
// address below 128 GiB, so the blob can be read in place.
void open_device_tree(kern::paddr_t dtb_pa, kern::fdt::Tree& dt) {
    if (dtb_pa == 0 || dtb_pa >= physmap_size) kern::boot_error("riscv64: no device tree (a1 = %lx)", dtb_pa);
    const void* blob = port::phys_to_virt(dtb_pa);
    if (be32(blob) != fdt_magic) kern::boot_error("riscv64: no device tree at %lx", dtb_pa);
    size_t size = kern::min<size_t>(be32(static_cast<const uint8_t*>(blob) + 4), fdt_max_size);
    if (!dt.init(blob, size)) kern::boot_error("riscv64: malformed device tree at %lx", dtb_pa);
}

// The physmap ends at 128 GiB: RAM beyond it cannot be used by the kernel
// (phys_to_virt), so it is not reported at all.
void clip_ram_to_physmap(kern::Boot_region_list& ram) {
    kern::Boot_region_list kept;
    for (unsigned i = 0; i < ram.count; ++i) {
        const kern::Boot_region& r = ram.region[i];
        if (r.end() > physmap_size)
            kern::printf("riscv64: ignoring RAM [%lx, %lx) above the 128 GiB physmap\n",
                         kern::max<kern::paddr_t>(r.base, physmap_size), r.end());
        if (r.base < physmap_size) kept.add(r.base, kern::min<kern::paddr_t>(r.end(), physmap_size) - r.base);
    }
    ram = kept;
}

void print_banner(const kern::Boot_info& info) {
    unsigned long v = sbi::spec_version();
    kern::printf("riscv64: hart %lu of %u, SBI v%lu.%lu (TIME %s, HSM %s, SRST %s)\n", info.boot_cpu_hwid,
                 info.cpu_count, v >> 24, v & 0xffffff, sbi::has_time() ? "yes" : "no",
                 sbi::has_hsm() ? "yes" : "no", sbi::has_srst() ? "yes" : "no");
    kern::printf("riscv64: Sv39, %u ASID bits, timebase %lu Hz, kernel [%lx, %lx) at %lx\n", asid_bits(),
                 timebase_hz(), info.kernel_image.base, info.kernel_image.end(),
                 reinterpret_cast<word_t>(__kernel_start));
}

}  // namespace

}  // namespace arch

void arch_boot_main(kern::word_t hartid, kern::paddr_t dtb_pa, kern::word_t pa_offset) {
    using namespace arch;
    kernel_pa_offset = pa_offset;
    kern::Cpu_local& cpu = kern::cpus[0];
    cpu.index = 0;
    cpu.arch.hartid = hartid;
    port::set_cpu_local(&cpu);
    csr_write<csr::scounteren>(scounteren_cy_tm_ir);
    sbi::init();

    kern::fdt::Tree dt;
    open_device_tree(dtb_pa, dt);
    kern::Boot_info& info = boot_info;
    read_device_tree(dt, dtb_pa, hartid, info, dt_facts);
    info.kernel_image = kern::Boot_region{port::virt_to_phys(__kernel_start),
                                          static_cast<kern::paddr_t>(__kernel_end - __kernel_start)};
    clip_ram_to_physmap(info.ram);
    if (info.ram.count == 0) kern::boot_error("riscv64: the device tree describes no memory");

    kernel_space_init(info.ram, dt_facts.no_map);
    probe_asids();
    if (dt_facts.timebase_hz == 0) kern::boot_error("riscv64: no timebase-frequency in /cpus");
    timer_init(dt_facts.timebase_hz);

    // dt still works: the blob is RAM, which the real table's physmap has too.
    platform::early_init(dt);
    print_banner(info);
    kern::kernel_main(info);
}
