// SPDX-License-Identifier: BSD-2-Clause
// The IDT (one for all CPUs) and the table of interrupt handlers the
// platform registers for its vectors.
#include <arch/entry.hpp>
#include <arch/gdt.hpp>
#include <arch/interrupt.hpp>
#include <kern/console.hpp>

namespace arch {

namespace {

struct Gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;   // P | DPL | type
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};
static_assert(sizeof(Gate) == 16);

constexpr unsigned stub_size = 16;   // see x86_trap_stubs in entry.S
constexpr uint8_t interrupt_gate = 0x8E;   // present, DPL 0, 64-bit interrupt gate
constexpr uint8_t user_dpl = 3 << 5;

alignas(16) constinit Gate idt[vector_count]{};
constinit Interrupt_handler handlers[vector_count]{};
constinit bool reported_unexpected[vector_count]{};

void set_gate(unsigned vector, unsigned dpl, unsigned ist,
              uint64_t target = 0) {
    if (!target) target = reinterpret_cast<uint64_t>(x86_trap_stubs) + vector * stub_size;
    idt[vector] = Gate{static_cast<uint16_t>(target), X86_KERNEL_CS, static_cast<uint8_t>(ist),
                       static_cast<uint8_t>(interrupt_gate | (dpl ? user_dpl : 0)),
                       static_cast<uint16_t>(target >> 16), static_cast<uint32_t>(target >> 32), 0};
}

}  // namespace

void idt_init() {
    // All gates are interrupt gates (IF cleared on entry): the kernel runs
    // with interrupts off. Only int3 may be raised by user code (KDB,
    // amd64 binding section 12); any other 'int n' from user mode is a #GP.
    for (unsigned v = 0; v < vector_count; ++v) set_gate(v, 0, 0);
    set_gate(vec_bp, 3, 0);
    set_gate(vec_df, 0, ist_double_fault);
    set_gate(vec_nmi, 0, ist_nmi);
    set_gate(vec_mc, 0, ist_nmi);
    // #NM: the glue's entry answers the lazy FPU's common case itself.
    set_gate(vec_nm, 0, 0, reinterpret_cast<uint64_t>(walnut_nm_entry));
    idt_load();
}

void idt_load() {
    struct [[gnu::packed]] {
        uint16_t limit;
        uint64_t base;
    } idtr{sizeof(idt) - 1, reinterpret_cast<uint64_t>(idt)};
    asm volatile("lidt %0" : : "m"(idtr));
}

void set_interrupt_handler(unsigned vector, Interrupt_handler handler) {
    if (vector >= exception_vectors && vector < vector_count) handlers[vector] = handler;
}

void dispatch_interrupt(unsigned vector) {
    if (vector < vector_count && handlers[vector]) {
        handlers[vector](vector);
        return;
    }
    // Legacy-PIC spurious interrupts and the like: harmless, but say so once.
    if (vector < vector_count && !reported_unexpected[vector]) {
        reported_unexpected[vector] = true;
        kern::printf("[x86] unexpected interrupt vector %u (ignored)\n", vector);
    }
}

const char* exception_name(unsigned vector) {
    static constexpr const char* names[exception_vectors] = {
        "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
        "#BR bound range", "#UD invalid opcode", "#NM device not available", "#DF double fault",
        "coprocessor segment overrun", "#TS invalid TSS", "#NP segment not present",
        "#SS stack fault", "#GP general protection", "#PF page fault", "reserved (15)",
        "#MF x87 floating point", "#AC alignment check", "#MC machine check",
        "#XM SIMD floating point", "#VE virtualization", "#CP control protection",
        "reserved (22)", "reserved (23)", "reserved (24)", "reserved (25)", "reserved (26)",
        "reserved (27)", "#HV hypervisor injection", "#VC VMM communication",
        "#SX security", "reserved (31)"};
    return vector < exception_vectors ? names[vector] : "interrupt";
}

}  // namespace arch
