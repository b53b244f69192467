// SPDX-License-Identifier: BSD-2-Clause
// Host implementations of the port contracts that behave the same in every
// host build (see <host/port_common.hpp>): no-ops for hardware the host does
// not have, the per-CPU pointer, a settable clock, the KIP's system-call
// stubs. Linked from a static library, so a program pulls in only what its
// generic code calls; a port function missing everywhere fails the link.
#include <host/port_common.hpp>

#include <cstdio>
#include <cstdlib>

#include <kern/cpu_local.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/exception.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/platform.hpp>
#include <kern/port/reset.hpp>
#include <kern/port/syscall.hpp>

namespace {

bool irq_on = false;
uint64_t clock = 0;
kern::Cpu_local* current_cpu = nullptr;

}  // namespace

namespace host {

std::set<unsigned>& irq_unmasked() {
    static std::set<unsigned> lines;
    return lines;
}

bool irqs_enabled() { return irq_on; }
void set_clock_us(uint64_t us) { clock = us; }
uint64_t clock_us() { return clock; }

}  // namespace host

namespace port {

// ---- cpu.hpp
void irq_disable() { irq_on = false; }
void irq_enable() { irq_on = true; }
void idle_wait() {}
void set_cpu_local(kern::Cpu_local* cpu) { current_cpu = cpu; }
kern::Cpu_local& cpu_local() {
    if (!current_cpu) {
        std::fprintf(stderr, "host port: cpu_local() before set_cpu_local()\n");
        std::abort();
    }
    return *current_cpu;
}
uint16_t elf_machine() { return host::elf_machine; }
uint64_t clock_us() { return clock; }

// ---- mmu.hpp: "physical" addresses are host addresses.
paddr_t virt_to_phys(const void* kva) { return reinterpret_cast<paddr_t>(kva); }
void init_user_root(void*) {}
void tlb_flush_page(unsigned, vaddr_t) {}
void tlb_flush_space(unsigned) {}
void sync_instruction_memory(const void*, size_t) {}
volatile void* io_map(paddr_t pa, size_t) { return reinterpret_cast<volatile void*>(pa); }

// ---- context.hpp
void set_utcb_pointer(word_t, arch::User_frame&) {}
word_t user_flags(const arch::User_frame&) { return 0; }
void set_user_flags(arch::User_frame&, word_t) {}

// ---- syscall.hpp: slot n holds the byte n, so tests can tell stubs apart.
void kip_syscall_stubs(uint8_t* area, size_t size, word_t (&offsets)[WALNUT_SYS_COUNT]) {
    for (unsigned n = 0; n < WALNUT_SYS_COUNT; ++n) {
        size_t slot = size_t{n} * WALNUT_KIP_STUB_SLOT_SIZE;
        if (slot + WALNUT_KIP_STUB_SLOT_SIZE > size) {
            std::fprintf(stderr, "host port: KIP stub area too small\n");
            std::abort();
        }
        for (size_t i = 0; i < WALNUT_KIP_STUB_SLOT_SIZE; ++i) area[slot + i] = static_cast<uint8_t>(n);
        offsets[n] = WALNUT_KIP_STUBS_OFFSET + slot;
    }
}

// ---- platform.hpp
void platform_init(const kern::Boot_info&) {}
unsigned irq_lines() { return 64; }
void irq_mask(unsigned line) { host::irq_unmasked().erase(line); }
void irq_unmask(unsigned line) { host::irq_unmasked().insert(line); }
// Lines 1.. may be given to user-level handlers, as on a PLIC.
bool irq_assignable(unsigned line) { return line >= 1 && line < irq_lines(); }

// ---- exception.hpp: the host frame has an IP and an SP, MR1 and MR2.
unsigned exception_fill(const arch::User_frame& frame, const kern::User_fault&, word_t* mr) {
    mr[1] = frame.ip();
    mr[2] = frame.sp();
    return 2;
}
void exception_load(arch::User_frame& frame, const word_t* mr) {
    frame.set_ip(mr[1]);
    frame.set_sp(mr[2]);
}

// ---- reset.hpp: a reboot ends the host run like a power-off with status 0xfe.
void reboot() { power_off(0xfe); }

}  // namespace port
