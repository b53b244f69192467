// SPDX-License-Identifier: BSD-2-Clause
// Fuzz target: the ELF64 checks for the initial servers (kern::elf::parse).
// The input is the file, in a heap buffer of exactly its size. An accepted
// image must keep every promise of kern/elf.hpp: loadable segments inside
// the file and not wrapping, file size <= memory size, no two segments in
// one page, the entry inside an executable segment; reading every file
// byte of every segment stays in bounds.
#include <cstdint>
#include <cstring>
#include <memory>

#include "support/fuzz_port.hpp"
#include "support/fuzz_support.hpp"

#include <kern/elf.hpp>
#include <kern/lib.hpp>

namespace {

using hostfuzz::violation;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::unique_ptr<uint8_t[]> buf(new uint8_t[size ? size : 1]);
    if (size) std::memcpy(buf.get(), data, size);
    kern::elf::Image img;
    const char* why = nullptr;
    if (!kern::elf::parse(buf.get(), size, hostfuzz::elf_machine, &img, &why)) {
        if (!why || !*why) violation("parse", "rejected without a reason");
        return 0;
    }
    if (img.count == 0 || img.count > kern::elf::Image::max_segments)
        violation("parse", "accepted with %u segments", img.count);
    bool entry_ok = false;
    for (unsigned i = 0; i < img.count; ++i) {
        const kern::elf::Segment& s = img.segment[i];
        if (s.file_size > s.mem_size || s.mem_size == 0 || s.file_offset > size || s.file_size > size - s.file_offset ||
            s.vaddr + s.mem_size < s.vaddr)
            violation("parse", "segment %u: vaddr %#lx offset %#lx file %#lx mem %#lx in a %zu-byte file", i,
                      s.vaddr, s.file_offset, s.file_size, s.mem_size, size);
        for (unsigned j = 0; j < i; ++j) {
            const kern::elf::Segment& o = img.segment[j];
            kern::word_t a0 = kern::align_down(s.vaddr, kern::page_size), a1 = kern::align_up(s.vaddr + s.mem_size, kern::page_size);
            kern::word_t b0 = kern::align_down(o.vaddr, kern::page_size), b1 = kern::align_up(o.vaddr + o.mem_size, kern::page_size);
            if (a0 < b1 && b0 < a1) violation("parse", "segments %u and %u share a page", j, i);
        }
        if (img.entry >= s.vaddr && img.entry - s.vaddr < s.mem_size && kern::has(s.rights, kern::Rights::x))
            entry_ok = true;
        volatile uint8_t sum = 0;
        for (kern::word_t k = 0; k < s.file_size; ++k) sum = static_cast<uint8_t>(sum + buf[s.file_offset + k]);
    }
    if (!entry_ok) violation("parse", "entry %#lx is not in an executable segment", img.entry);
    return 0;
}
