// SPDX-License-Identifier: BSD-2-Clause
// X.2 bootinfo records (x2-api 9.4): the kernel is its own boot loader, so
// it writes the records the root server uses to find the initial servers and
// the boot modules. One page, marked as boot-loader memory in the KIP.
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/mmu.hpp>

namespace kern {

namespace {

constexpr word_t bootinfo_magic = 0x14B0021D;
constexpr word_t rec_module = 0x0001;
constexpr word_t rec_simple_exec = 0x0002;

constexpr unsigned simple_exec_words = 13;
constexpr unsigned module_words = 3;

// Bytes of a record of 'fixed_words' words after its 3-word head, then the
// name and the command line (separated by a space) as one string.
size_t record_bytes(unsigned fixed_words, const char* name, const char* cmdline) {
    size_t name_len = strlen(name), cmd_len = strlen(cmdline);
    size_t text = name_len + (cmd_len ? 1 + cmd_len : 0) + 1;
    return align_up((3 + fixed_words) * sizeof(word_t) + text, sizeof(word_t));
}

class Writer {
public:
    explicit Writer(word_t* page) : _page(page) {}

    // Starts a record of 'words' fixed words followed by a command line.
    word_t* record(word_t type, unsigned fixed_words, const char* name, const char* cmdline) {
        size_t name_len = strlen(name), cmd_len = strlen(cmdline);
        size_t text = name_len + (cmd_len ? 1 + cmd_len : 0) + 1;
        size_t bytes = record_bytes(fixed_words, name, cmdline);
        // plan_boot refused archives whose records would not fit.
        if (_used + bytes > page_size) panic("bootinfo records do not fit one page");
        auto* r = reinterpret_cast<word_t*>(reinterpret_cast<uint8_t*>(_page) + _used);
        r[0] = type;
        r[1] = 1;
        r[2] = bytes;
        char* s = reinterpret_cast<char*>(r + 3 + fixed_words);
        memcpy(s, name, name_len);
        if (cmd_len) {
            s[name_len] = ' ';
            memcpy(s + name_len + 1, cmdline, cmd_len);
        }
        s[text - 1] = '\0';
        _used += bytes;
        ++_count;
        return r;
    }

    void finish() {
        _page[0] = bootinfo_magic;
        _page[1] = 1;
        _page[2] = _used;
        _page[3] = header_bytes;
        _page[4] = _count;
    }

    static constexpr size_t header_bytes = 8 * sizeof(word_t);

private:
    word_t* _page;
    size_t _used = header_bytes;
    word_t _count = 0;
};

void simple_exec(Writer& w, const Initial_server& s) {
    // Fields: text p/v/size, data p/v/size, bss p/v/size, ip, flags, label, cmdline_offset.
    word_t* r = w.record(rec_simple_exec, simple_exec_words, s.entry->name, s.entry->cmdline);
    const elf::Segment& seg = s.image.segment[0];
    r[3] = r[4] = seg.vaddr;
    r[5] = seg.file_size;
    if (s.image.count > 1) {
        const elf::Segment& d = s.image.segment[1];
        r[6] = r[7] = d.vaddr;
        r[8] = d.file_size;
    }
    const elf::Segment& last = s.image.segment[s.image.count - 1];
    r[9] = r[10] = last.vaddr + last.file_size;
    r[11] = last.mem_size - last.file_size;
    r[12] = s.image.entry;
    r[13] = 0;
    r[14] = 0;
    r[15] = 16 * sizeof(word_t);
}

}  // namespace

size_t bootinfo_bytes(const Boot_plan& plan) {
    size_t bytes = Writer::header_bytes;
    for (const Initial_server& s : plan.server)
        if (s.entry) bytes += record_bytes(simple_exec_words, s.entry->name, s.entry->cmdline);
    for (unsigned i = 0; i < plan.archive.count; ++i) {
        const boot_archive::Archive_entry& e = plan.archive.entries[i];
        if (e.role == static_cast<uint32_t>(boot_archive::Role::module))
            bytes += record_bytes(module_words, e.name, e.cmdline);
    }
    return bytes;
}

void write_bootinfo(const Boot_plan& plan) {
    auto* page = static_cast<word_t*>(port::phys_to_virt(plan.bootinfo_page));
    memset(page, 0, page_size);
    Writer w(page);
    // sigma0 and the root server first (as the X.2 loaders do), then sigma1, then modules.
    simple_exec(w, plan.server[0]);
    simple_exec(w, plan.server[2]);
    if (plan.server[1].entry) simple_exec(w, plan.server[1]);
    for (unsigned i = 0; i < plan.archive.count; ++i) {
        const boot_archive::Archive_entry& e = plan.archive.entries[i];
        if (e.role != static_cast<uint32_t>(boot_archive::Role::module)) continue;
        word_t* r = w.record(rec_module, module_words, e.name, e.cmdline);
        r[3] = boot_info.archive.base + e.offset;
        r[4] = e.size;
        r[5] = 6 * sizeof(word_t);
    }
    w.finish();
    kip().boot_info = plan.bootinfo_page;
}

}  // namespace kern
