// SPDX-License-Identifier: BSD-2-Clause
// qemu-virt-riscv64 devices for the generic kernel (port/platform.hpp): the
// PLIC routed to the boot hart's S-mode context, the SBI timer tick, and
// the early console and exit device (early_init).
#include <arch/cpu.hpp>
#include <arch/hooks.hpp>
#include <arch/timer.hpp>
#include <drivers/plic.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/fdt.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/platform.hpp>
#include <kern/trap.hpp>
#include <platform/board.hpp>
#include "board_devices.hpp"

namespace platform {

namespace {

using kern::fdt::Node;
using kern::fdt::Tree;

drivers::Plic plic;
unsigned plic_context = 0;  // boot hart, S-mode; all lines are routed there

// The hart's own interrupt controller ("riscv,cpu-intc" child of its cpu node).
uint32_t hart_intc_phandle(const Tree& dt, kern::word_t hartid) {
    Node cpus = dt.find_path("/cpus");
    if (cpus == kern::fdt::none) return 0;
    for (Node cpu = dt.first_child(cpus); cpu != kern::fdt::none; cpu = dt.next_sibling(cpu)) {
        if (dt.property_u32(cpu, "reg", ~0u) != hartid) continue;
        for (Node c = dt.first_child(cpu); c != kern::fdt::none; c = dt.next_sibling(c)) {
            if (dt.compatible(c, "riscv,cpu-intc")) return dt.property_u32(c, "phandle", 0);
        }
    }
    return 0;
}

// The PLIC context whose interrupts-extended entry is (this hart's
// controller, S-mode external interrupt). Entries are <phandle irq> pairs,
// one per context, since cpu-intc has #interrupt-cells = 1.
bool find_context(const Tree& dt, Node plic_node, kern::word_t hartid, unsigned* context) {
    uint32_t phandle = hart_intc_phandle(dt, hartid);
    uint32_t len;
    auto* cells = static_cast<const uint8_t*>(dt.property(plic_node, "interrupts-extended", &len));
    if (!phandle || !cells) return false;
    for (unsigned i = 0; (i + 1) * 8 <= len; ++i) {
        uint64_t ph = Tree::read_cells(cells + i * 8, 1);
        uint64_t irq = Tree::read_cells(cells + i * 8 + 4, 1);
        if (ph == phandle && irq == board::hart_irq_s_external) {
            *context = i;
            return true;
        }
    }
    return false;
}

Node find_plic(const Tree& dt) {
    for (const char* compat : board::plic_compatibles) {
        Node n = dt.find_compatible(compat);
        if (n != kern::fdt::none) return n;
    }
    return kern::fdt::none;
}

void plic_init(const Tree& dt) {
    Node n = find_plic(dt);
    kern::paddr_t base, size;
    if (n == kern::fdt::none || !dt.reg(n, 0, &base, &size)) kern::boot_error("plic: not in the device tree");
    unsigned ndev = dt.property_u32(n, "riscv,ndev", 0);
    kern::word_t hartid = port::cpu_local().arch.hartid;
    if (!find_context(dt, n, hartid, &plic_context))
        kern::boot_error("plic: no S-mode context for hart %lu", hartid);
    port::cpu_local().arch.irq_context = plic_context;
    plic.init(port::io_map(base, size), ndev);
    plic.init_context(plic_context);
    arch::csr_set<arch::csr::sie>(arch::sie_seie);
    kern::printf("plic: at %lx, %u sources (all masked), hart %lu S-mode context %u\n", base, ndev, hartid,
                 plic_context);
}

}  // namespace

void early_init(const Tree& dt) {
    console_init(dt);
    power_init(dt);
}

void external_interrupt() {
    // Masked before completion: the line stays quiet until the user-level
    // handler has served the device and irq_unmask is called.
    while (unsigned line = plic.claim(plic_context)) {
        plic.disable(plic_context, line);
        plic.complete(plic_context, line);
        kern::on_irq(line);
    }
}

}  // namespace platform

namespace port {

void platform_init(const kern::Boot_info& info) {
    const void* blob = port::phys_to_virt(info.dtb);
    kern::fdt::Tree dt;
    if (!info.dtb || !dt.init(blob, 2 * kern::MiB)) kern::boot_error("platform: device tree lost");
    platform::plic_init(dt);
    arch::timer_start(kern::config::tick_hz);
    kern::printf("timer: SBI set_timer, %u Hz from timebase %lu Hz\n", kern::config::tick_hz,
                 arch::timebase_hz());
}

/// PLIC sources are 1..ndev; line 0 means "no interrupt" and never fires.
unsigned irq_lines() { return platform::plic.sources() + 1; }

/// Every PLIC source is a device line (the timer is the SBI's, not the PLIC's).
bool irq_assignable(unsigned line) { return line >= 1 && line < irq_lines(); }

void irq_mask(unsigned line) { platform::plic.disable(platform::plic_context, line); }

void irq_unmask(unsigned line) { platform::plic.enable(platform::plic_context, line); }

}  // namespace port
