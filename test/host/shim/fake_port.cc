// SPDX-License-Identifier: BSD-2-Clause
// Host implementations of the port contracts (see <host/fake_port.hpp>).
// Linked from a static library, so a test pulls in only what its generic
// code calls; a port function missing here fails the link, loudly.
#include <host/fake_port.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>

#include <kern/cpu_local.hpp>
#include <kern/port/console.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/platform.hpp>
#include <kern/port/syscall.hpp>

namespace {

std::string console_out;
std::string console_in;
size_t console_in_pos = 0;
std::vector<host::Switch> switch_log;
std::vector<kern::paddr_t> space_log;
bool irq_on = false;
uint64_t clock = 0;
kern::Cpu_local* current_cpu = nullptr;

}  // namespace

namespace host {

std::set<unsigned>& irq_unmasked() {
    static std::set<unsigned> lines;
    return lines;
}

const std::string& console_output() { return console_out; }
void console_reset() { console_out.clear(); }
void console_input(const std::string& text) {
    console_in = text;
    console_in_pos = 0;
}
std::vector<Switch>& switches() { return switch_log; }
bool irqs_enabled() { return irq_on; }
void set_clock_us(uint64_t us) { clock = us; }
std::vector<kern::paddr_t>& activated_spaces() { return space_log; }

}  // namespace host

namespace port {

// ---- console.hpp
void console_putc(char c) { console_out += c; }
int console_getc() {
    if (console_in_pos >= console_in.size()) return -1;
    return static_cast<unsigned char>(console_in[console_in_pos++]);
}

// ---- cpu.hpp
void irq_disable() { irq_on = false; }
void irq_enable() { irq_on = true; }
void idle_wait() {}
void set_cpu_local(kern::Cpu_local* cpu) { current_cpu = cpu; }
kern::Cpu_local& cpu_local() {
    if (!current_cpu) {
        std::fprintf(stderr, "fake port: cpu_local() before set_cpu_local()\n");
        std::abort();
    }
    return *current_cpu;
}
void halt_cpu() { throw host::Halted{}; }
void power_off(unsigned status) { throw host::Power_off{status}; }
uint64_t clock_us() { return clock; }

// ---- mmu.hpp: "physical" addresses are host addresses.
void* phys_to_virt(paddr_t pa) { return reinterpret_cast<void*>(pa); }
paddr_t virt_to_phys(const void* kva) { return reinterpret_cast<paddr_t>(kva); }
void init_user_root(void*) {}
void activate_space(paddr_t root_pa, unsigned) { space_log.push_back(root_pa); }
void tlb_flush_page(unsigned, vaddr_t) {}
void tlb_flush_space(unsigned) {}
volatile void* io_map(paddr_t pa, size_t) { return reinterpret_cast<volatile void*>(pa); }

// ---- context.hpp
void context_init_user(arch::Context& ctx, arch::User_frame& frame, word_t ip, word_t sp) {
    ctx = arch::Context{};
    frame = arch::User_frame{};
    frame.set_ip(ip);
    frame.set_sp(sp);
}
void context_init_kernel(arch::Context& ctx, word_t kstack_top, void (*)()) {
    ctx = arch::Context{};
    ctx.sp = kstack_top;
}
void switch_context(arch::Context& from, arch::Context& to, word_t to_kstack_top) {
    ++to.switches_in;
    switch_log.push_back(host::Switch{&from, &to, to_kstack_top});
}
void set_utcb_pointer(word_t, arch::User_frame&) {}
void print_user_frame(const arch::User_frame& frame) {
    kern::word_t ip = frame.ip(), sp = frame.sp();
    char line[64];
    std::snprintf(line, sizeof line, "ip=%#lx sp=%#lx\n", ip, sp);
    console_out += line;
}

// ---- syscall.hpp: slot n holds the byte n, so tests can tell stubs apart.
void kip_syscall_stubs(uint8_t* area, size_t size, word_t (&offsets)[WALNUT_SYS_COUNT]) {
    for (unsigned n = 0; n < WALNUT_SYS_COUNT; ++n) {
        size_t slot = size_t{n} * WALNUT_KIP_STUB_SLOT_SIZE;
        if (slot + WALNUT_KIP_STUB_SLOT_SIZE > size) {
            std::fprintf(stderr, "fake port: KIP stub area too small\n");
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
// Line 0 stands for a line the kernel keeps (a GIC SGI, PLIC source 0).
bool irq_assignable(unsigned line) { return line > 0 && line < irq_lines(); }

}  // namespace port
