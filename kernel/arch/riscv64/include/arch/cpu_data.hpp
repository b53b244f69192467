// SPDX-License-Identifier: BSD-2-Clause
// The riscv64 part of the per-CPU block (first member of kern::Cpu_local).
// In the kernel tp points at it; while a CPU runs user code sscratch does,
// so the trap entry finds it with one csrrw and never trusts user registers.
#pragma once

#include <stddef.h>
#include <arch/asm_offsets.h>
#include <kern/types.hpp>

extern "C" void glue_ipc_resume_slow();  // <arch/hooks.hpp>

namespace arch {

struct User_frame;
struct Context;

/// Per hart and hardware ASID: the root table last activated under it and
/// the satp value that did it. A different root under the same ASID (a
/// space deleted and its ASID reused) means the TLB may still hold the
/// other space's entries and they must go. Slots of ASIDs that are not
/// tagged keep root = no_root, so one comparison tells the IPC fast path
/// (glue fastpath.S) that it may write satp and nothing else.
struct Asid_slot {
    static constexpr kern::paddr_t no_root = ~kern::paddr_t{0};
    kern::paddr_t root;   // no_root from probe_asids on
    kern::word_t satp;
};

struct Cpu_data {
    /// Number of ASIDs (1 .. tagged_asids-1) that may be tagged (tracked
    /// per hart); spaces with larger ASIDs, among them the one the generic
    /// core shares when it runs out (Space::shared_asid = 255), run as
    /// hardware ASID 0 and flush everything on every switch.
    static constexpr unsigned tagged_asids = 255;
    /// Slots per hart: one for every ASID the generic core hands out.
    static constexpr unsigned asid_slot_count = 256;

    /// User frame of the current thread (the top of its kernel stack),
    /// where the next trap from user mode saves the registers. Written by
    /// switch_context and the IPC fast path, read by the trap entry.
    User_frame* user_frame = nullptr;
    /// The user's sp, parked here by the trap entry while it finds the
    /// kernel stack.
    kern::word_t user_sp = 0;
    /// This hart's row of asid_slot_count Asid_slots (in mmu.cc), set up
    /// by probe_asids before any address space is activated.
    Asid_slot* asid_slots = nullptr;
    /// ASIDs 1 .. asid_limit-1 are used as they are (hardware width and
    /// tagged_asids permitting); the others run as hardware ASID 0.
    kern::word_t asid_limit = 0;
    /// time-CSR ticks per microsecond when the timebase is a whole number
    /// of MHz (then port::clock_us() = time / clock_divisor), else 0.
    kern::word_t clock_divisor = 0;
    /// RISC-V hart id of this CPU (not the same as kern::Cpu_local::index).
    kern::word_t hartid = 0;
    /// Absolute time (time CSR) of this hart's next timer interrupt.
    uint64_t timer_deadline = 0;
    /// The thread whose F/D state is in this hart's FP registers (its
    /// kernel context and user frame), or none. Only the owner's user frame
    /// has sstatus.FS != Off; everybody else traps on the first FP
    /// instruction (lazy switching, fpu.cc).
    Context* fpu_owner = nullptr;
    User_frame* fpu_owner_frame = nullptr;
    /// Interrupt-controller context of this hart's supervisor mode (PLIC
    /// context number), set by the platform.
    unsigned irq_context = 0;
    /// What the glue's IPC fast path writes into Context::ra of a caller
    /// it leaves waiting (glue_ipc_resume_slow, <arch/hooks.hpp>): a word
    /// the fast path loads in one instruction from tp.
    void (*ipc_resume)() = glue_ipc_resume_slow;
};

static_assert(offsetof(Cpu_data, user_frame) == CPU_USER_FRAME);
static_assert(offsetof(Cpu_data, user_sp) == CPU_USER_SP);
static_assert(offsetof(Cpu_data, asid_slots) == CPU_ASID_SLOTS);
static_assert(sizeof(Asid_slot) == 1u << ASID_SLOT_LOG2);
static_assert(offsetof(Asid_slot, root) == ASID_SLOT_ROOT && offsetof(Asid_slot, satp) == ASID_SLOT_SATP);
static_assert(offsetof(Cpu_data, ipc_resume) == CPU_IPC_RESUME);
static_assert(offsetof(Cpu_data, asid_limit) == CPU_ASID_LIMIT);
static_assert(offsetof(Cpu_data, clock_divisor) == CPU_CLOCK_DIVISOR);

}  // namespace arch
