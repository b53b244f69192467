// SPDX-License-Identifier: BSD-2-Clause
// The Walnut boot archive: one file that carries sigma0, the optional sigma1,
// the root task and further modules, handed to the kernel as the initrd on
// every architecture. Written by tools/mkbootarchive.py. All integers are
// little endian; the archive itself is 4 KiB aligned by the loaders and every
// entry's data starts on a 4 KiB boundary inside it, so user level can map
// modules in place.
//
//   offset 0   Archive_header (64 bytes)
//   offset 64  Archive_entry[entry_count] (128 bytes each)
//   ...        entry data, each at its 'offset', page aligned
#pragma once

#include <kern/types.hpp>

namespace kern::boot_archive {

inline constexpr char magic[8] = {'W', 'A', 'L', 'N', 'U', 'T', 'B', 'A'};
inline constexpr uint32_t version = 1;
inline constexpr uint32_t max_entries = 32;

enum class Role : uint32_t { module = 0, sigma0 = 1, sigma1 = 2, root = 3 };

struct Archive_header {
    char magic[8];
    uint32_t version;
    uint32_t entry_count;
    uint64_t total_size;      // bytes, header to the end of the last entry's data
    uint32_t header_size;     // sizeof(Archive_header)
    uint32_t entry_size;      // sizeof(Archive_entry)
    uint8_t reserved[32];
};

struct Archive_entry {
    uint32_t role;            // Role
    uint32_t flags;           // 0
    uint64_t offset;          // from the archive start, multiple of 4096
    uint64_t size;            // bytes
    char name[40];            // NUL-terminated
    char cmdline[64];         // NUL-terminated, may be empty
};

static_assert(sizeof(Archive_header) == 64);
static_assert(sizeof(Archive_entry) == 128);

/// A validated view of an archive in memory.
struct View {
    const uint8_t* base = nullptr;
    size_t size = 0;
    const Archive_entry* entries = nullptr;
    unsigned count = 0;

    /// The first entry with this role, or nullptr.
    const Archive_entry* find(Role role) const;
    const uint8_t* data(const Archive_entry& e) const { return base + e.offset; }
};

/// Checks everything a loader relies on: magic, version, sizes, entry count,
/// every entry inside the archive and page aligned, names terminated, at most
/// one sigma0/sigma1/root. On failure returns false and points *why at a
/// human-readable reason.
bool parse(const void* data, size_t size, View* out, const char** why);

const char* role_name(Role role);

}  // namespace kern::boot_archive
