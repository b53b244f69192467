// SPDX-License-Identifier: BSD-2-Clause
// sigma0's memory map (see memory.hpp). The list is short (boot memory
// layout plus what was handed out, neighbours with the same state merged),
// so plain linear scans are fast enough and easy to check.
#include "memory.hpp"

namespace sigma0 {

namespace {

bool same_state(const Region& a, const Region& b)
{
    return a.kind == b.kind && (a.kind != Kind::owned || a.owner == b.owner);
}

}  // namespace

const char* kind_name(Kind kind)
{
    switch (kind) {
    case Kind::unavailable: return "unavailable";
    case Kind::kernel: return "kernel";
    case Kind::conventional: return "conventional";
    case Kind::on_request: return "on request";
    case Kind::shared: return "shared";
    case Kind::owned: return "owned by";
    }
    return "?";
}

void Memory_map::reset(Kind kind)
{
    _region[0] = Region{0, 0, kind};
    _count = 1;
}

unsigned Memory_map::index_of(word address) const
{
    unsigned i = 0;
    while (i + 1 < _count && _region[i + 1].start <= address)
        i++;
    return i;
}

bool Memory_map::has_boundary(word at) const
{
    return at >= limit || _region[index_of(at)].start == at;
}

// Cuts the region containing 'at' in two; the caller checked for room.
void Memory_map::split(word at)
{
    if (has_boundary(at))
        return;
    unsigned i = index_of(at);
    for (unsigned j = _count; j > i + 1; j--)
        _region[j] = _region[j - 1];
    _region[i + 1] = _region[i];
    _region[i + 1].start = at;
    _count++;
}

// Joins neighbours in the same state, so the list stays minimal.
void Memory_map::merge()
{
    unsigned out = 1;
    for (unsigned i = 1; i < _count; i++) {
        if (same_state(_region[i], _region[out - 1]))
            continue;
        _region[out++] = _region[i];
    }
    _count = out;
}

bool Memory_map::set(word base, word end, Kind kind, word owner)
{
    if (end > limit)
        end = limit;
    if (base >= end)
        return true;
    unsigned need = (has_boundary(base) ? 0 : 1) + (has_boundary(end) ? 0 : 1);
    if (_count + need > capacity)
        return false;
    split(base);
    split(end);
    for (unsigned i = index_of(base); i < _count && _region[i].start < end; i++) {
        _region[i].kind = kind;
        _region[i].owner = kind == Kind::owned ? owner : 0;
    }
    merge();
    return true;
}

bool Memory_map::may_give(word base, word end, word thread, bool page_fault) const
{
    if (base >= end || end > limit)
        return false;
    for (unsigned i = index_of(base); i < _count && _region[i].start < end; i++) {
        const Region& r = _region[i];
        bool own = r.kind == Kind::owned && r.owner == thread;
        bool free = page_fault ? r.kind == Kind::conventional
                               : r.kind == Kind::conventional || r.kind == Kind::on_request ||
                                     r.kind == Kind::shared;
        if (!own && !free)
            return false;
    }
    return true;
}

bool Memory_map::give(word base, word end, word thread)
{
    // Only the first and the last piece can add a boundary: two at most.
    if (_count + 2 > capacity)
        return false;
    word p = base;
    while (p < end) {
        unsigned i = index_of(p);
        word piece_end = end_of(i) < end ? end_of(i) : end;
        if (_region[i].kind != Kind::shared)
            set(p, piece_end, Kind::owned, thread);
        p = piece_end;
    }
    return true;
}

bool Memory_map::find_free(unsigned log2, word* base) const
{
    if (log2 >= 63)
        return false;
    word size = word{1} << log2;
    for (unsigned i = _count; i-- > 0;) {
        if (_region[i].kind != Kind::conventional)
            continue;
        word top = end_of(i) & ~(size - 1);
        if (top >= size && top - size >= _region[i].start) {
            *base = top - size;
            return true;
        }
    }
    return false;
}

}  // namespace sigma0
