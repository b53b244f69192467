// SPDX-License-Identifier: BSD-2-Clause
// The host machine the kernel-core fuzz targets run on, described to the
// kernel as a board would be: a RAM window backed by host memory, device
// memory everywhere else (backed by one scratch page, fuzz_port.cc),
// firmware and the kernel image inside RAM, kernel memory over a host pool;
// the boot CPU and the KIP; the failure report; input helpers.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <kern/types.hpp>

namespace kern {
class Space;
}

namespace hostfuzz {

using kern::paddr_t;
using kern::word_t;

// RAM is reserved at a fixed host address in the part of the address space
// AddressSanitizer leaves to programs, below user_top, aligned for 1 GiB
// leaves. Device memory just below it lets ranges straddle both (such a
// range is not user-ownable).
inline constexpr paddr_t dev_base = 0x1FFFC0000000ul;
inline constexpr paddr_t ram_base = 0x200000000000ul;
inline constexpr paddr_t ram_size = 2 * kern::GiB;
// Parts of RAM user level may not own (as on a board: firmware, the image).
inline constexpr paddr_t firmware_base = ram_base;
inline constexpr paddr_t firmware_size = 64 * kern::KiB;
inline constexpr paddr_t image_base = ram_base + 2 * kern::MiB;
inline constexpr paddr_t image_size = 2 * kern::MiB;

/// Sets up the machine once per process: windows, kern::boot_info, the
/// kernel pool of 'kmem_pages' pages (plus kmem's state page), the boot
/// CPU's per-CPU block, and the KIP. Idempotent.
void machine_init(size_t kmem_pages);

/// Reports a broken invariant or a wrong result: prints the step, the
/// message and the kernel console, then aborts, so libFuzzer keeps the input.
[[noreturn]] void violation(const char* step, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

/// True if the named bug is listed in $WALNUT_HOSTFUZZ_KNOWN (comma
/// separated): a bug already reported and not fixed yet, which the
/// harnesses step around so fuzzing can go on (meson.build keeps the list).
bool known(const char* bug_id);

/// With WALNUT_HOSTFUZZ_TRACE set in the environment, prints one line
/// describing a step (replaying a reproducer shows what it does).
void trace(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
bool tracing();

/// Any word, cheaply: mostly from one or two input bytes (0, ~0, small
/// numbers, single bits, addresses from pick_base), now and then all 64
/// bits from the input, so long sequences of operations fit an input.
word_t pick_word(FuzzedDataProvider& in);

/// Leaf sizes worth trying: page-table leaf sizes, their neighbours, and
/// the extremes of the fpage encoding (64 = the complete address space).
unsigned pick_size_log2(FuzzedDataProvider& in);

/// An address likely to meet others: RAM, device memory, the kernel's own
/// ranges, the space's KIP and UTCB areas, the ends of the user part; then
/// moved by a few 2^size_log2 steps and aligned down to 2^size_log2.
word_t pick_base(FuzzedDataProvider& in, unsigned size_log2, const kern::Space* space);

/// An X.2 fpage word (x2-api 1.5): mostly well formed from pick_base and
/// pick_size_log2, sometimes the complete or nil fpage, sometimes any word.
word_t pick_fpage(FuzzedDataProvider& in, const kern::Space* space);

}  // namespace hostfuzz
