// SPDX-License-Identifier: BSD-2-Clause
// Basic kernel types shared by every layer. Words are 64 bits on all
// supported architectures; strong types wrap addresses to keep physical and
// virtual apart.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace kern {

using word_t = unsigned long;
using sword_t = signed long;
using paddr_t = uint64_t;   // physical address
using vaddr_t = uintptr_t;  // virtual address (kernel or user)

static_assert(sizeof(word_t) == 8, "Walnut targets 64-bit architectures only");
static_assert(sizeof(void*) == sizeof(word_t));

inline constexpr word_t KiB = 1024;
inline constexpr word_t MiB = 1024 * KiB;
inline constexpr word_t GiB = 1024 * MiB;

inline constexpr word_t page_shift = 12;
inline constexpr word_t page_size = word_t{1} << page_shift;

/// Access rights in X.2 order: r = 4, w = 2, x = 1.
enum class Rights : uint8_t { none = 0, x = 1, w = 2, wx = 3, r = 4, rx = 5, rw = 6, rwx = 7 };

constexpr Rights operator&(Rights a, Rights b) {
    return static_cast<Rights>(static_cast<unsigned>(a) & static_cast<unsigned>(b));
}
constexpr Rights operator|(Rights a, Rights b) {
    return static_cast<Rights>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool has(Rights set, Rights r) { return (set & r) == r; }

/// Memory attribute of a mapping. Normal = cacheable RAM; device = strongly
/// ordered, uncached I/O memory.
enum class Mem_attr : uint8_t { normal = 0, device = 1, uncached = 2, write_combining = 3 };

}  // namespace kern

// The port contracts (kern/port/*.hpp) and the layers below use the same words.
namespace port {
using kern::paddr_t;
using kern::vaddr_t;
using kern::word_t;
}  // namespace port
