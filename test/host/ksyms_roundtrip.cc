// SPDX-License-Identifier: BSD-2-Clause
// End-to-end check of the kernel's symbol lookup: this program carries the
// kernel's .ksyms section (symbols.cc), is patched by tools/ksyms.py after
// linking exactly like kernel.elf, and then asks kern::print_symbol to name
// its own functions. Plain main(): GoogleTest's many long names would only
// crowd the section. Exit status 0 = all checks passed.
#include <cstdio>
#include <cstring>
#include <string>

#include <host/fake_port.hpp>
#include <kern/trap.hpp>

namespace kern {
extern uint8_t ksyms_blob[];
}

extern "C" [[gnu::noinline]] int walnut_probe_function(int x) {
    return x * 3 + 1;
}

namespace probe {
[[gnu::noinline]] long second_function(long y) {
    return y ^ 0x5a;
}
[[gnu::noinline]] void third_function() {
    std::puts("third");
}
}  // namespace probe

namespace {

int failures = 0;

std::string symbol_of(kern::word_t pc) {
    host::console_reset();
    kern::print_symbol(pc);
    return host::console_output();
}

void expect(const std::string& got, const std::string& want) {
    bool ok = got == want;
    std::printf("%s: print_symbol gave '%s'%s%s%s\n", ok ? "ok" : "FAILED", got.c_str(),
                ok ? "" : ", expected '", ok ? "" : want.c_str(), ok ? "" : "'");
    failures += ok ? 0 : 1;
}

std::string hex(kern::word_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%lx", v);
    return buf;
}

}  // namespace

int main() {
    uint32_t magic;
    std::memcpy(&magic, kern::ksyms_blob, sizeof magic);
    if (magic != 0x4D59534B) {
        std::printf("FAILED: .ksyms was not patched by tools/ksyms.py (magic %#x)\n", magic);
        return 1;
    }
    auto probe = reinterpret_cast<kern::word_t>(&walnut_probe_function);
    auto second = reinterpret_cast<kern::word_t>(&probe::second_function);
    auto third = reinterpret_cast<kern::word_t>(&probe::third_function);
    expect(symbol_of(probe), hex(probe) + " <walnut_probe_function+0x0>");
    expect(symbol_of(probe + 5), hex(probe + 5) + " <walnut_probe_function+0x5>");
    expect(symbol_of(second), hex(second) + " <_ZN5probe15second_functionEl+0x0>");
    expect(symbol_of(third + 1), hex(third + 1) + " <_ZN5probe14third_functionEv+0x1>");
    expect(symbol_of(0x10), "0x10");   // below every symbol: the raw address
    return failures == 0 ? 0 : 1;
}
