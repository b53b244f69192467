// SPDX-License-Identifier: BSD-2-Clause
// SpaceControl (x2-api 4.10): fixing a new space's KIP and UTCB areas and
// setting its IPC redirector (used by ipc_routing.cc).
#include <arch/pt_format.hpp>
#include <kern/kip.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

word_t fail(Sys_error e) {
    Tcb::current().tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(e);
    return 0;
}

struct Area {
    word_t base;
    unsigned size_log2;
};

// A memory fpage as an area inside the user part; size_log2 0 = invalid.
Area area_of(word_t fpage) {
    unsigned s = (fpage >> 4) & 0x3f;
    if (s < page_shift || s >= 63) return Area{0, 0};
    word_t base = fpage & ~((word_t{1} << s) - 1);
    // Not base + size > user_top: that sum wraps for a base near 2^64.
    if (base >= arch::Pt_format::user_top || (word_t{1} << s) > arch::Pt_format::user_top - base)
        return Area{0, 0};
    return Area{base, s};
}

// The Redirector argument as the space's new redirector word: nilthread
// keeps the current one, anythread removes it (0), anything else must be
// the global id of an existing user thread. False: no such thread.
bool redirector_word(word_t raw, word_t current, word_t* out) {
    Thread_id id(raw);
    if (id.is_nil()) {
        *out = current;
        return true;
    }
    if (id.is_any()) {
        *out = 0;
        return true;
    }
    if (!id.is_global()) return false;  // local ids and anylocalthread name no one here
    Tcb* t = threads.by_global(id);
    if (!t || !t->space || t->state == Thread_state::dead) return false;
    *out = id.raw();
    return true;
}

}  // namespace

word_t sys_space_control(word_t space_raw, word_t control, word_t kip_fpage, word_t utcb_fpage,
                         word_t redirector, word_t* old_control) {
    *old_control = 0;
    Tcb& self = Tcb::current();
    if (!self.space || !self.space->privileged) return fail(Sys_error::no_privilege);
    Tcb* t = threads.by_global(Thread_id(space_raw));
    if (!t || !t->space) return fail(Sys_error::invalid_space);
    Space& s = *t->space;
    // No Walnut port defines control bits: the word is ignored and the
    // old control is always 0 (decisions.md).
    (void)control;
    // Nothing changes unless every argument is valid.
    word_t new_redirector;
    if (!redirector_word(redirector, s.redirector, &new_redirector))
        return fail(Sys_error::invalid_thread);
    if (s.initialized()) {  // areas are fixed once set (X.2 intent)
        s.redirector = new_redirector;
        return 1;
    }

    Area utcb = area_of(utcb_fpage);
    if (!utcb.size_log2 || utcb.size_log2 < 12) return fail(Sys_error::utcb_area);
    Area kip_a = area_of(kip_fpage);
    if (!kip_a.size_log2 || kip_a.size_log2 < WALNUT_KIP_AREA_LOG2 ||
        ranges_overlap(kip_a.base, word_t{1} << kip_a.size_log2, utcb.base,
                       word_t{1} << utcb.size_log2))
        return fail(Sys_error::kip_area);
    // Threads created inactive may have recorded UTCB locations: they must fit.
    for (Tcb* m = s.first_thread; m; m = m->space_next)
        if (m->pending_utcb != ~word_t{0} &&
            (m->pending_utcb < utcb.base ||
             m->pending_utcb + WALNUT_UTCB_SIZE > utcb.base + (word_t{1} << utcb.size_log2)))
            return fail(Sys_error::utcb_area);

    s.kip_area = kip_a.base;
    s.kip_area_log2 = kip_a.size_log2;
    s.utcb_area = utcb.base;
    s.utcb_area_log2 = utcb.size_log2;
    if (!kip_map_into(s)) {
        s.kip_area_log2 = 0;
        s.utcb_area_log2 = 0;
        return fail(Sys_error::no_memory);
    }
    s.redirector = new_redirector;
    return 1;
}

}  // namespace kern
