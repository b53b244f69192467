// SPDX-License-Identifier: BSD-2-Clause
// The x86_64 part of each CPU's kern::Cpu_local (it sits at offset 0, so the
// assembly reaches it as %gs:offset while in the kernel): the stack pointers
// the SYSCALL entry needs, and this CPU's GDT and TSS.
#pragma once

#include <stdint.h>
#include <stddef.h>
#include <arch/asm_defs.hpp>

namespace arch {

/// 64-bit task-state segment (SDM vol. 3, 8.7). Only rsp0 (kernel stack of
/// the current thread for traps from user mode, and for SYSCALL: the
/// CPU_KERNEL_RSP the entry code reads) and the IST stacks are used.
struct [[gnu::packed]] Tss {
    uint32_t reserved0 = 0;
    uint64_t rsp[3] = {};
    uint64_t reserved1 = 0;
    uint64_t ist[7] = {};
    uint64_t reserved2 = 0;
    uint16_t reserved3 = 0;
    uint16_t iomap_base = sizeof(Tss);  // no I/O permission bitmap
};
static_assert(sizeof(Tss) == 104);

struct Context;

struct Cpu_data {
    void* self = nullptr;             // CPU_SELF: this block (= its kern::Cpu_local)
    uint64_t user_rsp = 0;            // CPU_USER_RSP: scratch for the SYSCALL entry (user RSP, RDX)
    uint32_t apic_id = 0;             // hardware id of this CPU
    // Lazy FPU switching (fpu.cc): whose state the FP/SIMD registers hold,
    // and whether CR0.TS is set, so a switch writes CR0 only on a change.
    Context* fpu_owner = nullptr;     // CPU_FPU_OWNER
    bool fpu_disabled = false;        // CPU_FPU_DISABLED
    alignas(16) uint64_t gdt[X86_GDT_ENTRIES] = {};
    alignas(16) Tss tss{};
};

static_assert(offsetof(Cpu_data, self) == CPU_SELF);
static_assert(offsetof(Cpu_data, user_rsp) == CPU_USER_RSP);
static_assert(offsetof(Cpu_data, fpu_owner) == CPU_FPU_OWNER);
static_assert(offsetof(Cpu_data, fpu_disabled) == CPU_FPU_DISABLED);
static_assert(offsetof(Cpu_data, tss) + offsetof(Tss, rsp) == CPU_TSS_RSP0);

}  // namespace arch
