// SPDX-License-Identifier: BSD-2-Clause
// sigma0's record of physical memory: which pool every address is in and
// which thread owns what sigma0 handed out (x2-api 8.1, 8.2). A sorted list
// of regions in a fixed array; no heap.
#pragma once

#include <l4/types.h>

namespace sigma0 {

using word = L4_Word_t;

enum class Kind : unsigned char {
    unavailable,   // undefined memory (descriptor type 0): never handed out
    kernel,        // reserved memory and the kernel debugger: never handed out
    conventional,  // free RAM: by request and on page faults
    on_request,    // dedicated, boot-loader, architecture-specific and undescribed
                   // memory: free, but only by explicit request
    shared,        // to any thread, any number of times; never owned
    owned,         // handed out to (or pre-assigned to) one thread
};

const char* kind_name(Kind kind);

// [start, start of the next region); the last region ends at the limit.
struct Region {
    word start;
    word owner;  // global thread id, for Kind::owned
    Kind kind;
};

class Memory_map {
public:
    // sigma0 deals with physical addresses below 2^63 (every board's are far
    // below); sizes up to 2^62 then never overflow a word.
    static constexpr word limit = word{1} << 63;
    static constexpr unsigned capacity = 512;

    // Everything is 'kind'.
    void reset(Kind kind);

    // Makes [base, end) 'kind' (owned by 'owner'). False, with nothing
    // changed, if the list has no room for the new boundaries.
    bool set(word base, word end, Kind kind, word owner = 0);

    // The ownership rule (x2-api 8.2): can [base, end) go to 'thread'?
    // Requests may take free memory of any pool, shared memory and the
    // thread's own; page faults (8.4) only conventional memory and the
    // thread's own.
    bool may_give(word base, word end, word thread, bool page_fault) const;

    // Records [base, end) as owned by 'thread' (shared parts stay shared).
    bool give(word base, word end, word thread);

    // The highest 2^log2-aligned block of 2^log2 bytes of free conventional
    // memory.
    bool find_free(unsigned log2, word* base) const;

    unsigned count() const { return _count; }
    const Region& region(unsigned i) const { return _region[i]; }
    word end_of(unsigned i) const { return i + 1 < _count ? _region[i + 1].start : limit; }

private:
    unsigned index_of(word address) const;
    bool has_boundary(word at) const;
    void split(word at);
    void merge();

    Region _region[capacity];
    unsigned _count = 0;
};

}  // namespace sigma0
