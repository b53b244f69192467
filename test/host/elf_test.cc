// SPDX-License-Identifier: BSD-2-Clause
// Tests of the ELF64 checks (elf.cc) the kernel applies to the initial
// servers before loading them: a good executable and each defect in turn.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <kern/elf.hpp>

namespace {

using kern::Rights;
using kern::word_t;

constexpr uint16_t em_x86_64 = 62;

struct Phdr {
    uint32_t type = 1, flags = 5;
    uint64_t offset = 0, vaddr = 0, paddr = 0, filesz = 0, memsz = 0, align = 0x1000;
};

struct Elf_builder {
    uint8_t ident_class = 2, ident_data = 1;
    uint16_t type = 2, machine = em_x86_64, phentsize = 56;
    uint64_t entry = 0x400010;
    std::vector<Phdr> phdrs;
    size_t file_size = 0x3000;

    Elf_builder() {
        phdrs.push_back({1, 5, 0x1000, 0x400000, 0x400000, 0x800, 0x800, 0x1000});      // text r-x
        phdrs.push_back({1, 6, 0x2000, 0x401000, 0x401000, 0x100, 0x3000, 0x1000});     // data rw-, bss
    }

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out(file_size);
        uint8_t ident[16] = {0x7f, 'E', 'L', 'F', ident_class, ident_data, 1};
        auto put = [&](size_t off, const void* p, size_t n) {
            if (off + n <= out.size()) std::memcpy(out.data() + off, p, n);
        };
        put(0, ident, 16);
        put(16, &type, 2);
        put(18, &machine, 2);
        uint32_t version = 1;
        put(20, &version, 4);
        put(24, &entry, 8);
        uint64_t phoff = 64;
        put(32, &phoff, 8);
        uint16_t ehsize = 64, phnum = static_cast<uint16_t>(phdrs.size());
        put(52, &ehsize, 2);
        put(54, &phentsize, 2);
        put(56, &phnum, 2);
        for (size_t i = 0; i < phdrs.size(); ++i) put(64 + 56 * i, &phdrs[i], 56);
        return out;
    }
};
static_assert(sizeof(Phdr) == 56);

/// Parses an exact-size heap copy (so AddressSanitizer sees overreads).
std::string check(const std::vector<uint8_t>& file, kern::elf::Image* image = nullptr,
                  uint16_t machine = em_x86_64) {
    auto copy = std::make_unique<uint8_t[]>(file.size() ? file.size() : 1);
    std::memcpy(copy.get(), file.data(), file.size());
    kern::elf::Image img;
    const char* why = nullptr;
    bool ok = kern::elf::parse(copy.get(), file.size(), machine, &img, &why);
    if (image) *image = img;
    if (ok) return "";
    EXPECT_NE(why, nullptr);
    return why ? why : "?";
}

TEST(Elf, AcceptsAGoodExecutable) {
    kern::elf::Image img;
    ASSERT_EQ(check(Elf_builder().bytes(), &img), "");
    EXPECT_EQ(img.entry, 0x400010u);
    ASSERT_EQ(img.count, 2u);
    EXPECT_EQ(img.segment[0].vaddr, 0x400000u);
    EXPECT_EQ(img.segment[0].file_offset, 0x1000u);
    EXPECT_EQ(img.segment[0].file_size, 0x800u);
    EXPECT_EQ(img.segment[0].rights, Rights::rx);
    EXPECT_EQ(img.segment[1].mem_size, 0x3000u);
    EXPECT_EQ(img.segment[1].file_size, 0x100u);
    EXPECT_EQ(img.segment[1].rights, Rights::rw);
}

TEST(Elf, IgnoresNonLoadAndEmptySegments) {
    Elf_builder b;
    b.phdrs.push_back({4, 4, 0x2100, 0, 0, 0x20, 0x20, 4});                 // PT_NOTE
    b.phdrs.push_back({1, 4, 0x2000, 0x500000, 0x500000, 0, 0, 0x1000});    // empty PT_LOAD
    kern::elf::Image img;
    ASSERT_EQ(check(b.bytes(), &img), "");
    EXPECT_EQ(img.count, 2u);
}

TEST(Elf, RejectsWhatIsNotAnExecutableForThisMachine) {
    EXPECT_NE(check(std::vector<uint8_t>(63)), "");                 // smaller than a header
    auto junk = Elf_builder().bytes();
    junk[1] = 'X';
    EXPECT_NE(check(junk), "");
    Elf_builder b;
    b.ident_class = 1;                                              // ELF32
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.ident_data = 2;                                               // big endian
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.type = 3;                                                     // ET_DYN
    EXPECT_NE(check(b.bytes()), "");
    EXPECT_NE(check(Elf_builder().bytes(), nullptr, 183), "");     // aarch64 kernel
}

TEST(Elf, RejectsBadProgramHeaders) {
    Elf_builder b;
    b.phentsize = 64;
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs.clear();
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.file_size = 64 + 56;                                          // second header cut off
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs = {{4, 4, 0x2100, 0, 0, 0x20, 0x20, 4}};                // nothing to load
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    for (int i = 0; i < 8; ++i)
        b.phdrs.push_back({1, 4, 0x2000, 0x600000u + 0x1000u * unsigned(i),
                           0x600000u + 0x1000u * unsigned(i), 0x10, 0x10, 0x1000});
    EXPECT_NE(check(b.bytes()), "");                                // 10 > max_segments
}

TEST(Elf, RejectsBadSegments) {
    Elf_builder b;
    b.phdrs[1].filesz = b.phdrs[1].memsz + 1;
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs[1].offset = 0x2F01;                                     // data past the end
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs[1].offset = ~uint64_t{0} - 8;                           // offset + size wraps
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs[1].vaddr = b.phdrs[1].paddr = ~uint64_t{0} - 0xFFF;     // wraps the address space
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs[1].paddr += 0x1000;                                     // initial servers: va == pa
    EXPECT_NE(check(b.bytes()), "");
    b = Elf_builder();
    b.phdrs[1].vaddr = b.phdrs[1].paddr = 0x400800;                 // shares text's page
    EXPECT_NE(check(b.bytes()), "");
}

TEST(Elf, RejectsAnEntryOutsideExecutableCode) {
    Elf_builder b;
    b.entry = 0x401010;                                             // in rw- data
    EXPECT_NE(check(b.bytes()), "");
    b.entry = 0x900000;                                             // nowhere
    EXPECT_NE(check(b.bytes()), "");
    b.entry = 0x400800;                                             // one past text's end
    EXPECT_NE(check(b.bytes()), "");
    b.entry = 0x4007FF;                                             // its last byte
    EXPECT_EQ(check(b.bytes()), "");
}

}  // namespace
