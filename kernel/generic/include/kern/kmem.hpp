// SPDX-License-Identifier: BSD-2-Clause
// Kernel memory: a buddy allocator over one pool of RAM carved out at boot
// (kmem_mb option), reported to user level as reserved. Blocks are 2^order
// pages, naturally aligned, zeroed on allocation. Every operation is
// O(max_order), so kernel paths that allocate stay bounded. Running out is an
// ordinary condition: alloc() returns nullptr and callers answer NoMem.
#pragma once

#include <kern/types.hpp>

namespace kern {

class Kmem {
public:
    static constexpr unsigned max_order = 10;  // 4 MiB blocks

    /// Takes [base, base+size) (kernel virtual, page aligned, size a multiple
    /// of a page). Metadata is taken from the front of the pool.
    void init(void* base, size_t size);

    /// A zeroed block of 2^order pages, or nullptr when none is left.
    [[nodiscard]] void* alloc(unsigned order);
    /// Returns a block obtained from alloc(order).
    void free(void* block, unsigned order);

    size_t free_bytes() const { return _free_pages * page_size; }
    size_t total_bytes() const { return _pages * page_size; }
    bool contains(const void* p) const;

    /// Checks the free lists against the page states (debugger, tests).
    bool consistent() const;

private:
    struct Free_block {
        Free_block* next;
        Free_block* prev;
    };

    // Per-page state: free_head marks the first page of a free block whose
    // order is in the low bits; other pages are 0.
    static constexpr uint8_t free_head = 0x80;

    uint8_t* _base = nullptr;     // first page managed
    size_t _pages = 0;
    size_t _free_pages = 0;
    uint8_t* _state = nullptr;    // _pages bytes
    Free_block* _free[max_order + 1] = {};

    size_t index_of(const void* p) const;
    void* page(size_t index) const { return _base + index * page_size; }
    void push(size_t index, unsigned order);
    void remove(size_t index, unsigned order);
};

extern Kmem kmem;

}  // namespace kern
