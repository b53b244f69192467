// SPDX-License-Identifier: BSD-2-Clause
// Interrupt controller and kernel tick on QEMU virt: GICv2 ("arm,cortex-a15-gic",
// "arm,gic-400") or GICv3 ("arm,gic-v3") as the device tree says, and the
// generic timer's PPI from /timer. Dispatches interrupts to the kernel.
#include <arch/platform_hooks.hpp>
#include <arch/sysreg.hpp>
#include <arch/timer.hpp>
#include <drivers/gic_v2.hpp>
#include <drivers/gic_v3.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/panic.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/platform.hpp>
#include <kern/trap.hpp>
#include <platform/interrupts.hpp>

namespace platform {

namespace fdt = kern::fdt;

namespace {

enum class Gic : uint8_t { none, v2, v3 };
constinit Gic gic = Gic::none;
constinit drivers::Gic_v2 gic2;
constinit drivers::Gic_v3 gic3;
unsigned timer_intid = arch::timer::default_intid;

constexpr const char* gic_v2_compatibles[] = {"arm,gic-400", "arm,cortex-a15-gic",
                                              "arm,cortex-a7-gic", "arm,cortex-a9-gic"};

// reg entry i of a node, mapped; panics if the tree lacks it.
volatile void* map_reg(const fdt::Tree& dt, fdt::Node n, unsigned i, kern::paddr_t* base,
                       kern::paddr_t* size) {
    if (!dt.reg(n, i, base, size))
        kern::boot_error("interrupt controller: no reg entry %u in the device tree", i);
    return port::io_map(*base, *size);
}

void init_v3(const fdt::Tree& dt, fdt::Node n) {
    kern::paddr_t dist_pa, dist_size, rd_pa, rd_size;
    volatile void* dist = map_reg(dt, n, 0, &dist_pa, &dist_size);
    volatile void* rd = map_reg(dt, n, 1, &rd_pa, &rd_size);
    uint32_t len = 0;
    const void* s = dt.property(n, "redistributor-stride", &len);
    uint64_t stride = s && (len == 4 || len == 8) ? fdt::Tree::read_cells(s, len / 4) : 0;
    switch (gic3.init(dist, rd, rd_size, stride, arch::read_mpidr())) {
    case drivers::Gic_v3::Status::ok: break;
    case drivers::Gic_v3::Status::no_redistributor:
        kern::boot_error("GICv3: no redistributor for this CPU (MPIDR 0x%lx)", arch::read_mpidr());
    case drivers::Gic_v3::Status::no_system_registers:
        kern::boot_error(
            "GICv3: the ICC system registers are disabled by a higher exception level");
    }
    gic = Gic::v3;
    kern::printf(
        "  interrupts: GICv3, distributor 0x%lx, redistributors 0x%lx (+0x%lx), %u lines\n",
        dist_pa, rd_pa, rd_size, gic3.lines());
}

void init_v2(const fdt::Tree& dt, fdt::Node n) {
    kern::paddr_t dist_pa, dist_size, cpu_pa, cpu_size;
    volatile void* dist = map_reg(dt, n, 0, &dist_pa, &dist_size);
    volatile void* cpu = map_reg(dt, n, 1, &cpu_pa, &cpu_size);
    gic2.init(dist, cpu);
    gic = Gic::v2;
    kern::printf("  interrupts: GICv2, distributor 0x%lx, CPU interface 0x%lx, %u lines\n", dist_pa,
                 cpu_pa, gic2.lines());
}

void mask_line(unsigned line) {
    if (gic == Gic::v3) gic3.mask(line);
    else if (gic == Gic::v2) gic2.mask(line);
}

void unmask_line(unsigned line) {
    if (gic == Gic::v3) gic3.unmask(line);
    else if (gic == Gic::v2) gic2.unmask(line);
}

}  // namespace

void interrupts_init(const fdt::Tree& dt) {
    fdt::Node n = dt.find_compatible("arm,gic-v3");
    if (n != fdt::none) return init_v3(dt, n);
    for (const char* c : gic_v2_compatibles) {
        n = dt.find_compatible(c);
        if (n != fdt::none) return init_v2(dt, n);
    }
    kern::boot_error("no supported interrupt controller (GICv2 or GICv3) in the device tree");
}

void timer_init(const fdt::Tree& dt) {
    // interrupts = <type number flags> per timer; type 1 = PPI (INTID 16 + number).
    fdt::Node n = dt.find_compatible("arm,armv8-timer");
    if (n == fdt::none) n = dt.find_compatible("arm,armv7-timer");
    uint32_t len = 0;
    const auto* cells =
        n == fdt::none ? nullptr : static_cast<const uint8_t*>(dt.property(n, "interrupts", &len));
    constexpr unsigned entry = 12, index = arch::timer::dt_interrupt_index;
    if (cells && len >= (index + 1) * entry) {
        auto type = fdt::Tree::read_cells(cells + index * entry, 1);
        auto number = fdt::Tree::read_cells(cells + index * entry + 4, 1);
        if (type == 1 && number < 16) timer_intid = 16 + static_cast<unsigned>(number);
    }
    arch::timer::start(kern::config::tick_hz);
    unmask_line(timer_intid);
    kern::printf("  timer: generic timer (virtual), INTID %u, counter %lu Hz, tick %u Hz\n",
                 timer_intid, arch::timer::frequency(), kern::config::tick_hz);
}

void handle_irq() {
    uint32_t iar = gic == Gic::v3 ? gic3.acknowledge() : gic2.acknowledge();
    unsigned intid = gic == Gic::v3 ? drivers::Gic_v3::intid(iar) : drivers::Gic_v2::intid(iar);
    if (intid >= 1020) return;   // spurious: nothing pending any more
    if (intid == timer_intid) {
        // Reprogram and end the interrupt before the kernel runs: on_timer_tick
        // may switch threads and not come back here for a while.
        arch::timer::acknowledge();
        if (gic == Gic::v3) gic3.end_of_interrupt(iar);
        else gic2.end_of_interrupt(iar);
        kern::on_timer_tick();
        return;
    }
    // A device line: masked until its handler (user level) is done with it.
    mask_line(intid);
    if (gic == Gic::v3) gic3.end_of_interrupt(iar);
    else gic2.end_of_interrupt(iar);
    kern::on_irq(intid);
}

}  // namespace platform

namespace port {

unsigned irq_lines() {
    using platform::Gic;
    return platform::gic == Gic::v3 ? platform::gic3.lines()
           : platform::gic == Gic::v2 ? platform::gic2.lines() : 0;
}

// SPIs only: SGIs (0-15) are inter-processor interrupts and PPIs (16-31)
// are per CPU, among them the kernel's timer.
bool irq_assignable(unsigned line) {
    return line >= 32 && line < irq_lines() && line != platform::timer_intid;
}

void irq_mask(unsigned line) { platform::mask_line(line); }
void irq_unmask(unsigned line) { platform::unmask_line(line); }

}  // namespace port
