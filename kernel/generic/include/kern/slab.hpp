// SPDX-License-Identifier: BSD-2-Clause
// Fixed-size object allocator on top of kmem: pages are carved into objects
// of one size and kept on a free list. O(1) alloc and free, no hidden
// allocation, memory goes back to kmem only when the whole cache is drained
// (objects are small and churn is bounded by kernel memory anyway).
#pragma once

#include <kern/kmem.hpp>
#include <kern/types.hpp>

namespace kern {

class Slab_cache {
public:
    constexpr explicit Slab_cache(size_t object_size)
        : _size(object_size < sizeof(void*) ? sizeof(void*) : (object_size + 7) & ~size_t{7}) {}

    /// A zeroed object, or nullptr when kernel memory is exhausted.
    [[nodiscard]] void* alloc();
    void free(void* object);
    size_t in_use() const { return _in_use; }

private:
    struct Free_object {
        Free_object* next;
    };
    size_t _size;
    Free_object* _free = nullptr;
    size_t _in_use = 0;
};

}  // namespace kern
