// SPDX-License-Identifier: BSD-2-Clause
// QEMU pc interrupt controllers (port/platform.hpp): the legacy 8259s are
// remapped and masked, the local APIC takes the timer, the I/O APICs the
// device lines. Interrupt lines are global system interrupts (GSIs).
#include <arch/interrupt.hpp>
#include <arch/port_io.hpp>
#include <drivers/acpi.hpp>
#include <drivers/ioapic.hpp>
#include <drivers/lapic.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>
#include <kern/lib.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/platform.hpp>
#include <kern/trap.hpp>
#include <platform/board.hpp>
#include <platform/interrupts.hpp>

namespace platform {

using namespace board;

constinit drivers::Lapic lapic{};

namespace {

constinit drivers::Ioapic ioapics[drivers::acpi::Madt_info::max_ioapics]{};
constinit unsigned ioapic_count = 0;
constinit unsigned line_count = 0;
constinit bool level_triggered[max_irq_lines]{};

void disable_legacy_pics() {
    // ICW1-ICW4: cascade, vector bases 0x20/0x28, edge triggered, 8086
    // mode; then OCW1 masks every line. A masked 8259 can still raise a
    // spurious IRQ 7/15, which lands on a harmless vector.
    using arch::outb;
    outb(pic_master, 0x11);
    outb(pic_slave, 0x11);
    outb(pic_master + 1, pic_vector_base);
    outb(pic_slave + 1, pic_vector_base + 8);
    outb(pic_master + 1, 4);   // slave on IRQ 2
    outb(pic_slave + 1, 2);
    outb(pic_master + 1, 1);
    outb(pic_slave + 1, 1);
    outb(pic_master + 1, 0xFF);
    outb(pic_slave + 1, 0xFF);
}

drivers::Ioapic* ioapic_of(unsigned gsi) {
    for (unsigned i = 0; i < ioapic_count; ++i)
        if (ioapics[i].owns(gsi)) return &ioapics[i];
    return nullptr;
}

/// Trigger mode and polarity of a GSI: ISA defaults, PCI defaults, or the
/// MADT's override (MPS INTI flags: polarity 1 high / 3 low, trigger 1 edge / 3 level).
void line_mode(const drivers::acpi::Madt_info& madt, unsigned gsi, bool* level, bool* low) {
    *level = gsi >= isa_irqs;
    *low = gsi >= isa_irqs;
    for (unsigned i = 0; i < madt.override_count; ++i) {
        const drivers::acpi::Irq_override& o = madt.override_[i];
        if (o.gsi != gsi) continue;
        unsigned polarity = o.flags & 3, trigger = (o.flags >> 2) & 3;
        if (polarity == 1) *low = false;
        if (polarity == 3) *low = true;
        if (trigger == 1) *level = false;
        if (trigger == 3) *level = true;
    }
}

void device_interrupt(unsigned vector) {
    unsigned line = vector - irq_vector_base;
    // A level-triggered line is masked until its handler acknowledges it
    // (it would fire again at once). An edge-triggered (ISA) line stays
    // unmasked: the I/O APIC drops edges on a masked pin, so a second
    // interrupt during service is remembered by the kernel instead.
    if (line < max_irq_lines && level_triggered[line]) port::irq_mask(line);
    lapic.eoi();
    kern::on_irq(line);
}

void lapic_error(unsigned) {
    kern::printf("[lapic] error interrupt, ESR 0x%x\n", lapic.error_status());
    lapic.eoi();
}

void spurious(unsigned) {}   // no EOI for the spurious vector (SDM 11.9)

void init_ioapics(const drivers::acpi::Madt_info& madt) {
    uint32_t apic_id = port::cpu_local().arch.apic_id;
    for (unsigned i = 0; i < madt.ioapic_count; ++i) {
        const drivers::acpi::Ioapic& info = madt.ioapic[i];
        drivers::Ioapic& io = ioapics[ioapic_count++];
        io.init(port::io_map(info.address, 0x20), info.gsi_base);
        kern::printf("[ioapic] %u at 0x%lx: GSIs %u-%u\n", info.id, info.address, io.gsi_base(),
                     io.gsi_base() + io.pins() - 1);
        for (unsigned pin = 0; pin < io.pins(); ++pin) {
            unsigned gsi = io.gsi_base() + pin;
            if (gsi >= max_irq_lines) break;
            bool level, low;
            line_mode(madt, gsi, &level, &low);
            io.route(pin, static_cast<uint8_t>(irq_vector_base + gsi), apic_id, level, low);
            level_triggered[gsi] = level;
            arch::set_interrupt_handler(irq_vector_base + gsi, device_interrupt);
            line_count = kern::max(line_count, gsi + 1);
        }
    }
}

}  // namespace

void init_interrupt_controllers() {
    disable_legacy_pics();
    const drivers::acpi::Madt_info& madt = drivers::acpi::init();
    lapic.init(port::io_map(madt.lapic_address, 0x1000), spurious_vector, lapic_error_vector);
    arch::set_interrupt_handler(spurious_vector, spurious);
    arch::set_interrupt_handler(lapic_error_vector, lapic_error);
    kern::printf("[lapic] id %u, version 0x%x at 0x%lx\n", lapic.id(), lapic.version(), madt.lapic_address);
    init_ioapics(madt);
    if (ioapic_count == 0) kern::printf("[ioapic] none: no device interrupt lines\n");
}

}  // namespace platform

namespace port {

unsigned irq_lines() { return platform::line_count; }

void irq_mask(unsigned line) {
    if (drivers::Ioapic* io = platform::ioapic_of(line)) io->mask(line - io->gsi_base());
}

// Every GSI an I/O APIC routes is a device line: the kernel's timer is the
// local APIC's own, not a GSI.
bool irq_assignable(unsigned line) {
    return line < platform::line_count && platform::ioapic_of(line) != nullptr;
}

void irq_unmask(unsigned line) {
    if (line >= platform::line_count) return;
    if (drivers::Ioapic* io = platform::ioapic_of(line)) io->unmask(line - io->gsi_base());
}

}  // namespace port
