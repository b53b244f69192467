// SPDX-License-Identifier: BSD-2-Clause
// Tests of the fixed-size object caches (slab.cc) on top of kmem: sizes,
// zeroed and distinct objects, reuse, and running out of kernel memory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <vector>

#include <kern/kmem.hpp>
#include <kern/slab.hpp>

namespace {

using kern::page_size;

/// kern::kmem over a small pool of host memory.
class Slab : public ::testing::Test {
protected:
    void SetUp() override {
        pool = static_cast<uint8_t*>(std::aligned_alloc(page_size, pool_size));
        kern::kmem.init(pool, pool_size);
    }
    void TearDown() override {
        kern::kmem = kern::Kmem();
        std::free(pool);
    }
    static constexpr size_t pool_size = 16 * page_size;
    uint8_t* pool = nullptr;
};

TEST_F(Slab, ObjectsAreDistinctAlignedAndZeroed) {
    kern::Slab_cache cache(40);
    std::set<uint8_t*> seen;
    for (int i = 0; i < 300; ++i) {   // more than one page's worth
        auto* o = static_cast<uint8_t*>(cache.alloc());
        ASSERT_NE(o, nullptr);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(o) % 8, 0u);
        EXPECT_TRUE(kern::kmem.contains(o));
        for (int b = 0; b < 40; ++b) ASSERT_EQ(o[b], 0);
        std::memset(o, 0xCC, 40);
        for (uint8_t* other : seen) ASSERT_GE(std::max(o, other) - std::min(o, other), 40);
        seen.insert(o);
    }
    EXPECT_EQ(cache.in_use(), 300u);
    for (uint8_t* o : seen) cache.free(o);
    EXPECT_EQ(cache.in_use(), 0u);
    auto* again = static_cast<uint8_t*>(cache.alloc());   // reused, zeroed again
    ASSERT_NE(again, nullptr);
    EXPECT_TRUE(seen.count(again));
    for (int b = 0; b < 40; ++b) EXPECT_EQ(again[b], 0);
}

TEST_F(Slab, TinyObjectsHoldAFreeListLink) {
    kern::Slab_cache cache(1);
    auto* a = static_cast<uint8_t*>(cache.alloc());
    auto* b = static_cast<uint8_t*>(cache.alloc());
    ASSERT_TRUE(a && b);
    EXPECT_GE(std::max(a, b) - std::min(a, b), static_cast<long>(sizeof(void*)));
}

TEST_F(Slab, RunsOutWithKernelMemory) {
    kern::Slab_cache cache(page_size / 2 - 64);   // two objects per page, beside the page header
    size_t pages = kern::kmem.free_bytes() / page_size;
    std::vector<void*> objects;
    while (void* o = cache.alloc()) objects.push_back(o);
    EXPECT_EQ(objects.size(), 2 * pages);
    EXPECT_EQ(kern::kmem.free_bytes(), 0u);
    cache.free(objects.back());
    EXPECT_NE(cache.alloc(), nullptr);       // a freed object comes back
    EXPECT_EQ(cache.alloc(), nullptr);
}

TEST_F(Slab, FreeingEverythingReturnsAllPages) {
    size_t before = kern::kmem.free_bytes();
    kern::Slab_cache cache(200);
    std::vector<void*> objects;
    for (int i = 0; i < 100; ++i) objects.push_back(cache.alloc());   // 5 pages of the 16
    for (void* o : objects) ASSERT_NE(o, nullptr);
    EXPECT_GT(cache.pages(), 1u);
    EXPECT_LT(kern::kmem.free_bytes(), before);
    // Free in an order that empties pages in the middle of the partial list.
    for (size_t i = 0; i < objects.size(); i += 2) cache.free(objects[i]);
    for (size_t i = 1; i < objects.size(); i += 2) cache.free(objects[i]);
    EXPECT_EQ(cache.in_use(), 0u);
    EXPECT_EQ(cache.pages(), 0u);
    EXPECT_EQ(kern::kmem.free_bytes(), before);
    EXPECT_TRUE(kern::kmem.consistent());
}

}  // namespace
