// SPDX-License-Identifier: BSD-2-Clause
// Unmap (x2-api 4.9): revoke rights from, or read the status of, everything
// derived from the caller's mappings in the fpages MR0 .. MRk.
#include <kern/mapdb.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>

namespace kern {

void sys_unmap(word_t control) {
    Tcb& self = Tcb::current();
    if (!self.space || !self.utcb) return;
    unsigned k = control & 0x3f;
    bool flush = control & 0x40;
    for (unsigned i = 0; i <= k; ++i) {
        word_t fpage = self.mr(i);
        unsigned s = (fpage >> 4) & 0x3f;
        auto revoke = static_cast<Rights>(fpage & 7);
        Rights status = Rights::none;
        if (s == 1 && (fpage >> 10) == 0) {
            status = mapdb::unmap(*self.space, 0, 64, revoke, flush);  // complete space
        } else if (s >= 10) {
            // Fpages below the page size widen to one page (as in Pistachio).
            unsigned size = s < page_shift ? unsigned(page_shift) : s;
            word_t base = fpage & ~((word_t{1} << size) - 1) & ~word_t{0x3ff};
            if (size < 64) status = mapdb::unmap(*self.space, base, size, revoke, flush);
        }
        self.mr(i) = (fpage & ~word_t{7}) | static_cast<word_t>(status);
    }
}

}  // namespace kern
