// SPDX-License-Identifier: BSD-2-Clause
// Tests of the device-tree parser (fdt.cc) on blobs compiled by dtc at build
// time (test/host/data/*.dts), on the device trees QEMU's virt boards really
// pass (dumped at build time when QEMU is installed), and on damaged blobs:
// truncated, with bad headers, and randomly mutated. Every blob sits in a
// heap buffer of exactly its size, so AddressSanitizer sees any overread.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <kern/fdt.hpp>

#ifndef WALNUT_TEST_DATA_DIR
#error "meson passes the build directory holding the .dtb files"
#endif

namespace {

using kern::fdt::Node;
using kern::fdt::none;
using kern::fdt::Tree;
using kern::paddr_t;

std::vector<uint8_t> read_file(const std::string& name) {
    std::ifstream f(std::string(WALNUT_TEST_DATA_DIR) + "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// A blob in a heap buffer of exactly its size.
struct Blob {
    std::unique_ptr<uint8_t[]> bytes;
    size_t size;
    explicit Blob(const std::vector<uint8_t>& v, size_t n = ~size_t{0})
        : bytes(new uint8_t[std::max<size_t>(1, std::min(n, v.size()))]),
          size(std::min(n, v.size())) {
        std::memcpy(bytes.get(), v.data(), size);
    }
};

uint32_t be32(const std::vector<uint8_t>& v, size_t off) {
    return uint32_t{v[off]} << 24 | uint32_t{v[off + 1]} << 16 | uint32_t{v[off + 2]} << 8 | v[off + 3];
}
void put_be32(std::vector<uint8_t>& v, size_t off, uint32_t x) {
    for (int i = 0; i < 4; ++i) v[off + size_t(i)] = uint8_t(x >> (24 - 8 * i));
}

class Fdt : public ::testing::Test {
protected:
    void SetUp() override {
        virt_bytes = read_file("qemu_virt.dtb");
        edge_bytes = read_file("edge_cases.dtb");
        ASSERT_GT(virt_bytes.size(), 40u) << "qemu_virt.dtb missing in " WALNUT_TEST_DATA_DIR;
        ASSERT_GT(edge_bytes.size(), 40u);
        virt_blob = std::make_unique<Blob>(virt_bytes);
        edge_blob = std::make_unique<Blob>(edge_bytes);
        ASSERT_TRUE(virt.init(virt_blob->bytes.get(), virt_blob->size));
        ASSERT_TRUE(edge.init(edge_blob->bytes.get(), edge_blob->size));
    }

    std::vector<uint8_t> virt_bytes, edge_bytes;
    std::unique_ptr<Blob> virt_blob, edge_blob;
    Tree virt, edge;
};

std::vector<std::string> child_names(const Tree& t, Node parent) {
    std::vector<std::string> names;
    for (Node c = t.first_child(parent); c >= 0; c = t.next_sibling(c)) names.push_back(t.name(c));
    return names;
}

TEST_F(Fdt, HeaderAndRoot) {
    EXPECT_TRUE(virt.valid());
    EXPECT_EQ(virt.total_size(), virt_bytes.size());
    Node root = virt.root();
    ASSERT_GE(root, 0);
    EXPECT_STREQ(virt.name(root), "");
    EXPECT_EQ(virt.find_path("/"), root);
    EXPECT_EQ(virt.parent(root), none);
    EXPECT_STREQ(virt.property_string(root, "model"), "walnut test board");
}

TEST_F(Fdt, ChildrenInDocumentOrder) {
    EXPECT_EQ(child_names(virt, virt.root()),
              (std::vector<std::string>{"chosen", "memory@40000000", "cpus", "pl011@9000000", "soc"}));
    EXPECT_EQ(child_names(virt, virt.find_path("/cpus")), (std::vector<std::string>{"cpu@0", "cpu@1"}));
    EXPECT_EQ(virt.first_child(virt.find_path("/chosen")), none);
    EXPECT_EQ(virt.first_child(none), none);
    EXPECT_EQ(virt.next_sibling(none), none);
}

TEST_F(Fdt, PathsMatchUnitAddressesOnlyWhenLeftOut) {
    Node mem = virt.find_path("/memory");
    ASSERT_GE(mem, 0);
    EXPECT_STREQ(virt.name(mem), "memory@40000000");
    EXPECT_EQ(virt.find_path("/memory@40000000"), mem);
    EXPECT_EQ(virt.find_path("/memory@50000000"), none);
    EXPECT_EQ(virt.find_path("/mem"), none);                // a prefix is no match
    EXPECT_STREQ(virt.name(virt.find_path("/soc/serial")), "serial@10000000");
    EXPECT_STREQ(virt.name(virt.find_path("/soc/test@100000")), "test@100000");
    EXPECT_EQ(virt.find_path("/soc/serial/nothing"), none);
    EXPECT_EQ(virt.find_path("chosen"), none);              // not absolute
    EXPECT_EQ(virt.find_path(nullptr), none);
    // "serial" must find "serial", not "serial2@20" that merely starts alike.
    EXPECT_STREQ(edge.name(edge.find_path("/serial")), "serial");
    EXPECT_STREQ(edge.name(edge.find_path("/serial2")), "serial2@20");
    EXPECT_STREQ(edge.name(edge.find_path("/a/b/c/d")), "d");
    EXPECT_STREQ(edge.name(edge.find_path("/a/e")), "e");
}

TEST_F(Fdt, Properties) {
    Node chosen = virt.find_path("/chosen");
    EXPECT_STREQ(virt.property_string(chosen, "bootargs"), "console=ttyS0 walnut");
    uint32_t len = 0;
    const void* p = virt.property(chosen, "linux,initrd-start", &len);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(len, 8u);
    EXPECT_EQ(Tree::read_cells(p, 2), 0x48000000u);
    EXPECT_EQ(virt.property(chosen, "no-such-property", &len), nullptr);
    EXPECT_EQ(virt.property_u32(virt.find_path("/cpus"), "timebase-frequency", 0), 10000000u);
    EXPECT_EQ(virt.property_u32(virt.find_path("/cpus"), "missing", 77), 77u);
    EXPECT_EQ(virt.property(none, "reg", &len), nullptr);

    Node root = edge.root();
    ASSERT_NE(edge.property(root, "empty", &len), nullptr);
    EXPECT_EQ(len, 0u);
    EXPECT_EQ(edge.property_string(root, "empty"), nullptr);       // no bytes: no string
    EXPECT_EQ(edge.property_string(root, "bytes"), nullptr);       // not terminated
    EXPECT_EQ(edge.property_u32(root, "two-cells", 5), 5u);        // wrong size: fallback
    EXPECT_EQ(edge.property_u32(root, "one-cell", 5), 0xdeadbeefu);
    EXPECT_STREQ(edge.property_string(root, "strings"), "first");  // first of a list
}

TEST_F(Fdt, Compatible) {
    Node uart = virt.find_compatible("arm,pl011");
    ASSERT_GE(uart, 0);
    EXPECT_STREQ(virt.name(uart), "pl011@9000000");
    EXPECT_EQ(virt.find_compatible("arm,primecell"), uart);         // second string of the list
    EXPECT_TRUE(virt.compatible(uart, "arm,pl011"));
    EXPECT_FALSE(virt.compatible(uart, "arm,pl01"));                // whole strings only
    EXPECT_FALSE(virt.compatible(virt.find_path("/chosen"), "arm,pl011"));
    EXPECT_STREQ(virt.name(virt.find_compatible("syscon")), "test@100000");
    EXPECT_EQ(virt.find_compatible("no,such-device"), none);
    // Iteration over several matches, then none.
    Node c0 = virt.find_compatible("arm,cortex-a57");
    Node c1 = virt.find_compatible("arm,cortex-a57", c0);
    EXPECT_STREQ(virt.name(c0), "cpu@0");
    EXPECT_STREQ(virt.name(c1), "cpu@1");
    EXPECT_EQ(virt.find_compatible("arm,cortex-a57", c1), none);
    // Document order continues after a deep subtree.
    Node deep = edge.find_compatible("deep");
    EXPECT_STREQ(edge.name(deep), "d");
    EXPECT_STREQ(edge.name(edge.find_compatible("after-deep", deep)), "e");
}

TEST_F(Fdt, DeviceType) {
    Node mem = virt.find_device_type("memory");
    EXPECT_STREQ(virt.name(mem), "memory@40000000");
    EXPECT_EQ(virt.find_device_type("memory", mem), none);
    int cpus = 0;
    for (Node n = virt.find_device_type("cpu"); n >= 0; n = virt.find_device_type("cpu", n)) ++cpus;
    EXPECT_EQ(cpus, 2);
    EXPECT_STREQ(edge.name(edge.find_device_type("leaf")), "d");
}

TEST_F(Fdt, Parents) {
    Node cpus = virt.find_path("/cpus");
    EXPECT_EQ(virt.parent(virt.find_path("/cpus/cpu@1")), cpus);
    EXPECT_EQ(virt.parent(cpus), virt.root());
    EXPECT_EQ(edge.parent(edge.find_path("/a/b/c/d")), edge.find_path("/a/b/c"));
    EXPECT_EQ(edge.parent(edge.find_path("/a/e")), edge.find_path("/a"));
}

TEST_F(Fdt, RegUsesTheParentsCells) {
    paddr_t base = 0, size = 0;
    Node mem = virt.find_path("/memory");
    ASSERT_TRUE(virt.reg(mem, 0, &base, &size));
    EXPECT_EQ(base, 0x40000000u);
    EXPECT_EQ(size, 0x10000000u);
    ASSERT_TRUE(virt.reg(mem, 1, &base, &size));
    EXPECT_EQ(base, 0x100000000u);
    EXPECT_EQ(size, 0x20000000u);
    EXPECT_FALSE(virt.reg(mem, 2, &base, &size));
    ASSERT_TRUE(virt.reg(virt.find_path("/soc/serial"), 0, &base, &size));   // 1/1 cells
    EXPECT_EQ(base, 0x10000000u);
    EXPECT_EQ(size, 0x100u);
    ASSERT_TRUE(virt.reg(virt.find_path("/cpus/cpu@1"), 0, &base, &size));  // 1/0 cells
    EXPECT_EQ(base, 1u);
    EXPECT_EQ(size, 0u);
    EXPECT_FALSE(virt.reg(virt.find_path("/chosen"), 0, &base, &size));      // no reg
    // Root without #address-cells/#size-cells: the defaults 2 and 1.
    ASSERT_TRUE(edge.reg(edge.find_path("/serial2"), 0, &base, &size));
    EXPECT_EQ(base, 0x20u);
    EXPECT_EQ(size, 0x30u);
    EXPECT_FALSE(edge.reg(edge.find_path("/bad-cells/dev"), 0, &base, &size));  // 3 cells
    ASSERT_TRUE(edge.reg(edge.find_path("/no-size/dev"), 0, &base, &size));
    EXPECT_EQ(base, 0x100000002u);
    EXPECT_EQ(size, 0u);
}

TEST_F(Fdt, MemoryReservations) {
    paddr_t base = 0, size = 0;
    ASSERT_TRUE(virt.mem_reserve(0, &base, &size));
    EXPECT_EQ(base, 0x40000000u);
    EXPECT_EQ(size, 0x10000u);
    ASSERT_TRUE(virt.mem_reserve(1, &base, &size));
    EXPECT_EQ(base, 0x48000000u);
    EXPECT_EQ(size, 0x2000u);
    EXPECT_FALSE(virt.mem_reserve(2, &base, &size));
    EXPECT_FALSE(edge.mem_reserve(0, &base, &size));
}

TEST(FdtHeader, RejectsBadHeaders) {
    auto good = read_file("qemu_virt.dtb");
    ASSERT_GT(good.size(), 40u);
    Tree t;
    EXPECT_FALSE(t.init(nullptr, 4096));
    EXPECT_FALSE(t.valid());
    EXPECT_EQ(t.root(), none);
    EXPECT_EQ(t.find_path("/chosen"), none);
    paddr_t b, s;
    EXPECT_FALSE(t.mem_reserve(0, &b, &s));
    {
        Blob blob(good, 39);
        EXPECT_FALSE(t.init(blob.bytes.get(), blob.size));
    }
    for (size_t n : {size_t{40}, good.size() / 2, good.size() - 1}) {   // total_size > max_size
        Blob blob(good, n);
        EXPECT_FALSE(t.init(blob.bytes.get(), blob.size)) << n;
    }
    struct Patch {
        size_t offset;
        uint32_t value;
        const char* what;
    };
    const uint32_t total = be32(good, 4);
    for (const Patch& p : {Patch{0, 0xd00dfeee, "magic"}, Patch{20, 15, "version"},
                           Patch{4, 39, "tiny total size"},
                           Patch{8, total + 4, "struct offset"},
                           Patch{36, total, "struct size"},
                           Patch{12, total + 1, "strings offset"},
                           Patch{32, total, "strings size"},
                           Patch{16, total + 8, "reservation map offset"},
                           Patch{16, 44, "misaligned reservation map"},
                           Patch{8, be32(good, 8) + 2, "misaligned struct block"}}) {
        auto bad = good;
        put_be32(bad, p.offset, p.value);
        Blob blob(bad);
        EXPECT_FALSE(t.init(blob.bytes.get(), blob.size)) << p.what;
        EXPECT_FALSE(t.valid()) << p.what;
    }
    Blob blob(good);
    EXPECT_TRUE(t.init(blob.bytes.get(), blob.size));
}

/// Runs every query on a tree, walking all nodes (bounded, in case a
/// damaged blob made the structure cyclic). Only memory safety and
/// termination are judged here.
void exercise(const Tree& t) {
    paddr_t base, size;
    uint32_t len;
    int visited = 0;
    std::vector<Node> work{t.root()};
    std::set<Node> seen;
    while (!work.empty() && visited < 200) {
        Node n = work.back();
        work.pop_back();
        if (n < 0 || !seen.insert(n).second) continue;
        ++visited;
        (void)t.name(n);
        (void)t.parent(n);
        (void)t.property(n, "reg", &len);
        (void)t.property_string(n, "compatible");
        (void)t.property_u32(n, "#address-cells", 0);
        (void)t.compatible(n, "ns16550a");
        (void)t.reg(n, 0, &base, &size);
        (void)t.reg(n, 1, &base, &size);
        work.push_back(t.first_child(n));
        work.push_back(t.next_sibling(n));
    }
    (void)t.find_path("/soc/serial");
    (void)t.find_path("/cpus/cpu@1");
    int found = 0;
    for (Node n = t.find_compatible("arm,cortex-a57"); n >= 0 && found < 50;
         n = t.find_compatible("arm,cortex-a57", n))
        ++found;
    (void)t.find_device_type("memory");
    for (unsigned i = 0; i < 4; ++i) (void)t.mem_reserve(i, &base, &size);
}

TEST(FdtMalformed, TruncatedStructureBlocks) {
    // Shrinking the structure block cuts the tree at every possible token.
    auto good = read_file("qemu_virt.dtb");
    const uint32_t size_struct = be32(good, 36);
    for (uint32_t cut = 0; cut <= size_struct; cut += 4) {
        auto bad = good;
        put_be32(bad, 36, cut);
        Blob blob(bad);
        Tree t;
        if (t.init(blob.bytes.get(), blob.size)) exercise(t);
    }
}

TEST(FdtMalformed, RandomMutationsNeverReadOutOfBounds) {
    std::vector<std::vector<uint8_t>> seeds{read_file("qemu_virt.dtb"), read_file("edge_cases.dtb")};
    std::mt19937 rng(20240611);   // fixed: failures must be reproducible
    int accepted = 0;
    for (int round = 0; round < 4000; ++round) {
        auto bad = seeds[size_t(round) % seeds.size()];
        std::uniform_int_distribution<size_t> pos(0, bad.size() - 1);
        int edits = 1 + int(rng() % 8);
        for (int i = 0; i < edits; ++i) {
            switch (rng() % 4) {
            case 0: bad[pos(rng)] = uint8_t(rng()); break;                   // random byte
            case 1: bad[pos(rng)] ^= uint8_t(1u << (rng() % 8)); break;       // bit flip
            case 2: {                                                         // token-sized word
                size_t p = pos(rng) & ~size_t{3};
                if (p + 4 <= bad.size()) put_be32(bad, p, rng() % 6);
                break;
            }
            case 3: {                                                         // huge length
                size_t p = pos(rng) & ~size_t{3};
                if (p + 4 <= bad.size()) put_be32(bad, p, 0xFFFFFFF0u + rng() % 16);
                break;
            }
            }
        }
        Blob blob(bad, bad.size() - (rng() % 3 == 0 ? rng() % 64 : 0));
        Tree t;
        if (t.init(blob.bytes.get(), blob.size)) {
            ++accepted;
            exercise(t);
        }
    }
    // Most mutations leave the header intact, so most trees are walked.
    EXPECT_GT(accepted, 1000);
}

#ifdef WALNUT_TEST_QEMU_DTBS
// The device trees QEMU 7.2 hands to the kernel (dumped with -M virt,dumpdtb=).
TEST(FdtQemu, Aarch64Virt) {
    auto bytes = read_file("qemu-virt-aarch64.dtb");
    ASSERT_GT(bytes.size(), 40u);
    Blob blob(bytes);
    Tree t;
    ASSERT_TRUE(t.init(blob.bytes.get(), blob.size));
    paddr_t base = 0, size = 0;
    ASSERT_TRUE(t.reg(t.find_device_type("memory"), 0, &base, &size));
    EXPECT_EQ(base, 0x40000000u);
    EXPECT_EQ(size, 256u << 20);
    ASSERT_TRUE(t.reg(t.find_compatible("arm,pl011"), 0, &base, &size));
    EXPECT_EQ(base, 0x09000000u);
    EXPECT_GE(t.find_compatible("arm,cortex-a15-gic"), 0);
    EXPECT_GE(t.find_compatible("arm,armv8-timer"), 0);
    int cpus = 0;
    for (Node n = t.find_device_type("cpu"); n >= 0; n = t.find_device_type("cpu", n)) ++cpus;
    EXPECT_EQ(cpus, 2);
    EXPECT_STREQ(t.property_string(t.find_path("/psci"), "method"), "hvc");
}

TEST(FdtQemu, Riscv64Virt) {
    auto bytes = read_file("qemu-virt-riscv64.dtb");
    ASSERT_GT(bytes.size(), 40u);
    Blob blob(bytes);
    Tree t;
    ASSERT_TRUE(t.init(blob.bytes.get(), blob.size));
    paddr_t base = 0, size = 0;
    ASSERT_TRUE(t.reg(t.find_path("/memory"), 0, &base, &size));
    EXPECT_EQ(base, 0x80000000u);
    EXPECT_EQ(size, 256u << 20);
    ASSERT_TRUE(t.reg(t.find_compatible("ns16550a"), 0, &base, &size));
    EXPECT_EQ(base, 0x10000000u);
    ASSERT_TRUE(t.reg(t.find_compatible("sifive,test0"), 0, &base, &size));
    EXPECT_EQ(base, 0x100000u);
    EXPECT_EQ(t.property_u32(t.find_path("/cpus"), "timebase-frequency", 0), 10000000u);
    EXPECT_GE(t.find_compatible("riscv,plic0"), 0);
    int cpus = 0;
    for (Node n = t.find_device_type("cpu"); n >= 0; n = t.find_device_type("cpu", n)) ++cpus;
    EXPECT_EQ(cpus, 2);
}
#endif

}  // namespace
