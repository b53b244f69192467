// SPDX-License-Identifier: BSD-2-Clause
// Tests of the generic page-table walker (kern/page_table.hpp) over the
// host's made-up entry format (shim/include/arch/pt_format.hpp), with table
// blocks (table page + shadow page) from the C library: leaf sizes, finding
// leaves, shadow words, iteration, failing allocation, freeing only the user
// part.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <vector>

#include <arch/pt_format.hpp>
#include <kern/page_table.hpp>

namespace {

using kern::Mem_attr;
using kern::Rights;
using kern::word_t;
using Table = kern::Page_table<arch::Pt_format>;
using F = arch::Pt_format;

constexpr size_t block_size = 2 * kern::page_size;   // table page + shadow page

std::set<void*> live_tables;
bool fail_alloc = false;

void* new_block() {
    void* t = std::aligned_alloc(kern::page_size, block_size);
    std::memset(t, 0, block_size);
    return t;
}
void* alloc_table() {
    if (fail_alloc) return nullptr;
    void* t = new_block();
    live_tables.insert(t);
    return t;
}
void free_table(void* t) {
    EXPECT_EQ(live_tables.erase(t), 1u) << "freed a table twice or one never allocated";
    std::free(t);
}
void* to_virt(kern::paddr_t pa) { return reinterpret_cast<void*>(pa); }
kern::paddr_t to_phys(const void* p) { return reinterpret_cast<kern::paddr_t>(p); }

constexpr kern::Table_allocator allocator{alloc_table, free_table, to_virt, to_phys};

class PageTable : public ::testing::Test {
protected:
    void SetUp() override {
        fail_alloc = false;
        root = new_block();   // the space's, not the walker's
    }
    void TearDown() override {
        for (void* t : live_tables) std::free(t);
        live_tables.clear();
        std::free(root);
    }
    void* root = nullptr;
};

TEST_F(PageTable, LeafSizes) {
    static_assert(Table::leaf_shift(0) == 12 && Table::leaf_shift(2) == 30);
    EXPECT_EQ(Table::level_of(12), 0u);
    EXPECT_EQ(Table::level_of(21), 1u);
    EXPECT_EQ(Table::level_of(39), 3u);
    EXPECT_EQ(Table::level_of(13), ~0u);
    EXPECT_EQ(Table::level_of(11), ~0u);
    EXPECT_TRUE(Table::leaf_size_allowed(12));
    EXPECT_TRUE(Table::leaf_size_allowed(21));
    EXPECT_TRUE(Table::leaf_size_allowed(30));
    EXPECT_FALSE(Table::leaf_size_allowed(39));   // the format has no 512 GiB leaves
    EXPECT_FALSE(Table::leaf_size_allowed(48));
}

TEST_F(PageTable, MapAndFindEachLeafSize) {
    Table pt(root, allocator);
    ASSERT_TRUE(pt.map(0x400000, 0x12345000, 12, Rights::rx, Mem_attr::normal, 0x111));
    ASSERT_TRUE(pt.map(0x40200000, 0x80200000, 21, Rights::rw, Mem_attr::normal, 0x222));
    ASSERT_TRUE(pt.map(word_t{5} << 30, word_t{3} << 30, 30, Rights::r, Mem_attr::device, 0x333));
    Table::Leaf l;
    ASSERT_TRUE(pt.find(0x400abc, &l));
    EXPECT_EQ(l.va, 0x400000u);
    EXPECT_EQ(l.size_log2, 12u);
    EXPECT_EQ(l.pa(), 0x12345000u);
    EXPECT_EQ(F::rights(*l.entry), Rights::rx);
    EXPECT_EQ(*l.shadow, 0x111u);
    ASSERT_TRUE(pt.find(0x40200000 + 0x1ffff0, &l));
    EXPECT_EQ(l.va, 0x40200000u);
    EXPECT_EQ(l.size_log2, 21u);
    EXPECT_EQ(l.pa(), 0x80200000u);
    EXPECT_EQ(*l.shadow, 0x222u);
    ASSERT_TRUE(pt.find((word_t{5} << 30) + 0x3abcdef0, &l));
    EXPECT_EQ(l.va, word_t{5} << 30);
    EXPECT_EQ(l.size_log2, 30u);
    EXPECT_EQ(l.pa(), word_t{3} << 30);
    EXPECT_EQ(*l.shadow, 0x333u);
    // Neighbours stay unmapped.
    EXPECT_FALSE(pt.find(0x3ff000, &l));
    EXPECT_FALSE(pt.find(0x401000, &l));
    EXPECT_FALSE(pt.find(0x40000000, &l));
    EXPECT_FALSE(pt.find(word_t{6} << 30, &l));
}

TEST_F(PageTable, UnsupportedSizesAreRefused) {
    Table pt(root, allocator);
    for (unsigned size : {39u, 13u, 11u, 48u, 0u})
        EXPECT_FALSE(pt.map(0, 0, size, Rights::rw, Mem_attr::normal)) << size;
    EXPECT_TRUE(live_tables.empty());
}

TEST_F(PageTable, TablesAreAllocatedOnlyOnceAndEntriesPublished) {
    Table pt(root, allocator);
    unsigned long published = F::published;
    ASSERT_TRUE(pt.map(0x400000, 0x1000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_EQ(live_tables.size(), 3u);   // levels 2, 1, 0 below the root
    EXPECT_EQ(F::published - published, 4u);   // 3 table entries and the leaf
    ASSERT_TRUE(pt.map(0x401000, 0x2000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_EQ(live_tables.size(), 3u);   // same level-0 table
    ASSERT_TRUE(pt.map(0x600000, 0x3000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_EQ(live_tables.size(), 4u);   // a new level-0 table
}

TEST_F(PageTable, SetRewritesAndRemovesLeaves) {
    Table pt(root, allocator);
    Table::Leaf l;
    ASSERT_TRUE(pt.map(0x400000, 0x9000, 12, Rights::rwx, Mem_attr::normal, 0xABC));
    ASSERT_TRUE(pt.find(0x400000, &l));
    Table::set(l, F::make_leaf(0x9000, 0, Rights::r, Mem_attr::normal));   // downgrade
    ASSERT_TRUE(pt.find(0x400000, &l));
    EXPECT_EQ(F::rights(*l.entry), Rights::r);
    EXPECT_EQ(*l.shadow, 0xABCu);                // a rights change keeps the shadow word
    Table::set(l, 0);                            // removal clears it
    EXPECT_EQ(*l.shadow, 0u);
    EXPECT_FALSE(pt.find(0x400000, &l));
}

TEST_F(PageTable, SmallPagesInsideALargeLeafAreRefused) {
    Table pt(root, allocator);
    ASSERT_TRUE(pt.map(0x200000, 0x40000000, 21, Rights::rw, Mem_attr::normal));
    size_t tables = live_tables.size();
    EXPECT_FALSE(pt.map(0x201000, 0x1000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_EQ(live_tables.size(), tables);
    Table::Leaf l;
    ASSERT_TRUE(pt.find(0x201000, &l));         // the large leaf is untouched
    EXPECT_EQ(l.pa(), 0x40000000u);
    EXPECT_EQ(l.size_log2, 21u);
}

// Regression (host fuzzer, table-leak): a large leaf over tables left empty
// by an unmap used to orphan them.
TEST_F(PageTable, ALargeLeafFreesTheEmptyTablesItReplaces) {
    Table pt(root, allocator);
    ASSERT_TRUE(pt.map(0x40003000, 0x1000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_EQ(live_tables.size(), 3u);   // levels 2, 1, 0
    Table::Leaf l;
    ASSERT_TRUE(pt.find(0x40003000, &l));
    Table::set(l, 0);                    // unmapped: the tables stay, empty
    ASSERT_TRUE(pt.map(0x40000000, 0x80000000, 30, Rights::rw, Mem_attr::normal));
    EXPECT_EQ(live_tables.size(), 1u);   // the level-1 and level-0 tables are gone
    ASSERT_TRUE(pt.find(0x40003000, &l));
    EXPECT_EQ(l.size_log2, 30u);
    EXPECT_EQ(l.pa(), 0x80000000u);
}

TEST_F(PageTable, FailedTableAllocationLeavesNoMapping) {
    Table pt(root, allocator);
    fail_alloc = true;
    EXPECT_FALSE(pt.map(0x400000, 0x1000, 12, Rights::rw, Mem_attr::normal));
    Table::Leaf l;
    EXPECT_FALSE(pt.find(0x400000, &l));
    fail_alloc = false;
    EXPECT_TRUE(pt.map(0x400000, 0x1000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_TRUE(pt.find(0x400000, &l));
}

TEST_F(PageTable, NextVisitsLeavesInAddressOrder) {
    Table pt(root, allocator);
    const std::vector<std::pair<word_t, unsigned>> leaves = {
        {0x1000, 12}, {0x5000, 12}, {0x200000, 21}, {0x7fc0000000, 30}, {0x7ffffffff000, 12}};
    for (auto [va, size] : leaves)
        ASSERT_TRUE(pt.map(va, 0x100000000 + va, size, Rights::rw, Mem_attr::normal));
    std::vector<std::pair<word_t, unsigned>> seen;
    Table::Leaf l;
    for (word_t va = 0; pt.next(va, F::user_top, &l); va = l.va + (word_t{1} << l.size_log2))
        seen.push_back({l.va, l.size_log2});
    EXPECT_EQ(seen, leaves);
    // A start inside a leaf finds that leaf; the end bound is exclusive.
    ASSERT_TRUE(pt.next(0x2ff000, F::user_top, &l));
    EXPECT_EQ(l.va, 0x200000u);
    ASSERT_TRUE(pt.next(0x2000, 0x5001, &l));
    EXPECT_EQ(l.va, 0x5000u);
    EXPECT_FALSE(pt.next(0x2000, 0x5000, &l));
    EXPECT_FALSE(pt.next(0x400000, 0x7fc0000000, &l));
}

TEST_F(PageTable, FreeUserTablesKeepsTheKernelPart) {
    Table pt(root, allocator);
    ASSERT_TRUE(pt.map(0x400000, 0x1000, 12, Rights::rw, Mem_attr::normal));
    ASSERT_TRUE(pt.map(0x7fffffff000, 0x2000, 12, Rights::rw, Mem_attr::normal));
    ASSERT_TRUE(pt.map(F::user_top - 0x1000, 0x3000, 12, Rights::rw, Mem_attr::normal));
    // The walker refuses to map at or above the user part's end ...
    const word_t kernel_va = 0xFFFF800000000000ul;
    EXPECT_FALSE(pt.map(kernel_va, 0x4000, 12, Rights::rw, Mem_attr::normal));
    EXPECT_FALSE(pt.map(F::user_top, 0x4000, 12, Rights::rw, Mem_attr::normal));
    // ... but a space's root holds the kernel's tables there (installed by
    // port::init_user_root): they must survive free_user_tables.
    void* kernel_table = alloc_table();
    auto* root_entries = static_cast<F::Entry*>(root);
    const unsigned top = static_cast<unsigned>((kernel_va >> Table::leaf_shift(F::levels - 1)) &
                                               (Table::entries - 1));
    root_entries[top] = F::make_table(to_phys(kernel_table));
    Table::Leaf l;
    EXPECT_FALSE(pt.next(F::user_top - 0x1000 + 1, ~word_t{0}, &l) && l.va >= F::user_top)
        << "next must not report kernel leaves";
    pt.free_user_tables();
    EXPECT_EQ(live_tables.size(), 1u) << "only the kernel's table may remain";
    EXPECT_TRUE(live_tables.count(kernel_table));
    EXPECT_EQ(F::address(root_entries[top]), to_phys(kernel_table));
    EXPECT_FALSE(pt.find(0x400000, &l));
    EXPECT_FALSE(pt.find(F::user_top - 0x1000, &l));
}

}  // namespace
