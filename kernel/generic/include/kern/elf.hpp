// SPDX-License-Identifier: BSD-2-Clause
// Validation of the ELF64 executables the kernel loads at boot (the initial
// servers). Only what a static, non-relocatable program needs.
#pragma once

#include <kern/types.hpp>

namespace kern::elf {

struct Segment {
    word_t vaddr;      // == physical address for initial servers
    word_t file_offset;
    word_t file_size;
    word_t mem_size;
    Rights rights;
};

struct Image {
    static constexpr unsigned max_segments = 8;
    word_t entry = 0;
    Segment segment[max_segments];
    unsigned count = 0;
};

/// Parses and checks an ELF64 little-endian executable of machine 'machine'
/// held in [data, data+size): header sanity, program headers inside the file,
/// loadable segments inside the file, page-aligned-compatible, non-empty,
/// non-overlapping, entry inside an executable segment. Returns false with a
/// reason in *why.
bool parse(const void* data, size_t size, uint16_t machine, Image* out, const char** why);

}  // namespace kern::elf
