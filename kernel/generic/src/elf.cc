// SPDX-License-Identifier: BSD-2-Clause
// ELF64 executable checks for the boot loader part of the kernel.
#include <kern/elf.hpp>
#include <kern/lib.hpp>

namespace kern::elf {

namespace {

struct Ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct Phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static_assert(sizeof(Ehdr) == 64 && sizeof(Phdr) == 56);

constexpr uint32_t pt_load = 1;
constexpr uint16_t et_exec = 2;

bool fail(const char** why, const char* reason) {
    *why = reason;
    return false;
}

}  // namespace

bool parse(const void* data, size_t size, uint16_t machine, Image* out, const char** why) {
    *out = Image{};
    if (size < sizeof(Ehdr)) return fail(why, "too small for an ELF header");
    Ehdr eh;
    memcpy(&eh, data, sizeof eh);
    if (memcmp(eh.ident, "\x7f" "ELF", 4) != 0) return fail(why, "not an ELF file");
    if (eh.ident[4] != 2 || eh.ident[5] != 1) return fail(why, "not ELF64 little endian");
    if (eh.type != et_exec) return fail(why, "not an executable (ET_EXEC)");
    if (eh.machine != machine) return fail(why, "built for another machine");
    if (eh.phentsize != sizeof(Phdr)) return fail(why, "odd program header size");
    if (eh.phnum == 0) return fail(why, "no program headers");
    if (eh.phoff > size || uint64_t{eh.phnum} * sizeof(Phdr) > size - eh.phoff)
        return fail(why, "program headers outside the file");

    const auto* bytes = static_cast<const uint8_t*>(data);
    bool entry_ok = false;
    for (unsigned i = 0; i < eh.phnum; ++i) {
        Phdr ph;
        memcpy(&ph, bytes + eh.phoff + i * sizeof(Phdr), sizeof ph);
        if (ph.type != pt_load || ph.memsz == 0) continue;
        if (out->count == Image::max_segments) return fail(why, "too many loadable segments");
        if (ph.filesz > ph.memsz) return fail(why, "segment file size exceeds memory size");
        if (ph.offset > size || ph.filesz > size - ph.offset)
            return fail(why, "segment data outside the file");
        if (ph.vaddr + ph.memsz < ph.vaddr) return fail(why, "segment wraps around");
        if (ph.vaddr != ph.paddr)
            return fail(why, "segment virtual and physical addresses differ");
        for (unsigned j = 0; j < out->count; ++j) {
            const Segment& o = out->segment[j];
            if (ranges_overlap(align_down(ph.vaddr, page_size),
                               align_up(ph.vaddr + ph.memsz, page_size) -
                                   align_down(ph.vaddr, page_size),
                               align_down(o.vaddr, page_size),
                               align_up(o.vaddr + o.mem_size, page_size) -
                                   align_down(o.vaddr, page_size)))
                return fail(why, "segments share a page");
        }
        auto rights = static_cast<Rights>(((ph.flags & 4) ? 4u : 0u) | ((ph.flags & 2) ? 2u : 0u) |
                                          ((ph.flags & 1) ? 1u : 0u));
        out->segment[out->count++] = Segment{ph.vaddr, ph.offset, ph.filesz, ph.memsz, rights};
        if (eh.entry >= ph.vaddr && eh.entry < ph.vaddr + ph.memsz && (ph.flags & 1))
            entry_ok = true;
    }
    if (out->count == 0) return fail(why, "no loadable segment");
    if (!entry_ok) return fail(why, "entry point not in an executable segment");
    out->entry = eh.entry;
    return true;
}

}  // namespace kern::elf
