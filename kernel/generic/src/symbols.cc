// SPDX-License-Identifier: BSD-2-Clause
// The kernel's own symbol table, written into .ksyms after linking by
// tools/ksyms.py, so fault reports can name the function a PC lies in.
#include <kern/console.hpp>
#include <kern/trap.hpp>

namespace kern {

/// Filled by tools/ksyms.py; all zero (no symbols) in an unpatched image.
[[gnu::section(".ksyms"), gnu::used]] alignas(8) uint8_t ksyms_blob[128 * 1024];

namespace {

struct Ksyms_header {
    uint32_t magic, count, strings_offset, total_size;
};
struct Ksym {
    uint64_t addr;
    uint32_t size, name_offset;
};
constexpr uint32_t ksyms_magic = 0x4D59534B;  // "KSYM"

}  // namespace

void print_symbol(word_t pc) {
    const auto* h = reinterpret_cast<const Ksyms_header*>(ksyms_blob);
    const auto* syms = reinterpret_cast<const Ksym*>(h + 1);
    if (h->magic != ksyms_magic || h->total_size > sizeof ksyms_blob ||
        sizeof(Ksyms_header) + uint64_t{h->count} * sizeof(Ksym) > h->strings_offset) {
        printf("0x%lx", pc);
        return;
    }
    // Binary search for the last symbol at or below pc.
    uint32_t lo = 0, hi = h->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (syms[mid].addr <= pc) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) {
        printf("0x%lx", pc);
        return;
    }
    const Ksym& s = syms[lo - 1];
    word_t off = pc - s.addr;
    if (s.size && off >= s.size + 64) {  // far past the symbol's end: not in it
        printf("0x%lx", pc);
        return;
    }
    uint64_t name = uint64_t{h->strings_offset} + s.name_offset;
    if (name >= h->total_size) {
        printf("0x%lx", pc);
        return;
    }
    printf("0x%lx <%s+0x%lx>", pc, reinterpret_cast<const char*>(ksyms_blob + name), off);
}

}  // namespace kern
