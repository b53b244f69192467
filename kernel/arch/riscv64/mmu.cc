// SPDX-License-Identifier: BSD-2-Clause
// riscv64 address-space switching and TLB maintenance (port/mmu.hpp), with
// ASIDs when the hart has them, and the user page-fault fix-up.
#include <arch/cpu.hpp>
#include <arch/mmu.hpp>
#include <arch/pt_format.hpp>
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>

namespace arch {

Paging_features paging_features;

namespace {

unsigned asid_width = 0;

// Per hart, the root table and satp last activated under each ASID
// (Cpu_data::asid_slots points at its row).
Asid_slot asid_slots[kern::config::max_cpus][Cpu_data::asid_slot_count];

// The hardware ASID for the kernel's ASID number: spaces beyond what the
// hart supports (or this kernel tracks) use ASID 0 and pay a full flush on
// every switch. The glue's IPC fast path does the same with the same
// per-CPU limit (Cpu_data::asid_limit).
word_t hw_asid(unsigned asid) { return asid < port::cpu_local().arch.asid_limit ? asid : 0; }

constexpr unsigned root_user_entries = 256;  // indices 256..511 are the kernel's

}  // namespace

void probe_asids() {
    // satp.ASID is WARL: write all ones and see which bits stick.
    word_t satp = csr_read<csr::satp>();
    csr_write<csr::satp>(satp | (satp_asid_max << satp_asid_shift));
    word_t asid = (csr_read<csr::satp>() >> satp_asid_shift) & satp_asid_max;
    csr_write<csr::satp>(satp);
    sfence_vma_all();
    asid_width = asid ? kern::msb(asid) + 1 : 0;
    kern::Cpu_local& cpu = port::cpu_local();
    cpu.arch.asid_slots = asid_slots[cpu.index];
    for (Asid_slot& s : asid_slots[cpu.index]) s = {Asid_slot::no_root, 0};
    cpu.arch.asid_limit = kern::min<word_t>(asid ? asid + 1 : 0, Cpu_data::tagged_asids);
}

unsigned asid_bits() { return asid_width; }

bool fixup_user_fault(word_t va, kern::Rights access) {
    using Pte = Pt_format;
    if (va >= Pte::user_top) return false;
    paddr_t table_pa = (csr_read<csr::satp>() & ((word_t{1} << 44) - 1)) << 12;
    for (unsigned level = Pte::levels; level-- > 0;) {
        auto* table = static_cast<Pte::Entry*>(port::phys_to_virt(table_pa));
        Pte::Entry& e = table[(va >> (12 + 9 * level)) & 511];
        Pte::Entry entry = __atomic_load_n(&e, __ATOMIC_RELAXED);
        if (!Pte::valid(entry)) return false;
        if (Pte::is_table(entry, level)) {
            if (level == 0) return false;
            table_pa = Pte::address(entry);
            continue;
        }
        if (!(entry & Pte::u) || !kern::has(Pte::rights(entry), access)) return false;
        // Allowed: either the hart wants software A/D updates (Svade) or it
        // still held an old translation. Set the bits, drop the entry, retry.
        Pte::Entry ad = Pte::a | (access == kern::Rights::w ? Pte::d : 0);
        __atomic_fetch_or(&e, ad, __ATOMIC_RELAXED);
        sfence_vma_page_all_asids(va);
        return true;
    }
    return false;
}

}  // namespace arch

namespace port {

void init_user_root(void* root_kva) {
    auto* dst = static_cast<arch::Pt_format::Entry*>(root_kva);
    auto* src = static_cast<const arch::Pt_format::Entry*>(arch::kernel_root_kva());
    for (unsigned i = arch::root_user_entries; i < 512; ++i) dst[i] = src[i];
}

void activate_space(paddr_t root_pa, unsigned asid) {
    // The same root as last time under this ASID on this hart: its TLB
    // entries are this space's, and satp is the value written then (the
    // IPC fast path's test too, glue fastpath.S). Every ASID the generic
    // core hands out has a slot (asid_slot_count, glue asm_checks.cc);
    // those of ASIDs the hart does not tag never hold a root.
    arch::Asid_slot& slot = port::cpu_local().arch.asid_slots[asid];
    if (slot.root == root_pa) {
        arch::csr_write<arch::csr::satp>(slot.satp);
        return;
    }
    arch::word_t hw = arch::hw_asid(asid);
    arch::word_t satp = arch::satp_mode_sv39 | (hw << arch::satp_asid_shift) | (root_pa >> 12);
    arch::csr_write<arch::csr::satp>(satp);
    if (hw == 0) {
        // ASID 0 is shared by every space the hardware cannot tag: forget them all.
        arch::sfence_vma_all();
        return;
    }
    // First time here, or another space ran under this ASID: drop its entries.
    arch::sfence_vma_asid(hw);
    slot.root = root_pa;
    slot.satp = satp;
}

void tlb_flush_page(unsigned asid, vaddr_t va) {
    arch::word_t hw = arch::hw_asid(asid);
    if (hw == 0) {
        arch::sfence_vma_page_all_asids(va);
    } else {
        arch::sfence_vma_page(va, hw);
    }
}

void tlb_flush_space(unsigned asid) {
    arch::word_t hw = arch::hw_asid(asid);
    if (hw == 0) {
        arch::sfence_vma_all();
    } else {
        arch::sfence_vma_asid(hw);
    }
}

}  // namespace port
