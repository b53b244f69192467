// SPDX-License-Identifier: BSD-2-Clause
// RISC-V PLIC: register layout and the mask / claim / complete protocol.
#include <drivers/plic.hpp>

namespace drivers {

namespace {

// Register map (PLIC spec 1.0.0, section 3).
constexpr uintptr_t priority_base = 0x0;        // 4 bytes per source
constexpr uintptr_t enable_base = 0x2000;       // 0x80 bytes per context
constexpr uintptr_t enable_stride = 0x80;
constexpr uintptr_t context_base = 0x200000;    // 0x1000 bytes per context
constexpr uintptr_t context_stride = 0x1000;
constexpr uintptr_t threshold = 0x0;
constexpr uintptr_t claim_complete = 0x4;

constexpr uintptr_t enable_word(unsigned context, unsigned source) {
    return enable_base + context * enable_stride + (source / 32) * 4;
}
constexpr uintptr_t context_reg(unsigned context, uintptr_t reg) {
    return context_base + context * context_stride + reg;
}

}  // namespace

void Plic::init(volatile void* base, unsigned ndev) {
    _base = base;
    _ndev = ndev;
    for (unsigned s = 1; s <= _ndev; ++s) *reg(priority_base + 4 * s) = 1;
}

void Plic::init_context(unsigned context) const {
    for (unsigned s = 0; s <= _ndev; s += 32) *reg(enable_word(context, s)) = 0;
    *reg(context_reg(context, threshold)) = 0;
}

void Plic::enable(unsigned context, unsigned source) const {
    if (!valid(source)) return;
    *reg(enable_word(context, source)) = *reg(enable_word(context, source)) | (1u << (source % 32));
    // A source that is already pending must interrupt now. QEMU's PLIC (7.2)
    // re-evaluates its output only on some register writes, not on enable
    // writes: rewriting the threshold makes it look (harmless on hardware).
    volatile uint32_t* t = reg(context_reg(context, threshold));
    *t = *t;
}

void Plic::disable(unsigned context, unsigned source) const {
    if (!valid(source)) return;
    *reg(enable_word(context, source)) = *reg(enable_word(context, source)) & ~(1u << (source % 32));
}

unsigned Plic::claim(unsigned context) const { return *reg(context_reg(context, claim_complete)); }

void Plic::complete(unsigned context, unsigned source) const {
    *reg(context_reg(context, claim_complete)) = source;
}

}  // namespace drivers
