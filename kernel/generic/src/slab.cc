// SPDX-License-Identifier: BSD-2-Clause
// Fixed-size object caches (see kern/slab.hpp).
#include <kern/lib.hpp>
#include <kern/slab.hpp>

namespace kern {

Slab_cache::Page* Slab_cache::new_page() {
    auto* p = static_cast<Page*>(kmem.alloc(0));
    if (!p) return nullptr;
    p->next = p->prev = nullptr;
    p->free = nullptr;
    p->used = 0;
    auto* base = reinterpret_cast<uint8_t*>(p);
    size_t first = align_up(sizeof(Page), 8);
    for (size_t off = first; off + _size <= page_size; off += _size) {
        auto* o = reinterpret_cast<Free_object*>(base + off);
        o->next = p->free;
        p->free = o;
    }
    ++_pages;
    return p;
}

void Slab_cache::unlink(Page* p) {
    if (p->prev) p->prev->next = p->next;
    else _partial = p->next;
    if (p->next) p->next->prev = p->prev;
    p->next = p->prev = nullptr;
}

void* Slab_cache::alloc() {
    if (!_partial) {
        Page* p = new_page();
        if (!p) return nullptr;
        _partial = p;
    }
    Page* p = _partial;
    Free_object* o = p->free;
    p->free = o->next;
    ++p->used;
    if (!p->free) unlink(p);  // full: off the partial list
    memset(o, 0, _size);
    ++_in_use;
    return o;
}

void Slab_cache::free(void* object) {
    auto* p = reinterpret_cast<Page*>(reinterpret_cast<word_t>(object) & ~(page_size - 1));
    bool was_full = !p->free;
    auto* o = static_cast<Free_object*>(object);
    o->next = p->free;
    p->free = o;
    --p->used;
    --_in_use;
    if (p->used == 0) {
        // Empty: back to kmem (a full page was on no list).
        if (!was_full) unlink(p);
        kmem.free(p, 0);
        --_pages;
        return;
    }
    if (was_full) {
        p->next = _partial;
        p->prev = nullptr;
        if (_partial) _partial->prev = p;
        _partial = p;
    }
}

}  // namespace kern
