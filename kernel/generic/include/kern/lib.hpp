// SPDX-License-Identifier: BSD-2-Clause
// The small freestanding library the kernel needs: memory and string
// helpers, alignment and bit helpers. The compiler may also emit calls to
// memcpy/memset/memmove/memcmp, so those have C linkage.
#pragma once

#include <kern/types.hpp>

extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
}

namespace kern {

int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
size_t strnlen(const char* s, size_t max);

constexpr word_t align_down(word_t v, word_t a) { return v & ~(a - 1); }
constexpr word_t align_up(word_t v, word_t a) { return (v + a - 1) & ~(a - 1); }
constexpr bool is_aligned(word_t v, word_t a) { return (v & (a - 1)) == 0; }
constexpr bool is_pow2(word_t v) { return v != 0 && (v & (v - 1)) == 0; }

/// Index of the most significant set bit; v must not be 0.
constexpr unsigned msb(word_t v) { return 63u - static_cast<unsigned>(__builtin_clzl(v)); }
/// Index of the least significant set bit; v must not be 0.
constexpr unsigned lsb(word_t v) { return static_cast<unsigned>(__builtin_ctzl(v)); }

template <class A, class B> inline constexpr bool is_same_v = false;
template <class A> inline constexpr bool is_same_v<A, A> = true;
/// The standard library's std::same_as, for contract concepts.
template <class A, class B>
concept Same_as = is_same_v<A, B> && is_same_v<B, A>;

template <typename T> constexpr T min(T a, T b) { return a < b ? a : b; }
template <typename T> constexpr T max(T a, T b) { return a < b ? b : a; }

/// True if [a, a+as) and [b, b+bs) overlap. Sizes of 0 never overlap.
constexpr bool ranges_overlap(word_t a, word_t as, word_t b, word_t bs) {
    return as != 0 && bs != 0 && a < b + bs && b < a + as;
}

}  // namespace kern
