// SPDX-License-Identifier: BSD-2-Clause
// Buddy allocator for kernel memory (see kern/kmem.hpp).
#include <kern/kmem.hpp>
#include <kern/lib.hpp>

namespace kern {

Kmem kmem;

void Kmem::init(void* base, size_t size) {
    auto* start = static_cast<uint8_t*>(base);
    size_t pages = size / page_size;
    // The state array lives in the first pages of the pool itself.
    size_t state_pages = align_up(pages, page_size) / page_size;
    if (pages <= state_pages) {
        _pages = 0;
        return;
    }
    _state = start;
    memset(_state, 0, state_pages * page_size);
    _base = start + state_pages * page_size;
    _pages = pages - state_pages;
    _free_pages = 0;
    for (auto& f : _free) f = nullptr;

    // Carve the range into the largest naturally aligned blocks.
    size_t i = 0;
    while (i < _pages) {
        unsigned order = max_order;
        auto addr = reinterpret_cast<word_t>(page(i));
        while (order > 0 && (!is_aligned(addr, page_size << order) || i + (size_t{1} << order) > _pages))
            --order;
        push(i, order);
        _free_pages += size_t{1} << order;
        i += size_t{1} << order;
    }
}

bool Kmem::contains(const void* p) const {
    auto* b = static_cast<const uint8_t*>(p);
    return b >= _base && b < _base + _pages * page_size;
}

size_t Kmem::index_of(const void* p) const {
    return static_cast<size_t>(static_cast<const uint8_t*>(p) - _base) / page_size;
}

void Kmem::push(size_t index, unsigned order) {
    auto* b = static_cast<Free_block*>(page(index));
    b->prev = nullptr;
    b->next = _free[order];
    if (b->next) b->next->prev = b;
    _free[order] = b;
    _state[index] = static_cast<uint8_t>(free_head | order);
}

void Kmem::remove(size_t index, unsigned order) {
    auto* b = static_cast<Free_block*>(page(index));
    if (b->prev) b->prev->next = b->next;
    else _free[order] = b->next;
    if (b->next) b->next->prev = b->prev;
    _state[index] = 0;
}

void* Kmem::alloc(unsigned order) {
    if (order > max_order) return nullptr;
    unsigned o = order;
    while (o <= max_order && !_free[o]) ++o;
    if (o > max_order) return nullptr;
    size_t index = index_of(_free[o]);
    remove(index, o);
    // Split: keep the lower half, free the upper halves.
    while (o > order) {
        --o;
        push(index + (size_t{1} << o), o);
    }
    _free_pages -= size_t{1} << order;
    void* block = page(index);
    memset(block, 0, page_size << order);
    return block;
}

void Kmem::free(void* block, unsigned order) {
    size_t index = index_of(block);
    _free_pages += size_t{1} << order;
    // Merge with free buddies as long as possible. Buddies are found by
    // address, so the merged block stays naturally aligned.
    while (order < max_order) {
        auto addr = reinterpret_cast<word_t>(page(index));
        word_t buddy_addr = addr ^ (page_size << order);
        auto* buddy = reinterpret_cast<uint8_t*>(buddy_addr);
        if (buddy < _base || buddy >= _base + _pages * page_size) break;
        size_t b = index_of(buddy);
        if (b + (size_t{1} << order) > _pages) break;
        if (_state[b] != (free_head | order)) break;
        remove(b, order);
        index = min(index, b);
        ++order;
    }
    push(index, order);
}

bool Kmem::consistent() const {
    size_t counted = 0;
    for (unsigned o = 0; o <= max_order; ++o) {
        const Free_block* prev = nullptr;
        for (const Free_block* b = _free[o]; b; prev = b, b = b->next) {
            if (!contains(b) || b->prev != prev) return false;
            if (_state[index_of(b)] != (free_head | o)) return false;
            counted += size_t{1} << o;
        }
    }
    return counted == _free_pages;
}

}  // namespace kern
