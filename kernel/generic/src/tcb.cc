// SPDX-License-Identifier: BSD-2-Clause
// Thread control blocks: creation of kernel and user threads.
#include <kern/cpu_local.hpp>
#include <kern/kmem.hpp>
#include <kern/lib.hpp>
#include <kern/placement_new.hpp>
#include <kern/port/cpu.hpp>
#include <kern/tcb.hpp>

namespace kern {

namespace {
constexpr unsigned tcb_order = 1;  // 2 pages = Tcb::block_size
static_assert((page_size << tcb_order) == Tcb::block_size);
}  // namespace

Tcb& Tcb::current() { return *port::cpu_local().current; }

const char* thread_state_name(Thread_state s) {
    switch (s) {
    case Thread_state::inactive: return "inactive";
    case Thread_state::running: return "running";
    case Thread_state::halted: return "halted";
    case Thread_state::dead: return "dead";
    }
    return "?";
}

Tcb* Tcb::create(Thread_id id, const char* name) {
    void* block = kmem.alloc(tcb_order);
    if (!block) return nullptr;
    auto* t = new (block) Tcb();
    t->global_id = id;
    size_t n = strnlen(name, sizeof t->name - 1);
    memcpy(t->name, name, n);
    t->name[n] = '\0';
    return t;
}

void Tcb::destroy() {
    this->~Tcb();
    kmem.free(this, tcb_order);
}

}  // namespace kern
