// SPDX-License-Identifier: BSD-2-Clause
// Tests of the buddy allocator (kmem.cc) on host memory: natural alignment,
// zeroed blocks, exhaustion, coalescing back to the largest blocks, and a
// long random alloc/free sequence checked against a model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include <kern/kmem.hpp>

namespace {

using kern::Kmem;
using kern::page_size;

constexpr size_t max_block = page_size << Kmem::max_order;

/// A pool of host memory aligned like the largest block.
struct Pool {
    uint8_t* base;
    size_t size;
    explicit Pool(size_t bytes) : base(static_cast<uint8_t*>(std::aligned_alloc(max_block, bytes))),
                                  size(bytes) {
        std::memset(base, 0xA5, size);   // garbage: alloc must zero
    }
    ~Pool() { std::free(base); }
};

bool aligned(const void* p, size_t a) { return reinterpret_cast<uintptr_t>(p) % a == 0; }

TEST(Kmem, InitTakesMetadataFromTheFront) {
    Pool pool(4 * max_block);
    Kmem k;
    k.init(pool.base, pool.size);
    size_t pages = pool.size / page_size;
    size_t state_pages = (pages + page_size - 1) / page_size;
    EXPECT_EQ(k.total_bytes(), (pages - state_pages) * page_size);
    EXPECT_EQ(k.free_bytes(), k.total_bytes());
    EXPECT_TRUE(k.consistent());
    EXPECT_FALSE(k.contains(pool.base));                         // metadata page
    EXPECT_TRUE(k.contains(pool.base + state_pages * page_size));
    EXPECT_FALSE(k.contains(pool.base + pool.size));
}

TEST(Kmem, TooSmallPoolsHoldNothing) {
    Pool pool(max_block);
    Kmem k;
    k.init(pool.base, page_size);   // one page: all of it would be metadata
    EXPECT_EQ(k.total_bytes(), 0u);
    EXPECT_EQ(k.alloc(0), nullptr);
}

TEST(Kmem, BlocksAreAlignedZeroedAndInside) {
    Pool pool(4 * max_block);
    Kmem k;
    k.init(pool.base, pool.size);
    for (unsigned order = 0; order <= Kmem::max_order; ++order) {
        auto* b = static_cast<uint8_t*>(k.alloc(order));
        ASSERT_NE(b, nullptr) << "order " << order;
        size_t bytes = page_size << order;
        EXPECT_TRUE(aligned(b, bytes)) << "order " << order;
        EXPECT_TRUE(k.contains(b));
        EXPECT_TRUE(k.contains(b + bytes - 1));
        for (size_t i = 0; i < bytes; ++i) ASSERT_EQ(b[i], 0) << "order " << order << " byte " << i;
        std::memset(b, 0xFF, bytes);   // dirty it: the next user must get zeroes again
        k.free(b, order);
        EXPECT_TRUE(k.consistent());
    }
    EXPECT_EQ(k.free_bytes(), k.total_bytes());
    EXPECT_EQ(k.alloc(Kmem::max_order + 1), nullptr);
}

TEST(Kmem, ExhaustionAndFullCoalescing) {
    Pool pool(2 * max_block);
    Kmem k;
    k.init(pool.base, pool.size);
    const size_t total_pages = k.total_bytes() / page_size;
    std::vector<void*> pages;
    while (void* p = k.alloc(0)) pages.push_back(p);
    EXPECT_EQ(pages.size(), total_pages);
    EXPECT_EQ(k.free_bytes(), 0u);
    EXPECT_TRUE(k.consistent());
    // All distinct.
    std::sort(pages.begin(), pages.end());
    EXPECT_EQ(std::adjacent_find(pages.begin(), pages.end()), pages.end());
    // Free in a scrambled order; the buddies must merge back completely.
    std::mt19937 rng(7);
    std::shuffle(pages.begin(), pages.end(), rng);
    for (void* p : pages) k.free(p, 0);
    EXPECT_EQ(k.free_bytes(), k.total_bytes());
    EXPECT_TRUE(k.consistent());
    // The second max block of the pool is whole again (the first lost a page to metadata).
    void* big = k.alloc(Kmem::max_order);
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big, pool.base + max_block);
    EXPECT_EQ(k.alloc(Kmem::max_order), nullptr);
}

TEST(Kmem, SplitHalvesAreUsable) {
    Pool pool(2 * max_block);
    Kmem k;
    k.init(pool.base, pool.size);
    auto* a = static_cast<uint8_t*>(k.alloc(Kmem::max_order));
    ASSERT_NE(a, nullptr);
    k.free(a, Kmem::max_order);
    // Two order-(max-1) blocks from one split: the buddies of each other.
    auto* x = static_cast<uint8_t*>(k.alloc(Kmem::max_order - 1));
    auto* y = static_cast<uint8_t*>(k.alloc(Kmem::max_order - 1));
    ASSERT_TRUE(x && y);
    EXPECT_EQ(static_cast<size_t>(std::abs(x - y)), max_block / 2);
    k.free(x, Kmem::max_order - 1);
    k.free(y, Kmem::max_order - 1);
    EXPECT_EQ(k.alloc(Kmem::max_order), a);
}

TEST(Kmem, RandomSequenceMatchesAModel) {
    Pool pool(4 * max_block);
    Kmem k;
    k.init(pool.base, pool.size);
    std::map<uint8_t*, unsigned> live;   // block -> order
    std::mt19937 rng(12345);
    size_t used = 0;
    for (int step = 0; step < 5000; ++step) {
        if (live.empty() || rng() % 3 != 0) {
            unsigned order = rng() % 5 == 0 ? rng() % (Kmem::max_order + 1) : rng() % 3;
            auto* b = static_cast<uint8_t*>(k.alloc(order));
            if (!b) continue;
            size_t bytes = page_size << order;
            ASSERT_TRUE(aligned(b, bytes));
            // No overlap with any live block.
            auto next = live.lower_bound(b);
            if (next != live.end()) {
                ASSERT_GE(next->first, b + bytes);
            }
            if (next != live.begin()) {
                auto prev = std::prev(next);
                ASSERT_LE(prev->first + (page_size << prev->second), b);
            }
            ASSERT_EQ(b[0], 0);
            ASSERT_EQ(b[bytes - 1], 0);
            std::memset(b, 0x5A, bytes);
            live[b] = order;
            used += bytes;
        } else {
            auto it = live.begin();
            std::advance(it, rng() % live.size());
            k.free(it->first, it->second);
            used -= page_size << it->second;
            live.erase(it);
        }
        ASSERT_EQ(k.free_bytes(), k.total_bytes() - used) << "step " << step;
        if (step % 50 == 0) {
            ASSERT_TRUE(k.consistent()) << "step " << step;
        }
    }
    for (auto& [b, order] : live) k.free(b, order);
    EXPECT_EQ(k.free_bytes(), k.total_bytes());
    EXPECT_TRUE(k.consistent());
}

}  // namespace
