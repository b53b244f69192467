// SPDX-License-Identifier: BSD-2-Clause
// Address spaces (see kern/space.hpp).
#include <kern/kmem.hpp>
#include <kern/lib.hpp>
#include <kern/placement_new.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>

namespace kern {

namespace {

void* table_alloc() { return kmem.alloc(0); }
void table_free(void* p) { kmem.free(p, 0); }
paddr_t table_phys(const void* p) { return port::virt_to_phys(p); }

constexpr Table_allocator table_allocator{table_alloc, table_free, port::phys_to_virt, table_phys};

// Space objects are small; one page each keeps kmem simple. ASIDs are handed
// out in order; recycling comes with space deletion (issue 3).
unsigned next_asid = 1;

}  // namespace

Space* Space::create() {
    void* obj = kmem.alloc(0);
    if (!obj) return nullptr;
    void* root = kmem.alloc(0);
    if (!root) {
        kmem.free(obj, 0);
        return nullptr;
    }
    static_assert(sizeof(Space) <= page_size);
    auto* s = new (obj) Space();
    s->_root = root;
    s->_root_pa = port::virt_to_phys(root);
    s->_asid = next_asid++;
    port::init_user_root(root);
    return s;
}

void Space::destroy() {
    table().free_user_tables();
    port::tlb_flush_space(_asid);
    kmem.free(_root, 0);
    kmem.free(this, 0);
}

Space::Table Space::table() const { return Table(_root, table_allocator); }

bool Space::map(vaddr_t va, paddr_t pa, unsigned size_log2, Rights r, Mem_attr a) {
    if (va >= arch::Pt_format::user_top) return false;
    Table t = table();
    if (!t.map(va, pa, size_log2, r, a)) return false;
    port::tlb_flush_page(_asid, va);
    return true;
}

bool Space::unmap(vaddr_t va, unsigned size_log2) {
    Table t = table();
    bool was = t.unmap(va, size_log2);
    if (was) port::tlb_flush_page(_asid, va);
    return was;
}

bool Space::lookup(vaddr_t va, Table::Lookup* out) const {
    if (va >= arch::Pt_format::user_top) return false;
    return table().lookup(va, out);
}

bool Space::read_user(vaddr_t uva, void* dst, size_t n) const {
    auto* d = static_cast<uint8_t*>(dst);
    while (n) {
        Table::Lookup l;
        if (!lookup(uva, &l) || !has(l.rights, Rights::r)) return false;
        size_t in_page = page_size - (uva & (page_size - 1));
        size_t chunk = min(n, in_page);
        memcpy(d, port::phys_to_virt(l.pa), chunk);
        d += chunk;
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

void Space::activate() const { port::activate_space(_root_pa, _asid); }

}  // namespace kern
