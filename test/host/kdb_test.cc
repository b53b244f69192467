// SPDX-License-Identifier: BSD-2-Clause
// The kernel debugger's host-testable parts: the line editor and argument
// parser, the input buffer between the break-key poll and KDB ReadChar
// (kdb_input.cc on the fake console), and the read-only queries its memory
// commands use (Page_table::trace, mapdb::node_at) on real page tables.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <host/fake_port.hpp>
#include <kern/kdb.hpp>
#include <kern/kdb_input.hpp>
#include <kern/kmem.hpp>
#include <kern/mapdb.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>

namespace {
unsigned stops = 0;
std::string last_reason;
}  // namespace

namespace kern {
// The command loop is not under test: record that the debugger was entered.
void kdb_stop(const char* why) {
    ++stops;
    last_reason = why ? why : "";
}
// All "physical memory" of this test may be owned by user level.
bool user_ownable(paddr_t, size_t, Mem_attr* attr) {
    *attr = Mem_attr::normal;
    return true;
}
paddr_t not_ownable_end(paddr_t pa) { return pa; }
}  // namespace kern

namespace {

using kern::word_t;
using kern::kdb::Line;

std::string read_line(const std::string& typed, size_t size = 32) {
    host::console_input(typed);
    host::console_reset();
    char buf[64];
    kern::kdb::read_line(buf, size);
    return buf;
}

TEST(KdbLine, EchoesAndEndsAtCarriageReturn) {
    EXPECT_EQ(read_line("t 5\r"), "t 5");
    EXPECT_EQ(host::console_output(), "t 5\r\n") << "the console adds the CR";
}

TEST(KdbLine, BackspaceAndDeleteEraseOneCharacter) {
    EXPECT_EQ(read_line("ab\x7f" "c\bd\r"), "ad");
    EXPECT_EQ(host::console_output(), "ab\b \bc\b \bd\r\n");
    EXPECT_EQ(read_line("\b\x7fk\r"), "k") << "erasing an empty line does nothing";
}

TEST(KdbLine, CtrlUErasesTheLine) { EXPECT_EQ(read_line("xyz\x15t\r"), "t"); }

TEST(KdbLine, CrLfIsOneLineEnd) {
    host::console_input("a\r\nb\n");
    char buf[8];
    kern::kdb::read_line(buf, sizeof buf);
    EXPECT_STREQ(buf, "a");
    kern::kdb::read_line(buf, sizeof buf);
    EXPECT_STREQ(buf, "b") << "the LF after the CR is no empty line";
}

TEST(KdbLine, FullLineRingsTheBellAndControlCharactersAreIgnored) {
    EXPECT_EQ(read_line("abc\x1d" "def\r", 4), "abc");
    EXPECT_EQ(host::console_output(), "abc\a\a\a\r\n");
}

TEST(KdbParser, HexNumbersWithAndWithoutPrefix) {
    Line in("  p 0x1F  ffffffff80000000 0");
    EXPECT_EQ(in.command(), 'p');
    word_t v = 0;
    ASSERT_TRUE(in.hex(&v));
    EXPECT_EQ(v, 0x1fu);
    ASSERT_TRUE(in.hex(&v));
    EXPECT_EQ(v, 0xffffffff80000000u);
    ASSERT_TRUE(in.hex(&v));
    EXPECT_EQ(v, 0u);
    EXPECT_TRUE(in.at_end());
    EXPECT_FALSE(in.hex(&v)) << "no word left";
    EXPECT_EQ(in.command(), '\0');
}

TEST(KdbParser, BadNumbersAreRefusedAndNotConsumed) {
    word_t v = 7;
    Line junk("zz");
    EXPECT_FALSE(junk.hex(&v));
    EXPECT_EQ(junk.peek(), 'z');
    Line trailing("12g");
    EXPECT_FALSE(trailing.hex(&v));
    Line bare_prefix("0x");
    EXPECT_FALSE(bare_prefix.hex(&v));
    Line too_long("11112222333344445");
    EXPECT_FALSE(too_long.hex(&v)) << "17 digits do not fit a word";
    EXPECT_EQ(v, 7u);
    Line sixteen("ffffffffffffffff");
    EXPECT_TRUE(sixteen.hex(&v));
    EXPECT_EQ(v, ~word_t{0});
}

TEST(KdbParser, NumberDotVersion) {
    Line in("3a.1");
    word_t n = 0, version = 0;
    ASSERT_TRUE(in.hex(&n));
    EXPECT_EQ(in.peek(), '.');
    in.skip();
    ASSERT_TRUE(in.hex(&version));
    EXPECT_EQ(n, 0x3au);
    EXPECT_EQ(version, 1u);
}

// The break-in state is global: each test leaves it on and owned by the kernel.
class KdbInput : public ::testing::Test {
protected:
    void SetUp() override {
        host::console_input("");
        while (kern::kdb_user_getc() >= 0) {
        }
        stops = 0;
    }
};

TEST_F(KdbInput, PollKeepsCharactersForUserCodeInOrder) {
    host::console_input("ab");
    kern::kdb_poll_console();
    host::console_input("c");
    EXPECT_EQ(kern::kdb_user_getc(), 'a') << "buffered characters come first";
    EXPECT_EQ(kern::kdb_user_getc(), 'b');
    EXPECT_EQ(kern::kdb_user_getc(), 'c') << "then the UART";
    EXPECT_EQ(kern::kdb_user_getc(), -1);
    EXPECT_EQ(stops, 0u);
}

TEST_F(KdbInput, TheTickLooksFiftyTimesASecond) {
    constexpr unsigned every = kern::config::tick_hz / 50;
    host::console_input("\x1d");
    unsigned ticks = 0;
    while (stops == 0 && ticks < 10 * every) {
        kern::kdb_tick();
        ++ticks;
    }
    EXPECT_EQ(stops, 1u);
    EXPECT_LE(ticks, every);
    host::console_input("\x1d");
    for (unsigned i = 1; i < every; ++i) kern::kdb_tick();
    EXPECT_EQ(stops, 1u) << "not looked at before 'every' ticks passed";
    kern::kdb_tick();
    EXPECT_EQ(stops, 2u);
}

TEST_F(KdbInput, BreakKeyStopsAndIsNotPassedOn) {
    host::console_input("a\x1d" "b");
    kern::kdb_poll_console();
    EXPECT_EQ(stops, 1u);
    EXPECT_EQ(last_reason, "break-in");
    EXPECT_EQ(kern::kdb_user_getc(), 'a');
    EXPECT_EQ(kern::kdb_user_getc(), 'b');
    EXPECT_EQ(kern::kdb_user_getc(), -1);
    host::console_input("\x1dz");
    EXPECT_EQ(kern::kdb_user_getc(), 'z') << "ReadChar also finds the break key";
    EXPECT_EQ(stops, 2u);
}

TEST_F(KdbInput, BreakinOffLeavesTheConsoleAlone) {
    kern::kdb_toggle_breakin();
    host::console_input("\x1dq");
    kern::kdb_poll_console();
    EXPECT_EQ(kern::kdb_user_getc(), 0x1d) << "an ordinary character now";
    EXPECT_EQ(kern::kdb_user_getc(), 'q');
    kern::kdb_toggle_breakin();
    EXPECT_EQ(stops, 0u);
}

TEST_F(KdbInput, UserOwnedConsoleIsNotPolled) {
    host::console_claim(true);
    host::console_input("\x1dq");
    kern::kdb_poll_console();
    host::console_claim(false);
    EXPECT_EQ(stops, 0u);
    kern::kdb_poll_console();
    EXPECT_EQ(stops, 1u) << "given back: the key waited in the UART";
}

TEST_F(KdbInput, FullBufferStopsPollingInsteadOfDropping) {
    std::string many(300, 'x');
    many += '\x1d';
    host::console_input(many);
    kern::kdb_poll_console();
    EXPECT_EQ(stops, 0u) << "the buffer filled before the break key";
    unsigned got = 0;
    while (kern::kdb_user_getc() == 'x') ++got;
    EXPECT_EQ(got, 300u) << "nothing lost";
    EXPECT_EQ(stops, 1u);
}

class KdbQueries : public ::testing::Test {
protected:
    void SetUp() override {
        pool = static_cast<uint8_t*>(std::aligned_alloc(kern::page_size << 10, pool_size));
        kern::kmem.init(pool, pool_size);
        sigma0 = kern::Space::create();
        a = kern::Space::create();
        ASSERT_TRUE(sigma0 && a);
        sigma0->is_sigma0 = true;
    }
    void TearDown() override {
        for (kern::Space* s : {a, sigma0}) {
            kern::mapdb::flush_space(*s);
            s->destroy();
        }
        kern::kmem = kern::Kmem();
        std::free(pool);
    }
    static constexpr size_t pool_size = 8 << 20;
    uint8_t* pool = nullptr;
    kern::Space *sigma0 = nullptr, *a = nullptr;
};

using F = arch::Pt_format;

TEST_F(KdbQueries, TraceShowsEveryLevelDownToTheLeaf) {
    ASSERT_EQ(kern::mapdb::transfer(*sigma0, 0x100000, *a, 0x40201000, 12, kern::Rights::rx, false),
              kern::mapdb::Result::ok);
    F::Entry path[F::levels];
    ASSERT_EQ(a->table().trace(0x40201234, path), F::levels);
    for (unsigned i = 0; i + 1 < F::levels; ++i)
        EXPECT_TRUE(F::is_table(path[i], F::levels - 1 - i)) << "level " << F::levels - 1 - i;
    EXPECT_EQ(F::address(path[F::levels - 1]), 0x100000u);
    EXPECT_EQ(F::rights(path[F::levels - 1]), kern::Rights::rx);
}

TEST_F(KdbQueries, TraceStopsAtTheFirstInvalidEntryOrALargeLeaf) {
    F::Entry path[F::levels];
    ASSERT_EQ(a->table().trace(0x40201000, path), 1u) << "an empty space: the root entry";
    EXPECT_FALSE(F::valid(path[0]));
    ASSERT_EQ(kern::mapdb::transfer(*sigma0, 0x200000, *a, 0x600000, 21, kern::Rights::rw, false),
              kern::mapdb::Result::ok);
    ASSERT_EQ(a->table().trace(0x6abcde, path), 3u) << "a 2 MiB leaf at level 1";
    EXPECT_FALSE(F::is_table(path[2], 1));
    EXPECT_EQ(F::address(path[2]), 0x200000u);
    ASSERT_EQ(a->table().trace(0x800000, path), 3u) << "the next 2 MiB is empty";
    EXPECT_FALSE(F::valid(path[2]));
}

TEST_F(KdbQueries, NodeAtFindsTheNodeAndItsSigma0Parent) {
    ASSERT_EQ(kern::mapdb::transfer(*sigma0, 0x100000, *a, 0x400000, 12, kern::Rights::rwx, false),
              kern::mapdb::Result::ok);
    const kern::Mapping* m = kern::mapdb::node_at(*a, 0x400abc);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->space, a);
    EXPECT_EQ(m->va, 0x400000u);
    ASSERT_NE(m->parent, nullptr);
    EXPECT_EQ(m->parent->space, sigma0);
    EXPECT_EQ(m->parent->parent, nullptr) << "sigma0's identity mappings are the roots";
    EXPECT_EQ(kern::mapdb::node_at(*sigma0, 0x100000), m->parent);
    EXPECT_EQ(m->parent->first_child, m);
    EXPECT_EQ(kern::mapdb::node_at(*a, 0x401000), nullptr) << "unmapped";
}

TEST_F(KdbQueries, KernelMappingsHaveNoNode) {
    void* page = kern::kmem.alloc(0);
    ASSERT_NE(page, nullptr);
    ASSERT_TRUE(a->map_kernel_owned(0x7000000, port::virt_to_phys(page), 12, kern::Rights::rw,
                                    kern::Mem_attr::normal));
    kern::Space::Leaf l;
    EXPECT_TRUE(a->find(0x7000000, &l));
    EXPECT_EQ(kern::mapdb::node_at(*a, 0x7000000), nullptr);
    kern::Space::Table::set(l, 0);
    kern::kmem.free(page, 0);
}

}  // namespace
