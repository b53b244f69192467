// SPDX-License-Identifier: BSD-2-Clause
// Boot archive validation (format in kern/boot_archive.hpp).
#include <kern/boot_archive.hpp>
#include <kern/lib.hpp>

namespace kern::boot_archive {

namespace {

bool fail(const char** why, const char* reason) {
    *why = reason;
    return false;
}

}  // namespace

const char* role_name(Role role) {
    switch (role) {
    case Role::module: return "module";
    case Role::sigma0: return "sigma0";
    case Role::sigma1: return "sigma1";
    case Role::root: return "root task";
    }
    return "unknown";
}

const Archive_entry* View::find(Role role) const {
    for (unsigned i = 0; i < count; ++i)
        if (entries[i].role == static_cast<uint32_t>(role)) return &entries[i];
    return nullptr;
}

bool parse(const void* data, size_t size, View* out, const char** why) {
    *out = View{};
    if (!data || size < sizeof(Archive_header)) return fail(why, "boot archive missing or too small");
    Archive_header h;
    memcpy(&h, data, sizeof h);
    if (memcmp(h.magic, magic, sizeof magic) != 0) return fail(why, "boot archive has a bad magic");
    if (h.version != version) return fail(why, "boot archive has an unsupported version");
    if (h.header_size != sizeof(Archive_header) || h.entry_size != sizeof(Archive_entry))
        return fail(why, "boot archive has odd header or entry sizes");
    if (h.total_size > size) return fail(why, "boot archive is truncated");
    if (h.entry_count > max_entries) return fail(why, "boot archive has too many entries");
    uint64_t table_end = sizeof(Archive_header) + uint64_t{h.entry_count} * sizeof(Archive_entry);
    if (table_end > h.total_size) return fail(why, "boot archive entry table is truncated");

    const auto* base = static_cast<const uint8_t*>(data);
    const auto* entries = reinterpret_cast<const Archive_entry*>(base + sizeof(Archive_header));
    unsigned seen[4] = {};
    for (unsigned i = 0; i < h.entry_count; ++i) {
        Archive_entry e;
        memcpy(&e, &entries[i], sizeof e);
        if (e.role > static_cast<uint32_t>(Role::root)) return fail(why, "boot archive entry has an unknown role");
        if (e.offset % 4096 != 0) return fail(why, "boot archive entry is not page aligned");
        if (e.offset < table_end || e.offset > h.total_size || e.size > h.total_size - e.offset)
            return fail(why, "boot archive entry lies outside the archive");
        if (strnlen(e.name, sizeof e.name) == sizeof e.name ||
            strnlen(e.cmdline, sizeof e.cmdline) == sizeof e.cmdline)
            return fail(why, "boot archive entry name or command line is not terminated");
        if (e.role != static_cast<uint32_t>(Role::module) && ++seen[e.role] > 1)
            return fail(why, "boot archive names an initial server twice");
    }
    out->base = base;
    out->size = h.total_size;
    out->entries = entries;
    out->count = h.entry_count;
    return true;
}

}  // namespace kern::boot_archive
