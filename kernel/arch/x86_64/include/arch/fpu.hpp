// SPDX-License-Identifier: BSD-2-Clause
// Per-thread FPU/SSE/AVX state, switched lazily: the registers keep the
// state of this CPU's FPU owner until another thread uses FP/SIMD; a thread
// switch only sets CR0.TS (unless the next thread is the owner), and the
// #NM it causes saves the owner's state and loads the current thread's
// (XSAVE/XRSTOR, or FXSAVE/FXRSTOR on CPUs without XSAVE).
#pragma once

#include <stdint.h>
#include <arch/cpu_data.hpp>

namespace arch {

struct Context;

/// Enables the FPU and the state components that fit Context::fpu
/// (x87, SSE, AVX) on the calling CPU. The first call also decides the
/// save method for all CPUs.
void fpu_init();

/// Fills an image with the clean initial state (x87 default control word,
/// MXCSR 0x1F80 with all exceptions masked, everything else zero).
void fpu_init_image(uint8_t* area);

/// Sets (disabled) or clears CR0.TS and records it in cpu.fpu_disabled.
void fpu_set_disabled(Cpu_data& cpu, bool disabled);

/// On a switch to the thread of 'next': FP/SIMD instructions trap (#NM)
/// unless next owns the registers' state and they are enabled already.
/// It only ever disables: a switch back to the owner leaves TS set, and
/// the owner's first FP/SIMD instruction, if any, clears it in the glue's
/// #NM entry (walnut_nm_entry, a few instructions, nothing moved). So a
/// thread that once used FP/SIMD and owns the state costs its switches
/// nothing, and CR0 is written once per owner run that used the FPU. The
/// IPC fast path does the same in assembly (fastpath.S).
inline void fpu_switch(Cpu_data& cpu, const Context& next) {
    if (!cpu.fpu_disabled && cpu.fpu_owner != &next) fpu_set_disabled(cpu, true);
}

/// The #NM from user mode of the thread of 'current': saves the owner's
/// state (if any), loads current's and makes it the owner.
void fpu_claim(Cpu_data& cpu, Context& current);

/// Drops ownership of ctx's state on every CPU (its thread is deleted or
/// starts afresh): the registers then belong to nobody, and nothing is
/// saved into ctx any more.
void fpu_forget(const Context& ctx);

/// Human-readable summary for the boot log ("xsave x87+sse+avx, 832 bytes").
void fpu_describe();

}  // namespace arch
