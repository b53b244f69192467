// SPDX-License-Identifier: BSD-2-Clause
// Fixed-size object allocator on top of kmem. Each page holds a small
// header and objects of one size; pages with free objects are kept on a
// list, and a page whose last object is freed goes back to kmem at once, so
// freeing every object returns all the memory. alloc and free are O(1).
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
    size_t pages() const { return _pages; }

private:
    struct Free_object {
        Free_object* next;
    };
    struct Page {              // at the start of every slab page
        Page* next;            // pages with at least one free object
        Page* prev;
        Free_object* free;
        size_t used;
    };
    size_t _size;
    Page* _partial = nullptr;
    size_t _in_use = 0;
    size_t _pages = 0;

    Page* new_page();
    void unlink(Page* p);
};

}  // namespace kern
