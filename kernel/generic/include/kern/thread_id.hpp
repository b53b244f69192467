// SPDX-License-Identifier: BSD-2-Clause
// X.2 thread identifiers (x2-api 1.2): global = number(32) | version(32),
// local = UTCB address with bits 5..0 clear.
#pragma once

#include <kern/types.hpp>

namespace kern {

class Thread_id {
public:
    constexpr Thread_id() = default;
    constexpr explicit Thread_id(word_t raw) : _raw(raw) {}
    static constexpr Thread_id global(word_t number, word_t version) {
        return Thread_id((number << 32) | (version & 0xffffffffu));
    }
    static constexpr Thread_id nil() { return Thread_id(0); }
    static constexpr Thread_id any() { return Thread_id(~word_t{0}); }
    static constexpr Thread_id any_local() { return Thread_id(~word_t{0} << 6); }

    constexpr word_t raw() const { return _raw; }
    constexpr bool is_nil() const { return _raw == 0; }
    constexpr bool is_any() const { return _raw == ~word_t{0}; }
    constexpr bool is_any_local() const { return _raw == (~word_t{0} << 6); }
    constexpr bool is_global() const { return (_raw & 0x3f) != 0; }
    constexpr bool is_local() const { return (_raw & 0x3f) == 0; }
    constexpr word_t number() const { return _raw >> 32; }
    constexpr word_t version() const { return _raw & 0xffffffffu; }

    constexpr bool operator==(const Thread_id&) const = default;

private:
    word_t _raw = 0;
};

static_assert(sizeof(Thread_id) == sizeof(word_t));

}  // namespace kern
