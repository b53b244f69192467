// SPDX-License-Identifier: BSD-2-Clause
// Per-thread FPU/SSE/AVX state: enabled at boot (CR0, CR4, XCR0) and
// switched eagerly with XSAVE/XRSTOR, or FXSAVE/FXRSTOR on CPUs without XSAVE.
#pragma once

#include <stdint.h>

namespace arch {

/// Enables the FPU and the state components that fit Context::fpu
/// (x87, SSE, AVX) on the calling CPU. The first call also decides the
/// save method for all CPUs.
void fpu_init();

/// Fills an image with the clean initial state (x87 default control word,
/// MXCSR 0x1F80 with all exceptions masked, everything else zero).
void fpu_init_image(uint8_t* area);

void fpu_save(uint8_t* area);
void fpu_restore(const uint8_t* area);

/// Human-readable summary for the boot log ("xsave x87+sse+avx, 832 bytes").
void fpu_describe();

}  // namespace arch
