// SPDX-License-Identifier: BSD-2-Clause
// Tests of the boot archive parser (boot_archive.cc) on archives built here
// byte by byte as tools/mkbootarchive.py writes them: a good one, and every
// kind of damage the kernel must refuse instead of trusting.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <kern/boot_archive.hpp>

namespace {

namespace ba = kern::boot_archive;
using ba::Role;

struct Item {
    Role role;
    std::string name;
    std::string data;
    std::string cmdline;
};

/// Lays an archive out exactly like mkbootarchive.py.
std::vector<uint8_t> build(const std::vector<Item>& items) {
    size_t offset = (sizeof(ba::Archive_header) + items.size() * sizeof(ba::Archive_entry) + 4095) &
                    ~size_t{4095};
    std::vector<ba::Archive_entry> entries;
    for (const Item& it : items) {
        ba::Archive_entry e{};
        e.role = static_cast<uint32_t>(it.role);
        e.offset = offset;
        e.size = it.data.size();
        std::strncpy(e.name, it.name.c_str(), sizeof e.name - 1);
        std::strncpy(e.cmdline, it.cmdline.c_str(), sizeof e.cmdline - 1);
        entries.push_back(e);
        offset = (offset + it.data.size() + 4095) & ~size_t{4095};
    }
    std::vector<uint8_t> out(offset);
    ba::Archive_header h{};
    std::memcpy(h.magic, ba::magic, sizeof h.magic);
    h.version = ba::version;
    h.entry_count = static_cast<uint32_t>(items.size());
    h.total_size = offset;
    h.header_size = sizeof(ba::Archive_header);
    h.entry_size = sizeof(ba::Archive_entry);
    std::memcpy(out.data(), &h, sizeof h);
    for (size_t i = 0; i < entries.size(); ++i) {
        std::memcpy(out.data() + sizeof h + i * sizeof(ba::Archive_entry), &entries[i],
                    sizeof entries[i]);
        std::memcpy(out.data() + entries[i].offset, items[i].data.data(), items[i].data.size());
    }
    return out;
}

std::vector<Item> good_items() {
    return {{Role::sigma0, "sigma0.elf", std::string(5000, 's'), ""},
            {Role::root, "hello.elf", "root task bytes", "mem=256M"},
            {Role::module, "config", "x", "a b c"},
            {Role::module, "empty", "", ""}};
}

ba::Archive_header* header(std::vector<uint8_t>& a) {
    return reinterpret_cast<ba::Archive_header*>(a.data());
}
ba::Archive_entry* entry(std::vector<uint8_t>& a, unsigned i) {
    return reinterpret_cast<ba::Archive_entry*>(a.data() + sizeof(ba::Archive_header)) + i;
}

/// Parses a copy of exactly 'size' bytes on the heap, so that any read past
/// the end is caught by AddressSanitizer. Returns the reason or "" if accepted.
std::string parse(const std::vector<uint8_t>& a, size_t size, ba::View* view = nullptr) {
    auto copy = std::make_unique<uint8_t[]>(size ? size : 1);
    std::memcpy(copy.get(), a.data(), std::min(size, a.size()));
    ba::View v;
    const char* why = nullptr;
    bool ok = ba::parse(copy.get(), size, &v, &why);
    if (ok) {
        EXPECT_EQ(why, nullptr) << "accepted with a reason";
        if (view) {
            *view = v;
            view->base = a.data();   // the copy dies here; point back at the original
            view->entries = reinterpret_cast<const ba::Archive_entry*>(a.data() + sizeof(ba::Archive_header));
        }
        return "";
    }
    EXPECT_NE(why, nullptr) << "rejected without a reason";
    EXPECT_EQ(v.count, 0u) << "a rejected archive left a view behind";
    return why ? why : "?";
}

TEST(BootArchive, AcceptsAGoodArchive) {
    auto a = build(good_items());
    ba::View v;
    ASSERT_EQ(parse(a, a.size(), &v), "");
    EXPECT_EQ(v.count, 4u);
    EXPECT_EQ(v.size, a.size());
    const ba::Archive_entry* root = v.find(Role::root);
    ASSERT_NE(root, nullptr);
    EXPECT_STREQ(root->name, "hello.elf");
    EXPECT_STREQ(root->cmdline, "mem=256M");
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(v.data(*root)), root->size), "root task bytes");
    ASSERT_NE(v.find(Role::sigma0), nullptr);
    EXPECT_EQ(v.find(Role::sigma0)->size, 5000u);
    EXPECT_EQ(v.find(Role::sigma1), nullptr);
    EXPECT_EQ(v.find(Role::module), &v.entries[2]);   // the first module
    // A larger buffer than the archive is fine (loaders round up).
    EXPECT_EQ(parse(a, a.size() + 100), "");
}

TEST(BootArchive, AcceptsAnArchiveWithoutRootTask) {
    // Missing roles are the kernel's decision (a clear boot error), not the parser's.
    auto a = build({{Role::sigma0, "sigma0.elf", "s", ""}});
    ba::View v;
    ASSERT_EQ(parse(a, a.size(), &v), "");
    EXPECT_EQ(v.find(Role::root), nullptr);
    auto empty = build({});
    EXPECT_EQ(parse(empty, empty.size(), &v), "");
    EXPECT_EQ(v.count, 0u);
}

TEST(BootArchive, RejectsTruncatedArchives) {
    auto a = build(good_items());
    EXPECT_NE(parse(a, 0), "");
    EXPECT_NE(parse(a, 10), "");
    EXPECT_NE(parse(a, sizeof(ba::Archive_header) - 1), "");
    EXPECT_NE(parse(a, a.size() - 1), "");
    EXPECT_EQ(parse(a, a.size() - 1).find("boot archive"), 0u) << "reasons name the archive";
    const char* why = nullptr;
    ba::View v;
    EXPECT_FALSE(ba::parse(nullptr, 4096, &v, &why));
}

TEST(BootArchive, RejectsABadMagicVersionOrSizes) {
    auto a = build(good_items());
    auto bad = a;
    std::memcpy(header(bad)->magic, "BADMAGIC", 8);
    EXPECT_NE(parse(bad, bad.size()).find("magic"), std::string::npos);
    bad = a;
    header(bad)->version = 2;
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    header(bad)->header_size = 63;
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    header(bad)->entry_size = 64;
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    header(bad)->total_size = a.size() + 4096;   // claims more than there is
    EXPECT_NE(parse(bad, bad.size()), "");
}

TEST(BootArchive, RejectsBadEntryTables) {
    auto a = build(good_items());
    auto bad = a;
    header(bad)->entry_count = ba::max_entries + 1;
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    header(bad)->entry_count = 0xFFFFFFFF;   // the table would wrap around
    EXPECT_NE(parse(bad, bad.size()), "");
    // A table that runs past total_size.
    auto small = build({{Role::root, "r", "x", ""}});
    header(small)->entry_count = 40;
    header(small)->total_size = 64 + 10 * 128;
    EXPECT_NE(parse(small, small.size()), "");
}

TEST(BootArchive, RejectsBadEntries) {
    auto a = build(good_items());
    auto bad = a;
    entry(bad, 1)->offset += 8;                       // not page aligned
    EXPECT_NE(parse(bad, bad.size()).find("aligned"), std::string::npos);
    bad = a;
    entry(bad, 1)->offset = a.size();                 // data starts at the end ...
    entry(bad, 1)->size = 1;                          // ... and runs past it
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    entry(bad, 1)->size = ~uint64_t{0};               // offset + size wraps
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    entry(bad, 1)->offset = 0;                        // overlaps the header and table
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    entry(bad, 2)->role = 4;                          // unknown role
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    std::memset(entry(bad, 0)->name, 'n', sizeof entry(bad, 0)->name);   // unterminated
    EXPECT_NE(parse(bad, bad.size()), "");
    bad = a;
    std::memset(entry(bad, 0)->cmdline, 'c', sizeof entry(bad, 0)->cmdline);
    EXPECT_NE(parse(bad, bad.size()), "");
    // The same entry in bounds but with a zero-size entry at the very end is fine.
    bad = a;
    entry(bad, 3)->offset = a.size();
    entry(bad, 3)->size = 0;
    EXPECT_EQ(parse(bad, bad.size()), "");
}

TEST(BootArchive, RejectsDuplicateInitialServers) {
    for (Role role : {Role::sigma0, Role::sigma1, Role::root}) {
        auto a = build({{role, "one", "1", ""}, {Role::module, "m", "m", ""}, {role, "two", "2", ""}});
        EXPECT_NE(parse(a, a.size()).find("twice"), std::string::npos) << ba::role_name(role);
    }
    // Any number of modules is fine.
    auto mods = build({{Role::module, "a", "1", ""}, {Role::module, "b", "2", ""},
                       {Role::module, "c", "3", ""}});
    EXPECT_EQ(parse(mods, mods.size()), "");
}

TEST(BootArchive, MaximumEntryCountIsAccepted) {
    std::vector<Item> items;
    for (unsigned i = 0; i < ba::max_entries; ++i)
        items.push_back({i == 0 ? Role::root : Role::module, "m" + std::to_string(i), "d", ""});
    auto a = build(items);
    ba::View v;
    EXPECT_EQ(parse(a, a.size(), &v), "");
    EXPECT_EQ(v.count, ba::max_entries);
}

TEST(BootArchive, RoleNames) {
    EXPECT_STREQ(ba::role_name(Role::sigma0), "sigma0");
    EXPECT_STREQ(ba::role_name(Role::sigma1), "sigma1");
    EXPECT_STREQ(ba::role_name(Role::module), "module");
    EXPECT_NE(std::string(ba::role_name(Role::root)).find("root"), std::string::npos);
    EXPECT_STREQ(ba::role_name(static_cast<Role>(9)), "unknown");
}

}  // namespace
