// SPDX-License-Identifier: BSD-2-Clause
// FPU/SSE/AVX enabling and lazy switching. The kernel itself is built
// without FP/SIMD code, so the registers always hold the state of this
// CPU's FPU owner: the thread that last used FP/SIMD here, whoever ran since.
#include <arch/context.hpp>
#include <arch/cpu.hpp>
#include <arch/cpu_data.hpp>
#include <arch/fpu.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>

namespace arch {

namespace {

constexpr uint64_t xcr0_x87 = 1, xcr0_sse = 2, xcr0_avx = 4;

// Offsets in the legacy (FXSAVE) region, shared by the XSAVE layout.
constexpr size_t fcw_offset = 0;
constexpr size_t mxcsr_offset = 24;
constexpr uint16_t fcw_default = 0x037F;   // all x87 exceptions masked, 64-bit precision
constexpr uint32_t mxcsr_default = 0x1F80; // all SSE exceptions masked, round to nearest

constinit bool use_xsave = false;
constinit uint64_t xcr0 = 0;
constinit uint32_t xsave_size = 512;

}  // namespace

void fpu_init() {
    // CR0: MP|NE set and EM|TS clear (cpu_init_control_registers); CR4:
    // FXSAVE/SSE exceptions, and XSAVE if present.
    word_t cr4 = read_cr4() | cr4_osfxsr | cr4_osxmmexcpt;
    if (cpu_features.xsave) cr4 |= cr4_osxsave;
    write_cr4(cr4);
    if (!cpu_features.xsave) {
        use_xsave = false;
        asm volatile("fninit");
        return;
    }
    // Components x87 + SSE (+ AVX): AVX-512 and the rest would not fit
    // Context::fpu and are left disabled (their instructions raise #UD).
    uint64_t want = xcr0_x87 | xcr0_sse;
    uint64_t supported = cpuid(0xD, 0).eax;
    if (cpu_features.avx && (supported & xcr0_avx)) want |= xcr0_avx;
    xsetbv(0, want);
    uint32_t size = cpuid(0xD, 0).ebx;   // bytes needed for the enabled set
    if (size > fpu_area_size) {
        want = xcr0_x87 | xcr0_sse;
        xsetbv(0, want);
        size = cpuid(0xD, 0).ebx;
    }
    check(size <= fpu_area_size);
    use_xsave = true;
    xcr0 = want;
    xsave_size = size;
    asm volatile("fninit");
}

void fpu_init_image(uint8_t* area) {
    // A zero XSAVE header (XSTATE_BV = 0) makes XRSTOR load every component
    // in its initial state, except MXCSR, which it always takes from the
    // legacy region; FXRSTOR takes FCW and MXCSR from there as well.
    memset(area, 0, fpu_area_size);
    memcpy(area + fcw_offset, &fcw_default, sizeof(fcw_default));
    memcpy(area + mxcsr_offset, &mxcsr_default, sizeof(mxcsr_default));
}

namespace {

// CR0.TS must be clear: XSAVE/XRSTOR raise #NM themselves otherwise.
void save(uint8_t* area) {
    if (use_xsave)
        asm volatile("xsave64 (%0)" : : "r"(area), "a"(0xFFFFFFFFu), "d"(0xFFFFFFFFu) : "memory");
    else
        asm volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void restore(const uint8_t* area) {
    if (use_xsave)
        asm volatile("xrstor64 (%0)" : : "r"(area), "a"(0xFFFFFFFFu), "d"(0xFFFFFFFFu) : "memory");
    else
        asm volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

}  // namespace

void fpu_set_disabled(Cpu_data& cpu, bool disabled) {
    if (disabled)
        write_cr0(read_cr0() | cr0_ts);
    else
        asm volatile("clts" ::: "memory");
    cpu.fpu_disabled = disabled;
}

void fpu_claim(Cpu_data& cpu, Context& current) {
    fpu_set_disabled(cpu, false);
    if (cpu.fpu_owner == &current) return;   // TS was set needlessly: nothing to move
    if (cpu.fpu_owner) save(cpu.fpu_owner->fpu);
    restore(current.fpu);
    cpu.fpu_owner = &current;
}

void fpu_forget(const Context& ctx) {
    // The registers keep the old values until the next owner's XRSTOR,
    // which replaces every enabled component: nothing leaks.
    for (kern::Cpu_local& c : kern::cpus)
        if (c.arch.fpu_owner == &ctx) c.arch.fpu_owner = nullptr;
}

Context::~Context() { fpu_forget(*this); }

void fpu_describe() {
    if (use_xsave)
        kern::printf("[x86] FPU: xsave, components x87+sse%s, %u of %zu bytes, lazy switch (#NM)\n",
                     (xcr0 & xcr0_avx) ? "+avx" : "", xsave_size, fpu_area_size);
    else
        kern::printf("[x86] FPU: fxsave (no xsave), 512 bytes, lazy switch (#NM)\n");
}

}  // namespace arch
