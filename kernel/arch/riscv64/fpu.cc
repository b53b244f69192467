// SPDX-License-Identifier: BSD-2-Clause
// Lazy F/D switching. Each thread has its own FP state (arch::Fp_state in
// its Context); the hart's FP registers hold the values of one thread, its
// fpu_owner. Only the owner's user frame has sstatus.FS != Off, so a thread
// switch (switch_context, or the glue's IPC fast path, which both restore
// sstatus from the next thread's frame) costs nothing for FP; a thread
// that is not the owner traps on its first FP instruction (FS = Off makes
// it illegal), and fpu_trap saves the owner's registers (only if it dirtied
// them), loads the thread's own and makes it the owner. So each thread
// keeps its own state, which nobody else ever sees. Threads stay on their
// hart, so per-hart ownership is enough; a thread that migrates (SMP,
// later) must be released on its old hart first.
#include <arch/cpu.hpp>
#include <arch/fpu.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/cpu.hpp>

extern "C" {
void arch_fpu_save(arch::Fp_state* to);
void arch_fpu_load(const arch::Fp_state* from);
}

namespace arch {

namespace {
constexpr word_t fs_off = 0;
constexpr word_t fs_clean = word_t{2} << 13;
constexpr word_t fs_dirty = word_t{3} << 13;
static_assert(sstatus_fs_mask == SSTATUS_FS_MASK);
}  // namespace

bool fpu_trap(User_frame& frame, Context& current) {
    if ((frame.sstatus & sstatus_fs_mask) != fs_off) return false;  // FP was usable: really illegal
    Cpu_data& cpu = port::cpu_local().arch;
    if (cpu.fpu_owner != &current) {
        if (cpu.fpu_owner) {
            // The owner's frame says whether it wrote the registers since
            // they were loaded (hardware FS Dirty, saved at its last trap).
            User_frame& owner_frame = *cpu.fpu_owner_frame;
            if ((owner_frame.sstatus & sstatus_fs_mask) == fs_dirty) arch_fpu_save(&cpu.fpu_owner->fp);
            owner_frame.sstatus &= ~sstatus_fs_mask;
        }
        arch_fpu_load(&current.fp);
        cpu.fpu_owner = &current;
        cpu.fpu_owner_frame = &frame;
    }
    frame.sstatus = (frame.sstatus & ~sstatus_fs_mask) | fs_clean;
    return true;
}

void fpu_release(const Context& ctx) {
    for (kern::Cpu_local& c : kern::cpus)
        if (c.arch.fpu_owner == &ctx) {
            c.arch.fpu_owner = nullptr;
            c.arch.fpu_owner_frame = nullptr;
        }
}

Context::~Context() { fpu_release(*this); }

}  // namespace arch
