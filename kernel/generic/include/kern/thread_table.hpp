// SPDX-License-Identifier: BSD-2-Clause
// Thread numbers to TCBs. Two levels of 512 pointers cover the 2^18 thread
// numbers (ThreadInfo.t); second-level pages are allocated on first use, so
// a lookup is two loads and bounded.
#pragma once

#include <kern/thread_id.hpp>
#include <kern/types.hpp>

namespace kern {

struct Tcb;

class Thread_table {
public:
    static constexpr unsigned number_bits = 18;
    static constexpr word_t numbers = word_t{1} << number_bits;

    /// The TCB that holds number n (any version), or nullptr. Inline: every
    /// IPC looks its partner up here.
    Tcb* by_number(word_t n) const {
        if (n >= numbers) return nullptr;
        Tcb** page = _dir[n / per_page];
        return page ? page[n % per_page] : nullptr;
    }
    /// The TCB whose global id is exactly id, or nullptr.
    Tcb* by_global(Thread_id id) const;
    /// Installs t at n (nullptr removes). Fails when n is out of range or
    /// the second-level page cannot be allocated.
    [[nodiscard]] bool set(word_t n, Tcb* t);

    /// Calls f(Tcb&) for every thread (O(table); deletion and the debugger).
    template <class F>
    void for_each(F f) const {
        for (Tcb** page : _dir)
            if (page)
                for (unsigned i = 0; i < per_page; ++i)
                    if (page[i]) f(*page[i]);
    }

    // For the generated assembly offsets (kern_asm_offsets.h).
    static constexpr size_t dir_offset() { return __builtin_offsetof(Thread_table, _dir); }

private:
    static constexpr unsigned per_page = 512;
    Tcb** _dir[numbers / per_page] = {};
};

extern Thread_table threads;

}  // namespace kern
