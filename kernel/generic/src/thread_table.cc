// SPDX-License-Identifier: BSD-2-Clause
// Thread number -> TCB table (see kern/thread_table.hpp).
#include <kern/kmem.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>

namespace kern {

Thread_table threads;

Tcb* Thread_table::by_global(Thread_id id) const {
    // anythread is global in form, but its number (2^32 - 1) is out of range.
    static_assert((~word_t{0} >> 32) >= numbers);
    if (!id.is_global()) return nullptr;
    Tcb* t = by_number(id.number());
    return t && t->global_id == id ? t : nullptr;
}

bool Thread_table::set(word_t n, Tcb* t) {
    if (n >= numbers) return false;
    Tcb**& page = _dir[n / per_page];
    if (!page) {
        if (!t) return true;
        static_assert(per_page * sizeof(Tcb*) == page_size);
        page = static_cast<Tcb**>(kmem.alloc(0));
        if (!page) return false;
    }
    page[n % per_page] = t;
    return true;
}

}  // namespace kern
