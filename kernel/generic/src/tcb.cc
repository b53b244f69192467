// SPDX-License-Identifier: BSD-2-Clause
// Thread control blocks: creation of kernel and user threads.
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/kmem.hpp>
#include <kern/lib.hpp>
#include <kern/placement_new.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>
#include <l4/walnut/abi.h>
#include <kern/tcb.hpp>
#include <kern/utcb_layout.hpp>

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
    case Thread_state::waiting_send: return "sending";
    case Thread_state::waiting_receive: return "receiving";
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
    t->timeslice_ticks = max(1u, config::tick_hz / 100);  // X.2 default: 10 ms
    t->remaining_ticks = t->timeslice_ticks;
    size_t n = strnlen(name, sizeof t->name - 1);
    memcpy(t->name, name, n);
    t->name[n] = '\0';
    return t;
}

bool Tcb::attach_utcb(word_t location) {
    vaddr_t page = align_down(location, page_size);
    Space::Leaf leaf;
    void* kpage;
    if (space->find(page, &leaf)) {
        kpage = port::phys_to_virt(leaf.pa());
    } else {
        // UTCB pages are kernel memory mapped into the space; Space::destroy
        // gives them back.
        kpage = kmem.alloc(0);
        if (!kpage) return false;
        if (!space->map_kernel_owned(page, port::virt_to_phys(kpage), page_shift, Rights::rw,
                                     Mem_attr::normal)) {
            kmem.free(kpage, 0);
            return false;
        }
    }
    utcb_uva = location;
    auto* block = static_cast<uint8_t*>(kpage) + (location - page);
    memset(block, 0, WALNUT_UTCB_SIZE);
    utcb = reinterpret_cast<word_t*>(block + WALNUT_UTCB_MR0_OFFSET);
    utcb[WALNUT_TCR_SELF_POINTER] = local_id();
    utcb[WALNUT_TCR_MY_GLOBAL_ID] = global_id.raw();
    utcb[WALNUT_TCR_PROCESSOR_NO] = cpu;
    return true;
}

void Tcb::destroy() {
    this->~Tcb();
    kmem.free(this, tcb_order);
}

}  // namespace kern
