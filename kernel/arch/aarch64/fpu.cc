// SPDX-License-Identifier: BSD-2-Clause
// Lazy FP/SIMD switching. Each thread has its own FP state (arch::Fp_state
// in its Context); the registers hold the values of one thread per CPU, its
// fp_owner. A thread switch (context.S, or the glue's IPC fast path) only
// sets CPACR_EL1.FPEN: EL0 may use FP/SIMD if the next thread is the owner
// (its Context's cpacr, which arch_fp_trap and fp_forget keep in step with
// fp_owner, says which, so the switch needs no comparison),
// and otherwise its first FP/SIMD instruction traps (EC 0x07) into
// arch_fp_trap, which saves the owner's values, loads the thread's own and
// makes it the owner. So a thread's state is saved only when another thread
// needs the registers, and never seen by anybody else. Threads stay on
// their CPU, so per-CPU ownership is enough; a thread that migrates (SMP,
// later) must be forgotten on its old CPU first.
#include <arch/context.hpp>
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>

namespace arch {

void fp_forget(Context& ctx) {
    for (kern::Cpu_local& cpu : kern::cpus)
        if (cpu.arch.fp_owner == &ctx.fpu) cpu.arch.fp_owner = nullptr;
    ctx.cpacr = CPACR_FP_EL1;
}

Context::~Context() { fp_forget(*this); }

}  // namespace arch
