// SPDX-License-Identifier: BSD-2-Clause
// The software half of the access flag and dirty state (arch::Pt_format):
// walks the current TTBR0 table through the direct map and updates the leaf
// the way FEAT_HAFDBS hardware would.
#include <arch/mmu_defs.h>
#include <arch/pt_format.hpp>
#include <arch/sysreg.hpp>
#include <arch/user_access.hpp>
#include <kern/port/mmu.hpp>

namespace arch {

using kern::word_t;

namespace {

// The leaf that maps va in the active user table, or nullptr.
Pt_format::Entry* user_leaf(word_t va) {
    word_t root = read_ttbr0() & PTE_ADDR_MASK;
    auto* table = static_cast<Pt_format::Entry*>(port::phys_to_virt(root));
    for (unsigned level = Pt_format::levels; level-- > 0;) {
        Pt_format::Entry& e = table[(va >> (12 + 9 * level)) & 511];
        if (!Pt_format::valid(e)) return nullptr;
        if (!Pt_format::is_table(e, level)) return Pt_format::leaf_allowed(level) ? &e : nullptr;
        table = static_cast<Pt_format::Entry*>(port::phys_to_virt(Pt_format::address(e)));
    }
    return nullptr;
}

}  // namespace

bool resolve_user_access_fault(word_t far, bool write, bool exec, bool access_flag_fault) {
    if (far >= Pt_format::user_top) return false;
    Pt_format::Entry* leaf = user_leaf(far);
    if (!leaf) return false;
    Pt_format::Entry e = *leaf;
    if (!(e & PTE_AP_EL0)) return false;
    bool changed = false;
    if (access_flag_fault && !(e & PTE_AF)) {
        e |= PTE_AF | (exec ? PTE_SW_EXEC : 0);
        changed = true;
    }
    // A write to a clean writable leaf (DBM, still read-only): make it
    // writable, which is what "dirty" means. Done together with the access
    // flag so a first write costs one exception, not two.
    if (write && (e & PTE_DBM) && (e & PTE_AP_RO)) {
        e &= ~PTE_AP_RO;
        changed = true;
    }
    if (!changed) return false;
    *leaf = e;
    // Entries with AF = 0 are never cached, but the read-only version of a
    // leaf may be: drop it from the TLB (this CPU's ASID, any level).
    word_t asid = read_ttbr0() >> 48;
    word_t arg = ((far >> 12) & ((word_t{1} << 44) - 1)) | (asid << 48);
    asm volatile("dsb ishst; tlbi vae1is, %0; dsb ish; isb" ::"r"(arg) : "memory");
    return true;
}

}  // namespace arch
