// SPDX-License-Identifier: BSD-2-Clause
// ProcessorControl and MemoryControl (x2-api 4.11, 4.12): privileged
// platform controls. No Walnut board can change clock or voltage.
// MemoryControl changes the memory type of the caller's own mappings to one
// of the architecture's attribute values (arch::Pt_format::memory_attribute,
// docs/abi-<arch>.md); attribute 0 restores the physical memory's default.
#include <arch/pt_format.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

word_t fail(Sys_error e) {
    Tcb::current().tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(e);
    return 0;
}

bool privileged() {
    const Tcb& t = Tcb::current();
    return t.space && t.space->privileged;
}

using F = arch::Pt_format;

// An attribute argument: 0 = the default (use_default), else an arch value.
struct Attribute {
    bool use_default;
    Mem_attr attr;
};

// Gives every user mapping of s in [base, end) the attribute. Leaves
// without a mapping node are the kernel's (KIP, UTCBs) and stay as they
// are. The node keeps the attribute, so mappings derived from it later
// inherit it (mapdb::transfer uses the parent's), and rights changes keep it.
void apply(Space& s, vaddr_t base, vaddr_t end, Attribute a) {
    Space::Leaf l;
    vaddr_t p = base;
    while (p < end && s.table().next(p, end, &l)) {
        vaddr_t next = l.va + (vaddr_t{1} << l.size_log2);
        // The shadow word of a user leaf is its mapping node (kern/mapdb.hpp).
        if (auto* m = reinterpret_cast<Mapping*>(*l.shadow)) {
            paddr_t pa = l.pa();
            size_t size = size_t{1} << l.size_log2;
            Mem_attr want = a.attr;
            if (a.use_default && !user_ownable(pa, size, &want)) want = Mem_attr::normal;
            if (want != m->attr) {
                F::Entry e = F::with_attr(*l.entry, want);
                // Break before make (required on aarch64 for a change of
                // memory type), then the caches, then the new entry.
                *l.entry = 0;
                F::publish_entry(l.entry);
                s.flush_tlb(l.va);
                F::before_memory_type_change(port::phys_to_virt(pa), size);
                *l.entry = e;
                F::publish_entry(l.entry);
                s.flush_tlb(l.va);
                m->attr = want;
            }
        }
        if (next <= p) break;
        p = next;
    }
}

}  // namespace

// Per processor (docs/scheduling.md): no Walnut board can change clock or
// voltage, so a value succeeds only if it asks for no change: -1, or the
// frequency the processor's KIP descriptor already reports. The voltage is
// unknown, so only -1 is accepted for it.
word_t sys_processor_control(word_t processor, word_t internal_khz, word_t external_khz,
                             word_t voltage) {
    if (!privileged()) return fail(Sys_error::no_privilege);
    if (processor >= kip_processors()) return fail(Sys_error::invalid_param);
    constexpr word_t unchanged = ~word_t{0};
    const auto* desc = reinterpret_cast<const word_t*>(reinterpret_cast<const uint8_t*>(&kip()) +
                                                       WALNUT_KIP_PROC_DESC_OFFSET + 32 * processor);
    word_t external_now = desc[0], internal_now = desc[1];
    auto same = [](word_t asked, word_t now) { return asked == unchanged || (now != 0 && asked == now); };
    if (!same(internal_khz, internal_now) || !same(external_khz, external_now) || voltage != unchanged)
        return fail(Sys_error::invalid_param);
    return 1;
}

word_t sys_memory_control(word_t control, const word_t attributes[4]) {
    if (!privileged()) return fail(Sys_error::no_privilege);
    if ((control & 0x3f) != control) return fail(Sys_error::invalid_param);  // k >= 64
    // All four attributes are checked before anything changes (decisions.md).
    Attribute attr[4];
    for (unsigned i = 0; i < 4; ++i) {
        attr[i] = Attribute{attributes[i] == 0, Mem_attr::normal};
        if (attributes[i] != 0 && !F::memory_attribute(attributes[i], &attr[i].attr))
            return fail(Sys_error::invalid_param);
    }
    Tcb& self = Tcb::current();
    if (!self.utcb) return fail(Sys_error::invalid_param);
    unsigned k = control & 0x3f;
    for (unsigned i = 0; i <= k; ++i) {
        word_t fpage = self.mr(i);
        unsigned s = (fpage >> 4) & 0x3f;
        Attribute a = attr[fpage & 3];
        if (s == 1 && (fpage >> 10) == 0) {
            apply(*self.space, 0, F::user_top, a);  // the complete address space
        } else if (s >= 10) {
            // Nil fpages (s = 0) are skipped; small ones widen to a page,
            // and a leaf the fpage touches changes as a whole, as in Unmap.
            unsigned size = s < page_shift ? unsigned(page_shift) : s;
            word_t base = fpage & ~((word_t{1} << size) - 1) & ~word_t{0x3ff};
            word_t end = base + (word_t{1} << size);
            if (end < base || end > F::user_top) end = F::user_top;
            if (base < end) apply(*self.space, base, end, a);
        }
    }
    return 1;
}

}  // namespace kern
