// SPDX-License-Identifier: BSD-2-Clause
// Fuzz target: the boot-archive validator (kern::boot_archive::parse). The
// input is the archive, in a heap buffer of exactly its size. An accepted
// archive must keep every promise of kern/boot_archive.hpp: entries inside
// the archive and page aligned, names terminated, each initial server at
// most once; reading every byte of every entry stays in bounds.
#include <cstdint>
#include <cstring>
#include <memory>

#include "support/fuzz_support.hpp"

#include <kern/boot_archive.hpp>

namespace {

using hostfuzz::violation;
namespace ba = kern::boot_archive;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::unique_ptr<uint8_t[]> buf(new uint8_t[size ? size : 1]);
    if (size) std::memcpy(buf.get(), data, size);
    ba::View v;
    const char* why = nullptr;
    if (!ba::parse(size ? buf.get() : nullptr, size, &v, &why)) {
        if (!why || !*why) violation("parse", "rejected without a reason");
        return 0;
    }
    if (v.base != buf.get() || v.size > size || v.count > ba::max_entries)
        violation("parse", "view base %p size %zu count %u for a %zu-byte archive",
                  static_cast<const void*>(v.base), v.size, v.count, size);
    unsigned servers[4] = {};
    for (unsigned i = 0; i < v.count; ++i) {
        const ba::Archive_entry& e = v.entries[i];
        if (e.offset % 4096 || e.offset > v.size || e.size > v.size - e.offset)
            violation("parse", "entry %u [%#lx, +%#lx) outside the archive or unaligned", i, e.offset, e.size);
        if (std::strlen(e.name) >= sizeof e.name || std::strlen(e.cmdline) >= sizeof e.cmdline)
            violation("parse", "entry %u has an unterminated name or command line", i);
        if (e.role > 3) violation("parse", "entry %u has role %u", i, e.role);
        if (e.role != 0 && ++servers[e.role] > 1) violation("parse", "initial server role %u twice", e.role);
        (void)ba::role_name(static_cast<ba::Role>(e.role));
        const uint8_t* d = v.data(e);
        volatile uint8_t sum = 0;
        for (uint64_t k = 0; k < e.size; ++k) sum = static_cast<uint8_t>(sum + d[k]);
    }
    for (uint32_t role = 0; role < 5; ++role) {
        const ba::Archive_entry* e = v.find(static_cast<ba::Role>(role));
        if (e && e->role != role) violation("find", "find(%u) returned an entry of role %u", role, e->role);
    }
    return 0;
}
