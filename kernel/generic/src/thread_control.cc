// SPDX-License-Identifier: BSD-2-Clause
// ThreadControl (x2-api 4.3): creation, modification, activation and
// deletion of threads. Every argument is checked before anything changes,
// so a call either succeeds completely or has no effect.
#include <kern/interrupt.hpp>
#include <kern/ipc.hpp>
#include <kern/kip.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_ops.hpp>
#include <kern/thread_table.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

word_t fail(Sys_error e) {
    Tcb::current().tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(e);
    return 0;
}

constexpr word_t unchanged = ~word_t{0};

Sys_error check_utcb(const Space& s, word_t location, const Tcb* t) {
    return utcb_location_valid(s, location, t) ? Sys_error::ok : Sys_error::utcb_area;
}

word_t delete_thread(Tcb& self, Thread_id dest) {
    Tcb* t = threads.by_number(dest.number());
    if (!t) return 1;  // nothing there: deleting succeeds trivially
    if (t->global_id != dest || t == &self) return fail(Sys_error::invalid_thread);
    thread_delete(*t);
    return 1;
}

word_t modify_thread(Tcb& t, Thread_id dest, Thread_id space_spec, Thread_id scheduler,
                     Thread_id pager, word_t utcb) {
    Space* target = t.space;
    if (!space_spec.is_nil()) {
        Tcb* s = threads.by_global(space_spec);
        if (!s || !s->space) return fail(Sys_error::invalid_space);
        target = s->space;
    }
    bool active = t.utcb_uva != 0;
    word_t location = t.pending_utcb;
    if (utcb != unchanged) {
        if (active) return fail(Sys_error::utcb_area);
        location = utcb;
    }
    if (target != t.space) {
        // Moving an active thread to another space is not supported: X.2
        // lets a kernel refuse it (its UTCB would move). Inactive threads move.
        if (active) return fail(Sys_error::invalid_space);
    }
    if (location != unchanged && !active && target->initialized()) {
        if (Sys_error e = check_utcb(*target, location, &t); e != Sys_error::ok) return fail(e);
    }
    bool activate = !pager.is_nil() && !active;
    if (activate) {
        if (!target->initialized()) return fail(Sys_error::invalid_space);
        if (location == unchanged) return fail(Sys_error::utcb_area);
    }

    // Everything checked: apply.
    if (target != t.space) {
        space_detach(t);
        space_attach(*target, t);
    }
    t.pending_utcb = location;
    if (activate) {
        if (!thread_activate(t, pager)) return fail(Sys_error::no_memory);
    } else if (!pager.is_nil()) {
        t.tcr(WALNUT_TCR_PAGER) = pager.raw();
    }
    if (!scheduler.is_nil()) t.scheduler = scheduler;
    if (dest.version() != t.global_id.version()) {
        t.global_id = dest;
        if (t.utcb) t.tcr(WALNUT_TCR_MY_GLOBAL_ID) = dest.raw();
    }
    return 1;
}

word_t create_thread(Thread_id dest, Thread_id space_spec, Thread_id scheduler, Thread_id pager,
                     word_t utcb) {
    if (scheduler.is_nil()) return fail(Sys_error::invalid_scheduler);
    Space* target = nullptr;
    bool new_space = space_spec == dest;
    if (!new_space) {
        Tcb* s = threads.by_global(space_spec);
        if (!s || !s->space) return fail(Sys_error::invalid_space);
        target = s->space;
    }
    if (!pager.is_nil()) {
        if (new_space || !target->initialized()) return fail(Sys_error::invalid_space);
        if (utcb == unchanged) return fail(Sys_error::utcb_area);
    }
    if (utcb != unchanged && target && target->initialized()) {
        if (Sys_error e = check_utcb(*target, utcb, nullptr); e != Sys_error::ok) return fail(e);
    }

    Tcb* t = Tcb::create(dest, "user");
    if (!t) return fail(Sys_error::no_memory);
    if (new_space) {
        target = Space::create();
        if (!target) {
            t->destroy();
            return fail(Sys_error::no_memory);
        }
    }
    if (!threads.set(dest.number(), t)) {
        if (new_space) target->destroy();
        t->destroy();
        return fail(Sys_error::no_memory);
    }
    t->priority = default_priority;
    t->scheduler = scheduler;
    t->pending_utcb = utcb;
    space_attach(*target, *t);
    if (!pager.is_nil() && !thread_activate(*t, pager)) {
        thread_delete(*t);
        return fail(Sys_error::no_memory);
    }
    return 1;
}

}  // namespace

word_t sys_thread_control(word_t dest_raw, word_t space_raw, word_t scheduler_raw, word_t pager_raw,
                          word_t utcb) {
    Tcb& self = Tcb::current();
    if (!self.space || !self.space->privileged) return fail(Sys_error::no_privilege);
    Thread_id dest(dest_raw), space_spec(space_raw), scheduler(scheduler_raw), pager(pager_raw);
    if (!dest.is_global() || dest.is_any()) return fail(Sys_error::invalid_thread);
    if (is_interrupt_thread(dest)) {  // x2-api 4.3 step 3, 7.4: (dis)association
        Sys_error e = interrupt_control(self, dest, pager);
        return e == Sys_error::ok ? 1 : fail(e);
    }
    if (dest.number() < kip_user_base() || dest.number() >= Thread_table::numbers)
        return fail(Sys_error::invalid_thread);  // kernel threads
    if (space_spec.is_nil()) return delete_thread(self, dest);
    // Local ids name threads of the caller's space; work with global ones.
    auto globalize = [&](Thread_id id, bool* ok) {
        if (id.is_nil() || id.is_global()) return id;
        Tcb* t = resolve_thread(self, id);
        *ok = t != nullptr;
        return t ? t->global_id : id;
    };
    bool space_ok = true, threads_ok = true;
    space_spec = globalize(space_spec, &space_ok);
    scheduler = globalize(scheduler, &threads_ok);
    pager = globalize(pager, &threads_ok);
    if (!space_ok) return fail(Sys_error::invalid_space);
    if (!threads_ok) return fail(Sys_error::invalid_thread);

    if (Tcb* t = threads.by_number(dest.number()))
        return modify_thread(*t, dest, space_spec == dest ? Thread_id::nil() : space_spec,
                             scheduler, pager, utcb);
    return create_thread(dest, space_spec, scheduler, pager, utcb);
}

}  // namespace kern
