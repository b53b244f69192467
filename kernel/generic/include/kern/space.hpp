// SPDX-License-Identifier: BSD-2-Clause
// Address spaces: a page table of the arch's format, an ASID, and the X.2
// KIP and UTCB areas. The kernel reaches user memory only through lookups
// in this page table and the direct map, never by dereferencing user
// pointers, so a bad user address cannot fault the kernel.
#pragma once

#include <arch/pt_format.hpp>
#include <kern/page_table.hpp>
#include <kern/types.hpp>

namespace kern {

class Space {
public:
    using Table = Page_table<arch::Pt_format>;
    using Leaf = Table::Leaf;

    /// A new, empty space (kernel part installed); nullptr if out of memory.
    static Space* create();
    /// Frees the page tables and the Space object. The caller has removed
    /// every user mapping (mapdb::flush_space) and kernel mapping before.
    void destroy();

    /// Installs a leaf without a mapping-database node (kernel mappings: KIP, UTCBs).
    [[nodiscard]] bool map_kernel_owned(vaddr_t va, paddr_t pa, unsigned size_log2, Rights r,
                                        Mem_attr a);
    Table table() const;

    /// The leaf that maps va, if any.
    bool find(vaddr_t va, Leaf* out) const;
    /// Physical address and rights of va.
    bool translate(vaddr_t va, paddr_t* pa, Rights* rights) const;

    /// Copies n bytes from / to user address uva; false if any byte is
    /// unmapped or lacks the right.
    bool read_user(vaddr_t uva, void* dst, size_t n) const;
    bool write_user(vaddr_t uva, const void* src, size_t n) const;
    /// Copies a NUL-terminated user string into buf (at most size-1 chars,
    /// always terminated); false if it is unmapped before its end or too long.
    bool read_user_string(vaddr_t uva, char* buf, size_t size) const;

    /// True if [va, va+size) touches the KIP or UTCB area (kernel-managed).
    bool in_kernel_areas(vaddr_t va, word_t size) const;

    /// ASIDs come from a bitmap of 256; when they run out, new spaces share
    /// this one, and activating such a space flushes its TLB entries.
    static constexpr unsigned shared_asid = 255;

    void activate() const;
    void flush_tlb(vaddr_t va) const;
    paddr_t root_phys() const { return _root_pa; }
    unsigned asid() const { return _asid; }

    // X.2 areas (set by SpaceControl; fixed by the kernel for initial servers).
    word_t kip_area = 0;
    unsigned kip_area_log2 = 0;
    word_t utcb_area = 0;
    unsigned utcb_area_log2 = 0;
    bool initialized() const { return kip_area_log2 != 0; }
    word_t redirector = 0;     // SpaceControl: global id of the redirector; 0 = none
    bool privileged = false;   // sigma0, sigma1 and the root server's space
    bool is_sigma0 = false;
    unsigned threads = 0;          // threads that live in this space
    struct Tcb* first_thread = nullptr;  // list through Tcb::space_next

    // For the generated assembly offsets (kern_asm_offsets.h).
    static constexpr size_t root_pa_offset();
    static constexpr size_t asid_offset();
    static constexpr size_t redirector_offset();

private:
    void* _root = nullptr;
    paddr_t _root_pa = 0;
    unsigned _asid = 0;
};

// Space mixes public and private members, so it is not standard-layout and
// offsetof is only conditionally supported; clang and GCC support it for
// classes without virtual bases, which Space is.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
constexpr size_t Space::root_pa_offset() { return __builtin_offsetof(Space, _root_pa); }
constexpr size_t Space::asid_offset() { return __builtin_offsetof(Space, _asid); }
constexpr size_t Space::redirector_offset() { return __builtin_offsetof(Space, redirector); }
#pragma GCC diagnostic pop

}  // namespace kern
