// SPDX-License-Identifier: BSD-2-Clause
// Host implementations of the port contracts (see <host/fake_port.hpp>)
// whose behaviour the unit tests look at; the rest, shared with the fuzz
// targets, are in port_common.cc. Linked from a static library, so a test
// pulls in only what its generic code calls; a port function missing here
// and there fails the link, loudly.
#include <host/fake_port.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>

#include <kern/cpu_local.hpp>
#include <kern/port/console.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>

namespace {

std::string console_out;
std::string console_in;
size_t console_in_pos = 0;
bool console_claimed = false;
std::vector<host::Switch> switch_log;
std::vector<kern::paddr_t> space_log;

}  // namespace

namespace host {

const std::string& console_output() { return console_out; }
void console_reset() { console_out.clear(); }
void console_input(const std::string& text) {
    console_in = text;
    console_in_pos = 0;
}
void console_claim(bool claimed) { console_claimed = claimed; }
std::vector<Switch>& switches() { return switch_log; }
std::vector<kern::paddr_t>& activated_spaces() { return space_log; }

}  // namespace host

namespace port {

// ---- console.hpp
void console_putc(char c) { console_out += c; }
int console_getc() {
    if (console_in_pos >= console_in.size()) return -1;
    return static_cast<unsigned char>(console_in[console_in_pos++]);
}

bool console_input_claimed() { return console_claimed; }

// ---- cpu.hpp
void halt_cpu() { throw host::Halted{}; }
void power_off(unsigned status) { throw host::Power_off{status}; }

// ---- mmu.hpp: "physical" addresses are host addresses.
void* phys_to_virt(paddr_t pa) { return reinterpret_cast<void*>(pa); }
void activate_space(paddr_t root_pa, unsigned) { space_log.push_back(root_pa); }

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
void print_user_frame(const arch::User_frame& frame) {
    kern::word_t ip = frame.ip(), sp = frame.sp();
    char line[64];
    std::snprintf(line, sizeof line, "ip=%#lx sp=%#lx\n", ip, sp);
    console_out += line;
}

}  // namespace port
