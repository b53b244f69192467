// SPDX-License-Identifier: BSD-2-Clause
// The debugger's memory commands: a page-table walk for one user address
// (every level's entry, the physical address and rights), the mapping
// database around that address (its node, the parent chain up to sigma0,
// the children), and kernel memory use. Read only: the walk goes through
// Page_table::trace and mapdb::node_at, not through the tables' internals.
#include <arch/pt_format.hpp>
#include <kern/console.hpp>
#include <kern/kdb_commands.hpp>
#include <kern/kmem.hpp>
#include <kern/mapdb.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>

namespace kern::kdb {

namespace {

using F = arch::Pt_format;
using Table = Space::Table;

// Parent chains and child lists are walked at most this far.
constexpr unsigned walk_limit = 4096;

void print_rights(Rights r) {
    auto bits = static_cast<unsigned>(r);
    printf("%c%c%c", bits & 4 ? 'r' : '-', bits & 2 ? 'w' : '-', bits & 1 ? 'x' : '-');
}

void print_size(unsigned size_log2) {
    if (size_log2 >= 30) printf("%lu GiB", word_t{1} << (size_log2 - 30));
    else if (size_log2 >= 20) printf("%lu MiB", word_t{1} << (size_log2 - 20));
    else printf("%lu KiB", word_t{1} << (size_log2 - 10));
}

// The thread and address arguments of 'p' and 'd'; false (after saying
// why) if they are missing or the address is not a user address.
bool space_and_address(Line& in, const char* cmd, Space** space, vaddr_t* va) {
    Tcb* t = thread_arg(in);
    if (!t) return false;
    if (!t->space) {
        print_thread(*t);
        puts(": a kernel thread, no user address space\n");
        return false;
    }
    if (!in.hex(va)) {
        printf("%s: expected THREAD ADDR (hexadecimal)\n", cmd);
        return false;
    }
    if (*va >= F::user_top) {
        printf("%s: 0x%lx is not a user address (user part ends at 0x%lx)\n", cmd, *va, F::user_top);
        return false;
    }
    *space = t->space;
    return true;
}

// One mapping node: where it is, how big, its rights and memory.
void print_node(const Mapping& m) {
    printf("node %016lx ", reinterpret_cast<word_t>(&m));
    print_space(m.space);
    printf(" va 0x%lx size ", m.va);
    print_size(m.size_log2);
    Space::Leaf l;
    if (m.space && m.space->find(m.va, &l)) {
        puts(" rights ");
        print_rights(F::rights(*l.entry));
        printf(" pa 0x%lx", l.pa());
    } else {
        puts(" (no leaf)");
    }
    putc('\n');
}

}  // namespace

void cmd_page_table(Line& in) {
    Space* s;
    vaddr_t va;
    if (!space_and_address(in, "p", &s, &va)) return;
    printf("page table of ");
    print_space(s);
    printf(" (root at pa 0x%lx, asid %u) for 0x%lx:\n", s->root_phys(), s->asid(), va);
    Table::Entry path[F::levels];
    unsigned n = s->table().trace(va, path);
    for (unsigned i = 0; i < n; ++i) {
        unsigned level = F::levels - 1 - i;
        unsigned shift = Table::leaf_shift(level);
        auto index = static_cast<unsigned>((va >> shift) & (Table::entries - 1));
        Table::Entry e = path[i];
        printf("  level %u [%3u] %016lx ", level, index, static_cast<word_t>(e));
        if (!F::valid(e)) {
            puts("invalid\n");
            printf("0x%lx is not mapped\n", va);
            return;
        }
        if (level > 0 && F::is_table(e, level)) {
            printf("table at pa 0x%lx\n", static_cast<word_t>(F::address(e)));
            continue;
        }
        paddr_t base = F::address(e);
        puts("leaf ");
        print_size(shift);
        putc('\n');
        printf("0x%lx -> pa 0x%lx, rights ", va, base + (va & ((word_t{1} << shift) - 1)));
        print_rights(F::rights(e));
        printf(", %s\n", mapdb::node_at(*s, va) ? "mapping-database node (d shows it)"
                                                : "kernel mapping (KIP or UTCB), no node");
        return;
    }
}

void cmd_mapdb(Line& in) {
    Space* s;
    vaddr_t va;
    if (!space_and_address(in, "d", &s, &va)) return;
    const Mapping* m = mapdb::node_at(*s, va);
    if (!m) {
        Space::Leaf l;
        printf("0x%lx: %s\n", va, s->find(va, &l) ? "a kernel mapping (KIP or UTCB), no node"
                                                  : "not mapped");
        return;
    }
    puts("mapping:   ");
    print_node(*m);
    unsigned depth = 0;
    for (const Mapping* p = m->parent; p && depth < walk_limit; p = p->parent) {
        printf("parent %u:  ", ++depth);
        print_node(*p);
    }
    if (!m->parent) puts("no parent: a root of the mapping database (sigma0's memory)\n");
    unsigned children = 0;
    for (const Mapping* c = m->first_child; c && children < walk_limit; c = c->next_sibling) {
        printf("child %u:   ", ++children);
        print_node(*c);
    }
    if (!children) puts("no children\n");
}

void cmd_memory(Line&) {
    size_t total = kmem.total_bytes(), free = kmem.free_bytes();
    printf("kernel memory pool: %lu KiB, %lu KiB used, %lu KiB free%s\n", total / KiB,
           (total - free) / KiB, free / KiB, kmem.consistent() ? "" : " (free lists INCONSISTENT)");
    unsigned nthreads = 0, nspaces = 0;
    threads.for_each([&](const Tcb& t) {
        ++nthreads;
        if (t.space && t.space->first_thread == &t) ++nspaces;
    });
    printf("  threads: %u (%lu KiB of TCBs and kernel stacks)\n", nthreads,
           nthreads * Tcb::block_size / KiB);
    printf("  address spaces: %u\n", nspaces);
    printf("  mapping-database nodes: %lu (%lu bytes each)\n", mapdb::node_count(), sizeof(Mapping));
}

}  // namespace kern::kdb
