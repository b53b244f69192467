// SPDX-License-Identifier: BSD-2-Clause
// The kernel-debugger interface user code calls (x2-api section 10): console
// I/O for user programs, Enter, ToggleBreakin, and Walnut's test extensions
// (exit with a status, timer-tick count). The interactive debugger itself is
// in kdb_commands.cc, kdb_memory.cc and kdb_input.cc (docs/debugger.md);
// a kernel built with -Dkdb=false compiles none of this but the refusals.
#include <kern/checker.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/kdb.hpp>
#include <kern/kmem.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

// Both are referenced only where config::kdb holds.
[[maybe_unused]] void print_user_string(word_t uva) {
    const Tcb& t = Tcb::current();
    char buf[128];
    for (;;) {
        bool complete = t.space && t.space->read_user_string(uva, buf, sizeof buf);
        puts(buf);
        if (complete) return;
        size_t n = strlen(buf);
        if (n + 1 < sizeof buf) {  // stopped at an unmapped byte, not at the buffer end
            printf("<unmapped string at 0x%lx>", uva + n);
            return;
        }
        uva += n;
    }
}

[[maybe_unused]] int read_char_blocking() {
    int c;
    while ((c = kdb_user_getc()) < 0) {
    }
    return c;
}

// The memory type the caller's page-table entry for uva selects (1 + the
// kern::Mem_attr), 0 if uva has no user mapping (a mapping-database node).
[[maybe_unused]] word_t mem_attr_of(word_t uva) {  // unused with -Dkdb=false
    const Tcb& t = Tcb::current();
    Space::Leaf l;
    if (!t.space || !t.space->find(uva, &l) || !*l.shadow) return 0;
    return 1 + static_cast<word_t>(arch::Pt_format::attr_of(*l.entry));
}

}  // namespace

word_t kdb_call(unsigned op, word_t arg, bool* handled) {
    *handled = false;
    if constexpr (config::kdb) {
        *handled = true;
        switch (op) {
        case WALNUT_KDB_PRINT_CHAR: putc(static_cast<char>(arg)); return 0;
        case WALNUT_KDB_PRINT_STRING: print_user_string(arg); return 0;
        case WALNUT_KDB_CLEAR_PAGE: puts("\033[2J\033[H"); return 0;
        case WALNUT_KDB_TOGGLE_BREAKIN: kdb_toggle_breakin(); return 0;
        case WALNUT_KDB_READ_CHAR: {
            int c = kdb_user_getc();
            return c < 0 ? WALNUT_KDB_NO_CHAR : static_cast<word_t>(c);
        }
        case WALNUT_KDB_READ_CHAR_BLOCKED: return static_cast<word_t>(read_char_blocking());
        case WALNUT_KDB_EXIT:
            shutdown(static_cast<Exit_status>(arg & 0xff));
        case WALNUT_KDB_TIMER_TICKS: return port::cpu_local().timer_ticks;
        case WALNUT_KDB_KMEM_FREE: return kmem.free_bytes();
        case WALNUT_KDB_MEM_ATTR: return mem_attr_of(arg);
        case WALNUT_KDB_CHECK:
            // The checker belongs to debug builds (those with assertions).
            if constexpr (config::assertions) return check_kernel();
            *handled = false;
            return 0;
        default: *handled = false; return 0;
        }
    }
    return 0;
}

void kdb_enter(word_t text_uva) {
    if constexpr (config::kdb) {
        printf("\n--- KD# ");
        print_user_string(text_uva);
        kdb_stop(nullptr);
    }
}

}  // namespace kern
