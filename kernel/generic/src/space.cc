// SPDX-License-Identifier: BSD-2-Clause
// Address spaces (see kern/space.hpp).
#include <kern/kmem.hpp>
#include <kern/lib.hpp>
#include <kern/placement_new.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>

namespace kern {

namespace {

constexpr unsigned table_order = 1;   // table page + shadow page

void* table_alloc() { return kmem.alloc(table_order); }
void table_free(void* p) { kmem.free(p, table_order); }
paddr_t table_phys(const void* p) { return port::virt_to_phys(p); }

constexpr Table_allocator table_allocator{table_alloc, table_free, port::phys_to_virt, table_phys};

// ASIDs: a bitmap of 256; space 0 (kernel) never has one. When all are in
// use a new space shares ASID 255, which costs TLB flushes, not correctness
// (activate_space flushes when the ASID is shared).
constexpr unsigned asid_count = Space::shared_asid + 1;
uint64_t asid_used[asid_count / 64] = {1};

unsigned asid_alloc() {
    for (unsigned i = 1; i < asid_count; ++i)
        if (!(asid_used[i / 64] & (uint64_t{1} << (i % 64)))) {
            asid_used[i / 64] |= uint64_t{1} << (i % 64);
            return i;
        }
    return asid_count - 1;
}

void asid_free(unsigned asid) {
    if (asid && asid < asid_count - 1) asid_used[asid / 64] &= ~(uint64_t{1} << (asid % 64));
}

}  // namespace

Space* Space::create() {
    void* obj = kmem.alloc(0);
    if (!obj) return nullptr;
    void* root = kmem.alloc(table_order);
    if (!root) {
        kmem.free(obj, 0);
        return nullptr;
    }
    static_assert(sizeof(Space) <= page_size);
    auto* s = new (obj) Space();
    s->_root = root;
    s->_root_pa = port::virt_to_phys(root);
    s->_asid = asid_alloc();
    port::init_user_root(root);
    return s;
}

void Space::destroy() {
    // UTCB pages are the kernel's; the KIP page is static.
    if (utcb_area_log2) {
        Leaf l;
        vaddr_t end = utcb_area + (vaddr_t{1} << utcb_area_log2);
        for (vaddr_t p = utcb_area; table().next(p, end, &l); p = l.va + (vaddr_t{1} << l.size_log2))
            kmem.free(port::phys_to_virt(l.pa()), 0);
    }
    table().free_user_tables();
    port::tlb_flush_space(_asid);
    asid_free(_asid);
    kmem.free(_root, table_order);
    kmem.free(this, 0);
}

Space::Table Space::table() const { return Table(_root, table_allocator); }

bool Space::map_kernel_owned(vaddr_t va, paddr_t pa, unsigned size_log2, Rights r, Mem_attr a) {
    if (va >= arch::Pt_format::user_top) return false;
    if (!table().map(va, pa, size_log2, r, a, 0)) return false;
    port::tlb_flush_page(_asid, va);
    return true;
}

bool Space::find(vaddr_t va, Leaf* out) const {
    return va < arch::Pt_format::user_top && table().find(va, out);
}

bool Space::translate(vaddr_t va, paddr_t* pa, Rights* rights) const {
    Leaf l;
    if (!find(va, &l)) return false;
    *pa = l.pa() + (va - l.va);
    *rights = arch::Pt_format::rights(*l.entry);
    return true;
}

bool Space::read_user(vaddr_t uva, void* dst, size_t n) const {
    auto* d = static_cast<uint8_t*>(dst);
    while (n) {
        paddr_t pa;
        Rights r;
        if (!translate(uva, &pa, &r) || !has(r, Rights::r)) return false;
        size_t chunk = min(n, page_size - (uva & (page_size - 1)));
        memcpy(d, port::phys_to_virt(pa), chunk);
        d += chunk;
        uva += chunk;
        n -= chunk;
    }
    return true;
}

bool Space::write_user(vaddr_t uva, const void* src, size_t n) const {
    const auto* s = static_cast<const uint8_t*>(src);
    while (n) {
        paddr_t pa;
        Rights r;
        if (!translate(uva, &pa, &r) || !has(r, Rights::w)) return false;
        size_t chunk = min(n, page_size - (uva & (page_size - 1)));
        memcpy(port::phys_to_virt(pa), s, chunk);
        s += chunk;
        uva += chunk;
        n -= chunk;
    }
    return true;
}

bool Space::read_user_string(vaddr_t uva, char* buf, size_t size) const {
    for (size_t i = 0; i + 1 < size; ++i) {
        if (!read_user(uva + i, &buf[i], 1)) {
            buf[i] = '\0';
            return false;
        }
        if (buf[i] == '\0') return true;
    }
    if (size) buf[size - 1] = '\0';
    return false;
}

bool Space::in_kernel_areas(vaddr_t va, word_t size) const {
    return (kip_area_log2 && ranges_overlap(va, size, kip_area, word_t{1} << kip_area_log2)) ||
           (utcb_area_log2 && ranges_overlap(va, size, utcb_area, word_t{1} << utcb_area_log2));
}

void Space::activate() const {
    port::activate_space(_root_pa, _asid);
    // Spaces beyond the ASID supply share the last one: flush what another
    // space may have left under it.
    if (_asid == asid_count - 1) port::tlb_flush_space(_asid);
}
void Space::flush_tlb(vaddr_t va) const { port::tlb_flush_page(_asid, va); }

}  // namespace kern
