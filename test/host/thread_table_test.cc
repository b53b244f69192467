// SPDX-License-Identifier: BSD-2-Clause
// Tests of the thread-number table (thread_table.cc): the 2^18 numbers of
// ThreadInfo.t, lookups by number and by exact global id, pages taken from
// kmem on first use.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include <kern/kmem.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>

namespace {

using kern::Thread_id;
using kern::page_size;

class ThreadTable : public ::testing::Test {
protected:
    void SetUp() override {
        pool = static_cast<uint8_t*>(std::aligned_alloc(page_size, pool_size));
        kern::kmem.init(pool, pool_size);
        table = new kern::Thread_table();
        tcb = new (std::aligned_alloc(kern::Tcb::block_size, kern::Tcb::block_size)) kern::Tcb();
        tcb->global_id = Thread_id::global(1000, 3);
    }
    void TearDown() override {
        tcb->~Tcb();
        std::free(tcb);
        delete table;
        kern::kmem = kern::Kmem();
        std::free(pool);
    }
    static constexpr size_t pool_size = 8 * page_size;
    uint8_t* pool = nullptr;
    kern::Thread_table* table = nullptr;
    kern::Tcb* tcb = nullptr;
};

TEST_F(ThreadTable, SetAndLookUp) {
    EXPECT_EQ(table->by_number(1000), nullptr);
    size_t free_before = kern::kmem.free_bytes();
    ASSERT_TRUE(table->set(1000, tcb));
    EXPECT_EQ(kern::kmem.free_bytes(), free_before - page_size);   // one second-level page
    EXPECT_EQ(table->by_number(1000), tcb);
    EXPECT_EQ(table->by_number(1001), nullptr);                    // same page, empty slot
    EXPECT_EQ(table->by_global(Thread_id::global(1000, 3)), tcb);
    EXPECT_EQ(table->by_global(Thread_id::global(1000, 4)), nullptr);   // other version
    EXPECT_EQ(table->by_global(Thread_id::any()), nullptr);
    EXPECT_EQ(table->by_global(Thread_id(0x3FFF000200)), nullptr);      // a local id
    ASSERT_TRUE(table->set(1001, tcb));
    EXPECT_EQ(kern::kmem.free_bytes(), free_before - page_size);   // no new page
    ASSERT_TRUE(table->set(1000, nullptr));
    EXPECT_EQ(table->by_number(1000), nullptr);
}

TEST_F(ThreadTable, RangeIsTwoToTheEighteen) {
    const kern::word_t last = (kern::word_t{1} << 18) - 1;
    ASSERT_TRUE(table->set(last, tcb));
    EXPECT_EQ(table->by_number(last), tcb);
    EXPECT_FALSE(table->set(last + 1, tcb));      // rejected, not aliased (decision 4)
    EXPECT_EQ(table->by_number(last + 1), nullptr);
    EXPECT_EQ(table->by_number(~kern::word_t{0}), nullptr);
    EXPECT_TRUE(table->set(0, tcb));
    EXPECT_EQ(table->by_number(0), tcb);
}

TEST_F(ThreadTable, ClearingNeedsNoMemoryAndFullMemoryFailsCleanly) {
    size_t free_before = kern::kmem.free_bytes();
    EXPECT_TRUE(table->set(5000, nullptr));       // nothing to clear: no page taken
    EXPECT_EQ(kern::kmem.free_bytes(), free_before);
    while (kern::kmem.alloc(0)) {
    }
    EXPECT_FALSE(table->set(7000, tcb));          // out of kernel memory
    EXPECT_EQ(table->by_number(7000), nullptr);
}

}  // namespace
