// SPDX-License-Identifier: BSD-2-Clause
// RISC-V Platform-Level Interrupt Controller (PLIC spec v1.0.0; SiFive and
// QEMU "riscv,plic0"). Sources 1..ndev, one context per hart privilege
// level; a source reaches a context when enabled there with a priority
// above the context's threshold.
#pragma once

#include <stdint.h>

namespace drivers {

class Plic {
public:
    constexpr Plic() = default;

    /// Takes the controller at base (kernel virtual) with sources
    /// 1..ndev (device tree riscv,ndev). Gives every source priority 1 so
    /// that the per-context enable bits alone decide.
    void init(volatile void* base, unsigned ndev);

    /// Prepares a context for use: every source disabled (masked),
    /// threshold 0 (any enabled source with priority >= 1 interrupts).
    void init_context(unsigned context) const;

    bool ready() const { return _base != nullptr; }
    unsigned sources() const { return _ndev; }

    /// Per-context mask. Source 0 (no interrupt) and sources > ndev are ignored.
    void enable(unsigned context, unsigned source) const;
    void disable(unsigned context, unsigned source) const;

    /// Highest-priority pending source for the context, now in service;
    /// 0 if none.
    unsigned claim(unsigned context) const;
    /// Ends service of a claimed source (the gateway may forward it again).
    void complete(unsigned context, unsigned source) const;

private:
    volatile uint32_t* reg(uintptr_t offset) const {
        return reinterpret_cast<volatile uint32_t*>(reinterpret_cast<uintptr_t>(_base) + offset);
    }
    bool valid(unsigned source) const { return source != 0 && source <= _ndev; }

    volatile void* _base = nullptr;
    unsigned _ndev = 0;
};

}  // namespace drivers
