// SPDX-License-Identifier: BSD-2-Clause
// Fixed-size object caches (see kern/slab.hpp).
#include <kern/lib.hpp>
#include <kern/slab.hpp>

namespace kern {

void* Slab_cache::alloc() {
    if (!_free) {
        auto* page = static_cast<uint8_t*>(kmem.alloc(0));
        if (!page) return nullptr;
        for (size_t off = 0; off + _size <= page_size; off += _size) {
            auto* o = reinterpret_cast<Free_object*>(page + off);
            o->next = _free;
            _free = o;
        }
    }
    Free_object* o = _free;
    _free = o->next;
    memset(o, 0, _size);
    ++_in_use;
    return o;
}

void Slab_cache::free(void* object) {
    auto* o = static_cast<Free_object*>(object);
    o->next = _free;
    _free = o;
    --_in_use;
}

}  // namespace kern
