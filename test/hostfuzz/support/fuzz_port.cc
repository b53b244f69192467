// SPDX-License-Identifier: BSD-2-Clause
// The port contracts (kern/port/*.hpp) for the fuzz targets: those the
// host builds share come from test/host/shim/port_common.cc (with the arch
// stand-ins of test/host/shim/include); here are the ones that differ from
// the unit tests' fakes (test/host/shim/fake_port.cc) in what a fuzzer needs: physical memory the kernel may read is backed (host memory
// at the same address for RAM, kmem and registered buffers; one scratch
// page for device memory anywhere else, so a user mapping of any "device"
// address cannot make the kernel touch memory the process does not own);
// ending the machine throws, so a target can tell a boot error it provoked
// from a panic; and a thread entering user mode is a harness error.
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_port.hpp"
#include "fuzz_support.hpp"

#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/kip.hpp>
#include <kern/kmem.hpp>
#include <kern/port/console.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/trap.hpp>

namespace kern {
// init.cc (kernel_main, not linked) defines them in a kernel.
Cpu_local cpus[config::max_cpus];
}  // namespace kern

namespace hostfuzz {

namespace {

std::string console;
std::vector<std::pair<paddr_t, size_t>> identity;
alignas(4096) uint8_t device_page[kern::page_size];

// One host stack per kernel context (see fuzz_port.hpp).
struct Fiber {
    ucontext_t uc;
    void* stack = nullptr;   // lowest address
    size_t size = 0;
    void (*entry)() = nullptr;   // kernel entry; nullptr = enter user mode
};
constexpr size_t fiber_stack = 512 * 1024;   // sanitizer frames are large
bool contexts = false;
void (*user_entry)() = nullptr;
const arch::Context* idle_context = nullptr;
Fiber idle_fiber;
Fiber* running = &idle_fiber;
std::map<const arch::Context*, std::unique_ptr<Fiber>> fibers;
unsigned long switches = 0;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "hostfuzz: %s\n", what);
    std::abort();
}

Fiber& fiber_of(const arch::Context& c) {
    if (&c == idle_context) return idle_fiber;
    auto it = fibers.find(&c);
    if (it == fibers.end()) die("switch to a kernel context that was never initialised");
    return *it->second;
}

void fiber_start() {
    __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
    Fiber* self = running;
    if (self->entry) self->entry();
    else user_entry();
    die("a thread's first function returned");
}

void prepare(const arch::Context& ctx, void (*entry)()) {
    if (!contexts) return;
    std::unique_ptr<Fiber>& f = fibers[&ctx];
    if (!f) {
        f = std::make_unique<Fiber>();
        f->size = fiber_stack;
        f->stack = mmap(nullptr, fiber_stack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (f->stack == MAP_FAILED) die("no memory for a thread's host stack");
    } else if (f.get() == running) {
        die("a running thread's context was initialised again");
    }
    // Frames of an abandoned run may still be poisoned.
    __asan_unpoison_memory_region(f->stack, f->size);
    f->entry = entry;
    getcontext(&f->uc);
    f->uc.uc_stack.ss_sp = f->stack;
    f->uc.uc_stack.ss_size = f->size;
    f->uc.uc_link = nullptr;
    makecontext(&f->uc, fiber_start, 0);
}

void switch_fibers(Fiber& from, Fiber& to) {
    ++switches;
    void* fake = nullptr;
    running = &to;
    __sanitizer_start_switch_fiber(&fake, to.stack, to.size);
    swapcontext(&from.uc, &to.uc);
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
}

bool identity_mapped(paddr_t pa) {
    if (pa - ram_base < ram_size || kern::kmem.contains(reinterpret_cast<const void*>(pa)) ||
        pa - kern::kip_phys() < kern::page_size)
        return true;
    for (auto [base, size] : identity)
        if (pa - base < size) return true;
    return false;
}

}  // namespace

const std::string& console_text() { return console; }
void console_reset() { console.clear(); }
void add_identity_range(paddr_t base, size_t size) { identity.emplace_back(base, size); }
void clear_identity_ranges() { identity.clear(); }
void set_clock_us(uint64_t us) { host::set_clock_us(us); }
uint64_t clock_us() { return host::clock_us(); }

void enable_contexts(arch::Context& idle, void (*entry)()) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0 ||
        pthread_attr_getstack(&attr, &idle_fiber.stack, &idle_fiber.size) != 0)
        die("cannot find the main stack");
    pthread_attr_destroy(&attr);
    idle_context = &idle;
    user_entry = entry;
    running = &idle_fiber;
    contexts = true;
}

void leave_to_idle() {
    if (running == &idle_fiber) die("leave_to_idle on the idle stack");
    Fiber& from = *running;
    running = &idle_fiber;
    // Leaving for good: no fake stack to keep.
    __sanitizer_start_switch_fiber(nullptr, idle_fiber.stack, idle_fiber.size);
    swapcontext(&from.uc, &idle_fiber.uc);
    die("an abandoned thread was resumed");
}

unsigned long switch_count() { return switches; }

}  // namespace hostfuzz

namespace port {

using hostfuzz::Machine_off;

// ---- console.hpp
void console_putc(char c) { hostfuzz::console += c; }
int console_getc() { return -1; }
bool console_input_claimed() { return false; }

// ---- cpu.hpp
void halt_cpu() { throw Machine_off{~0u}; }
void power_off(unsigned status) { throw Machine_off{status}; }

// ---- mmu.hpp
void* phys_to_virt(paddr_t pa) {
    if (hostfuzz::identity_mapped(pa)) return reinterpret_cast<void*>(pa);
    return hostfuzz::device_page + (pa & (kern::page_size - 1));
}
void activate_space(paddr_t, unsigned) {}

// ---- context.hpp: see "Threads that really run" in fuzz_port.hpp.
void context_init_user(arch::Context& ctx, arch::User_frame& frame, word_t ip, word_t sp) {
    ctx = arch::Context{};
    frame = arch::User_frame{};
    frame.set_ip(ip);
    frame.set_sp(sp);
    hostfuzz::prepare(ctx, nullptr);
}
void context_init_kernel(arch::Context& ctx, word_t kstack_top, void (*entry)()) {
    ctx = arch::Context{};
    ctx.sp = kstack_top;
    hostfuzz::prepare(ctx, entry);
}
void switch_context(arch::Context& from, arch::Context& to, word_t) {
    ++to.switches_in;
    if (!hostfuzz::contexts) return;
    hostfuzz::Fiber& f = hostfuzz::fiber_of(from);
    if (&f != hostfuzz::running) hostfuzz::die("switch from a kernel context that is not running");
    hostfuzz::switch_fibers(f, hostfuzz::fiber_of(to));
}
void return_to_user(arch::User_frame&) {
    if (!hostfuzz::contexts) hostfuzz::die("port::return_to_user without real threads");
    hostfuzz::user_entry();
    hostfuzz::die("user mode returned");
}
void print_user_frame(const arch::User_frame& frame) {
    char line[64];
    std::snprintf(line, sizeof line, "ip=%#lx sp=%#lx\n", frame.ip(), frame.sp());
    hostfuzz::console += line;
}

}  // namespace port

namespace kern {
// symbols.cc reads the kernel's patched .ksyms section, which a host
// program does not have; faults in the kernel stop the run anyway.
void print_symbol(word_t pc) { printf("%#lx", pc); }
}  // namespace kern
