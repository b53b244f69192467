// SPDX-License-Identifier: BSD-2-Clause
// SBI calls (SBI spec v2.0 calling convention: a7 = extension, a6 =
// function, result in a0/a1). Extensions are probed once at boot.
#include <arch/sbi.hpp>

namespace arch::sbi {

namespace {

constexpr long base_get_spec_version = 0;
constexpr long base_probe_extension = 3;
constexpr long hsm_hart_get_status = 2;
constexpr long srst_system_reset = 0;
constexpr long err_not_supported = -2;

struct Probed {
    unsigned long version = 1;  // v0.1 until the base extension says more
    bool time = false;
    bool hsm = false;
    bool srst = false;
};
Probed probed;

bool probe(long ext) {
    Result r = call(ext_base, base_probe_extension, static_cast<unsigned long>(ext));
    return r.error == 0 && r.value != 0;
}

// Legacy calls return their result in a0 only.
long legacy(long ext, unsigned long arg = 0) { return call(ext, 0, arg).error; }

}  // namespace

Result call(long ext, long fid, unsigned long a0, unsigned long a1, unsigned long a2) {
    register unsigned long r0 asm("a0") = a0;
    register unsigned long r1 asm("a1") = a1;
    register unsigned long r2 asm("a2") = a2;
    register long r6 asm("a6") = fid;
    register long r7 asm("a7") = ext;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return Result{static_cast<long>(r0), static_cast<long>(r1)};
}

void init() {
    Result v = call(ext_base, base_get_spec_version);
    if (v.error != 0) return;  // v0.1 firmware: legacy calls only
    probed.version = static_cast<unsigned long>(v.value);
    probed.time = probe(ext_time);
    probed.hsm = probe(ext_hsm);
    probed.srst = probe(ext_srst);
}

unsigned long spec_version() { return probed.version; }
bool has_time() { return probed.time; }
bool has_hsm() { return probed.hsm; }
bool has_srst() { return probed.srst; }

void set_timer(uint64_t stime) {
    if (probed.time) {
        call(ext_time, 0, stime);
    } else {
        legacy(legacy_set_timer, stime);
    }
}

long hart_status(unsigned long hartid) {
    if (!probed.hsm) return err_not_supported;
    Result r = call(ext_hsm, hsm_hart_get_status, hartid);
    return r.error ? r.error : r.value;
}

void system_reset(unsigned long type, unsigned long reason) {
    if (probed.srst) call(ext_srst, srst_system_reset, type, reason);
    if (type == 0) legacy(legacy_shutdown);
}

void console_putchar(char c) { legacy(legacy_console_putchar, static_cast<unsigned char>(c)); }

int console_getchar() {
    long c = legacy(legacy_console_getchar);
    return c < 0 ? -1 : static_cast<int>(c);
}

}  // namespace arch::sbi
