// SPDX-License-Identifier: BSD-2-Clause
// PSCI calls through the SMC Calling Convention (Arm DEN 0028): function id
// in x0, arguments in x1-x3, result in x0; x0-x17 may be clobbered.
#include <arch/psci.hpp>
#include <kern/lib.hpp>

namespace arch::psci {

namespace {

enum class Conduit : uint8_t { none, hvc, smc };
Conduit conduit = Conduit::none;

constexpr kern::word_t fn_system_off = 0x84000008;

}  // namespace

void init(const kern::fdt::Tree& dt) {
    kern::fdt::Node n = dt.find_path("/psci");
    if (n == kern::fdt::none) return;
    const char* method = dt.property_string(n, "method");
    if (!method) return;
    if (kern::strcmp(method, "hvc") == 0) conduit = Conduit::hvc;
    else if (kern::strcmp(method, "smc") == 0) conduit = Conduit::smc;
}

bool available() { return conduit != Conduit::none; }

kern::word_t call(kern::word_t function, kern::word_t a1, kern::word_t a2, kern::word_t a3) {
    register kern::word_t x0 asm("x0") = function;
    register kern::word_t x1 asm("x1") = a1;
    register kern::word_t x2 asm("x2") = a2;
    register kern::word_t x3 asm("x3") = a3;
    if (conduit == Conduit::hvc) {
        asm volatile("hvc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
                       "x15", "x16", "x17", "memory");
    } else if (conduit == Conduit::smc) {
        asm volatile("smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
                       "x15", "x16", "x17", "memory");
    } else {
        return ~kern::word_t{0};   // NOT_SUPPORTED
    }
    return x0;
}

void system_off() {
    if (conduit != Conduit::none) call(fn_system_off, 0, 0, 0);
}

}  // namespace arch::psci
