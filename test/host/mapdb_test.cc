// SPDX-License-Identifier: BSD-2-Clause
// The mapping database (mapdb.cc) on real page tables of the host shim's
// format and kmem over host memory: map from sigma0's identity roots, rights
// ANDed down a chain, grant moving a node with its children, unmap of a
// middle mapping revoking exactly its subtree, rights reduction, over-mapping,
// superpages, the kernel half, and all memory coming back.
#include <gtest/gtest.h>

#include <cstdlib>

#include <kern/kmem.hpp>
#include <kern/mapdb.hpp>
#include <kern/space.hpp>

namespace kern {
// All "physical memory" of this test may be owned by user level, as RAM.
bool user_ownable(paddr_t, size_t, Mem_attr* attr) {
    *attr = Mem_attr::normal;
    return true;
}
paddr_t not_ownable_end(paddr_t pa) { return pa; }
}  // namespace kern

namespace {

using kern::Rights;
using kern::Space;
using kern::mapdb::Result;
using kern::mapdb::transfer;
using kern::mapdb::unmap;

class Mapdb : public ::testing::Test {
protected:
    void SetUp() override {
        pool = static_cast<uint8_t*>(std::aligned_alloc(kern::page_size << 10, pool_size));
        kern::kmem.init(pool, pool_size);
        baseline = kern::kmem.free_bytes();
        sigma0 = Space::create();
        a = Space::create();
        b = Space::create();
        c = Space::create();
        ASSERT_TRUE(sigma0 && a && b && c);
        sigma0->is_sigma0 = true;
    }
    void TearDown() override {
        for (Space* s : {c, b, a, sigma0}) {
            kern::mapdb::flush_space(*s);
            s->destroy();
        }
        EXPECT_EQ(kern::mapdb::node_count(), 0u);
        EXPECT_EQ(kern::kmem.free_bytes(), baseline) << "every table and node went back";
        kern::kmem = kern::Kmem();
        std::free(pool);
    }
    // The leaf that maps va in s: physical address, rights, size (or none).
    bool leaf(const Space* s, kern::vaddr_t va, kern::paddr_t* pa, Rights* r, unsigned* size = nullptr) {
        Space::Leaf l;
        if (!s->find(va, &l)) return false;
        *pa = l.pa() + (va - l.va);
        *r = arch::Pt_format::rights(*l.entry);
        if (size) *size = l.size_log2;
        return true;
    }

    static constexpr size_t pool_size = 8 << 20;
    uint8_t* pool = nullptr;
    size_t baseline = 0;
    Space *sigma0 = nullptr, *a = nullptr, *b = nullptr, *c = nullptr;
};

TEST_F(Mapdb, ChainRightsAndRevocationOfTheMiddle) {
    kern::paddr_t pa;
    Rights r;
    ASSERT_EQ(transfer(*sigma0, 0x100000, *a, 0x400000, 12, Rights::rwx, false), Result::ok);
    ASSERT_TRUE(leaf(a, 0x400123, &pa, &r));
    EXPECT_EQ(pa, 0x100123u) << "sigma0 maps physical memory 1:1";
    EXPECT_EQ(r, Rights::rwx);
    // A gives B read-write; B gives C everything: C gets only what B has.
    ASSERT_EQ(transfer(*a, 0x400000, *b, 0x800000, 12, Rights::rw, false), Result::ok);
    ASSERT_EQ(transfer(*b, 0x800000, *c, 0xc00000, 12, Rights::rwx, false), Result::ok);
    ASSERT_TRUE(leaf(c, 0xc00000, &pa, &r));
    EXPECT_EQ(pa, 0x100000u);
    EXPECT_EQ(r, Rights::rw) << "rights are ANDed with the mapper's";
    EXPECT_EQ(kern::mapdb::node_count(), 4u);   // sigma0's root, A, B, C
    // Unmapping B's mapping (no flush) revokes C's and keeps B's and A's.
    unmap(*b, 0x800000, 12, Rights::rwx, false);
    EXPECT_FALSE(leaf(c, 0xc00000, &pa, &r));
    EXPECT_TRUE(leaf(b, 0x800000, &pa, &r));
    EXPECT_TRUE(leaf(a, 0x400000, &pa, &r));
    // Flushing A's takes A's own and everything below it.
    ASSERT_EQ(transfer(*b, 0x800000, *c, 0xc00000, 12, Rights::rwx, false), Result::ok);
    unmap(*a, 0x400000, 12, Rights::rwx, true);
    EXPECT_FALSE(leaf(a, 0x400000, &pa, &r));
    EXPECT_FALSE(leaf(b, 0x800000, &pa, &r));
    EXPECT_FALSE(leaf(c, 0xc00000, &pa, &r));
    EXPECT_EQ(kern::mapdb::node_count(), 1u);   // only sigma0's root is left
}

TEST_F(Mapdb, RightsReductionReachesTheSubtree) {
    kern::paddr_t pa;
    Rights r;
    ASSERT_EQ(transfer(*sigma0, 0x100000, *a, 0x400000, 12, Rights::rwx, false), Result::ok);
    ASSERT_EQ(transfer(*a, 0x400000, *b, 0x800000, 12, Rights::rwx, false), Result::ok);
    ASSERT_EQ(transfer(*b, 0x800000, *c, 0xc00000, 12, Rights::rwx, false), Result::ok);
    unmap(*a, 0x400000, 12, Rights::w, false);   // revoke write below A
    ASSERT_TRUE(leaf(a, 0x400000, &pa, &r));
    EXPECT_EQ(r, Rights::rwx) << "without flush A keeps its own rights";
    ASSERT_TRUE(leaf(b, 0x800000, &pa, &r));
    EXPECT_EQ(r, Rights::rx);
    ASSERT_TRUE(leaf(c, 0xc00000, &pa, &r));
    EXPECT_EQ(r, Rights::rx);
}

TEST_F(Mapdb, GrantMovesTheNodeWithItsChildren) {
    kern::paddr_t pa;
    Rights r;
    ASSERT_EQ(transfer(*sigma0, 0x100000, *a, 0x400000, 12, Rights::rwx, false), Result::ok);
    ASSERT_EQ(transfer(*a, 0x400000, *b, 0x800000, 12, Rights::rwx, false), Result::ok);
    ASSERT_EQ(transfer(*a, 0x400000, *c, 0x500000, 12, Rights::rwx, true), Result::ok);
    EXPECT_FALSE(leaf(a, 0x400000, &pa, &r)) << "the granter loses the page";
    ASSERT_TRUE(leaf(c, 0x500000, &pa, &r));
    EXPECT_EQ(pa, 0x100000u);
    EXPECT_EQ(kern::mapdb::node_count(), 3u) << "no node was added";
    // B's mapping now hangs below C's: revoking C's subtree removes it.
    unmap(*c, 0x500000, 12, Rights::rwx, false);
    EXPECT_FALSE(leaf(b, 0x800000, &pa, &r));
}

TEST_F(Mapdb, OvermappingReplacesAndSameMappingExtends) {
    kern::paddr_t pa;
    Rights r;
    ASSERT_EQ(transfer(*sigma0, 0x100000, *a, 0x400000, 12, Rights::rwx, false), Result::ok);
    ASSERT_EQ(transfer(*a, 0x400000, *b, 0x800000, 12, Rights::r, false), Result::ok);
    ASSERT_EQ(transfer(*a, 0x400000, *b, 0x800000, 12, Rights::w, false), Result::ok);
    ASSERT_TRUE(leaf(b, 0x800000, &pa, &r));
    EXPECT_EQ(r, Rights::rw) << "the same page from the same parent: rights extended";
    EXPECT_EQ(kern::mapdb::node_count(), 3u);
    ASSERT_EQ(transfer(*sigma0, 0x200000, *b, 0x800000, 12, Rights::rx, false), Result::ok);
    ASSERT_TRUE(leaf(b, 0x800000, &pa, &r));
    EXPECT_EQ(pa, 0x200000u) << "another page replaces the old mapping";
    EXPECT_EQ(r, Rights::rx);
}

TEST_F(Mapdb, SuperpagesAndTheKernelHalf) {
    kern::paddr_t pa;
    Rights r;
    unsigned size = 0;
    ASSERT_EQ(transfer(*sigma0, 0x40000000, *a, 0x40000000, 21, Rights::rwx, false), Result::ok);
    ASSERT_TRUE(leaf(a, 0x40001000, &pa, &r, &size));
    EXPECT_EQ(size, 21u) << "a 2 MiB fpage becomes one 2 MiB leaf";
    // A window at or above the user part takes nothing.
    EXPECT_EQ(transfer(*a, 0x40000000, *b, arch::Pt_format::user_top, 21, Rights::rwx, false),
              Result::ok);
    Space::Leaf l;
    EXPECT_FALSE(b->table().next(0, ~kern::word_t{0}, &l));
    EXPECT_EQ(kern::mapdb::node_count(), 2u);
}

}  // namespace

// Regression (host fuzzer, table-leak): a large leaf received where an
// unmap left empty tables frees them (TearDown checks every page is back).
TEST_F(Mapdb, LargeLeafOverEmptyTablesLeaksNothing) {
    kern::paddr_t pa;
    Rights r;
    unsigned size = 0;
    ASSERT_EQ(transfer(*sigma0, 0x40203000, *a, 0x40203000, 12, Rights::rwx, false), Result::ok);
    unmap(*sigma0, 0x40203000, 12, Rights::rwx, false);   // a's leaf goes, its tables stay
    ASSERT_FALSE(leaf(a, 0x40203000, &pa, &r));
    size_t free_before = kern::kmem.free_bytes();
    ASSERT_EQ(transfer(*sigma0, 0x40400000, *a, 0x40200000, 21, Rights::rwx, false), Result::ok);
    ASSERT_TRUE(leaf(a, 0x40203000, &pa, &r, &size));
    EXPECT_EQ(size, 21u);
    EXPECT_EQ(pa, 0x40403000u);
    // sigma0's new 2 MiB root and a's child took slab space at most; a's
    // empty level-0 table (2 pages) went back.
    EXPECT_GE(kern::kmem.free_bytes() + 2 * kern::page_size, free_before);
}

// Regression (host fuzzer, sigma0-oom-crawl): sigma0 mapping the complete
// address space fills it until kernel memory runs out, then stops with
// no_memory at once instead of trying every remaining page.
TEST_F(Mapdb, SigmaZeroCompleteSpaceStopsWhenMemoryRunsOut) {
    EXPECT_EQ(transfer(*sigma0, 0, *a, 0, 64, Rights::rwx, false), Result::no_memory);
    EXPECT_GT(kern::mapdb::node_count(), 0u);
}

// A transfer without rights gives nothing: not even sigma0 fills its space.
TEST_F(Mapdb, NoRightsTransferDoesNothing) {
    EXPECT_EQ(transfer(*sigma0, 0, *a, 0, 64, Rights::none, false), Result::ok);
    EXPECT_EQ(kern::mapdb::node_count(), 0u);
}
