// SPDX-License-Identifier: BSD-2-Clause
// The debugger's command loop and its thread commands: the thread list,
// the ready, send and timeout queues, a thread's user registers and UTCB.
// The system is stopped meanwhile: interrupts stay disabled and nothing
// here changes kernel state, so 'g' resumes exactly where it stopped.
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/kdb.hpp>
#include <kern/kdb_commands.hpp>
#include <kern/kip.hpp>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/reset.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>
#include <kern/timeout.hpp>
#include <l4/walnut/abi.h>

namespace kern {
namespace kdb {

namespace {

Tcb* stopped = nullptr;

// Walks of kernel lists stop after this many members, so a corrupted ring
// cannot hang the debugger.
constexpr unsigned walk_limit = 4096;

void print_id(Thread_id id) {
    if (id.is_nil()) puts("nil");
    else if (id.is_any()) puts("any");
    else if (id.is_any_local()) puts("any local");
    else if (id.is_local()) printf("local %lx", id.raw());
    else printf("%lx.%lx", id.number(), id.version());
}

void print_timeout(const Tcb& t, uint64_t now) {
    if (!t.wakeup_us) return;
    if (t.wakeup_us > now) printf(", timeout in %lu us", t.wakeup_us - now);
    else puts(", timeout due");
}

// What a thread waits for, on the rest of its list line.
void print_wait(const Tcb& t, uint64_t now) {
    switch (t.state) {
    case Thread_state::waiting_send:
        puts("send to ");
        if (t.send_to) print_thread(*t.send_to);
        else puts("?");
        if (t.recv_after_send) {
            puts(", then receive from ");
            print_id(t.recv_spec);
        }
        print_timeout(t, now);
        break;
    case Thread_state::waiting_receive:
        puts(t.awaiting_start ? "start message from " : "receive from ");
        print_id(t.recv_spec);
        print_timeout(t, now);
        break;
    case Thread_state::running: puts(t.queued ? "- (ready)" : "-"); break;
    default: puts("-"); break;
    }
    if (t.halt_requested) puts(", halt requested");
}

void cmd_help() {
    puts("Walnut kernel debugger (numbers are hexadecimal; docs/debugger.md)\n"
         "  t              list threads: id, name, state, priority, cpu, space, what they wait for\n"
         "  q              ready queues per priority, send queues, threads with a timeout\n"
         "  r THREAD       a thread's user registers\n"
         "  u THREAD       a thread's UTCB: TCRs by name, MRs, BRs\n"
         "  p THREAD ADDR  walk the page table of THREAD's space for user address ADDR\n"
         "  d THREAD ADDR  the mapping-database node of ADDR: parent chain and children\n"
         "  k              kernel memory use\n"
         "  g              go on (leave the debugger)\n"
         "  x [STATUS]     power off with exit status STATUS (default 0)\n"
         "  b              reboot the machine\n"
         "  ? or h         this help\n"
         "THREAD: '.' the stopped thread, +N UserBase+N (+0 sigma0, +2 root), N or N.V by number\n"
         "Line editing: backspace, Ctrl-U erases the line.\n");
}

void cmd_threads() {
    uint64_t now = port::clock_us();
    puts("  thread        name             state      prio cpu space             waits for\n");
    threads.for_each([&](const Tcb& t) {
        char id[24];
        snprintf(id, sizeof id, "%lx.%lx", t.global_id.number(), t.global_id.version());
        printf("%c %-13s %-16s %-10s %4u %3u %016lx  ", &t == stopped ? '*' : ' ', id, t.name,
               thread_state_name(t.state), static_cast<unsigned>(t.priority), t.cpu,
               reinterpret_cast<word_t>(t.space));
        print_wait(t, now);
        putc('\n');
    });
}

// One ring of Tcbs in its order, starting at head.
template <class Next>
void print_ring(const Tcb* head, Next next) {
    const Tcb* t = head;
    for (unsigned n = 0; n < walk_limit; ++n) {
        puts(" ");
        print_thread(*t);
        t = next(*t);
        if (!t || t == head) return;
    }
    puts(" ... (ring does not close)");
}

void cmd_queues() {
    for (const Cpu_local& cpu : cpus) {
        if (!cpu.idle) continue;   // a CPU that never started
        printf("ready queues of cpu %u (current ", cpu.index);
        if (cpu.current) print_thread(*cpu.current);
        puts("):\n");
        for (unsigned p = Ready_queue::priorities; p-- > 0;) {
            const Tcb* head = cpu.ready.head(p);
            if (!head) continue;
            printf("  prio %3u:", p);
            print_ring(head, [](const Tcb& t) { return t.ready_next; });
            putc('\n');
        }
    }
    puts("send queues (receiver <- senders, first first):\n");
    bool any = false;
    threads.for_each([&](const Tcb& t) {
        if (!t.sendq_head) return;
        any = true;
        puts("  ");
        print_thread(t);
        puts(" <-");
        print_ring(t.sendq_head, [](const Tcb& s) { return s.sendq_next; });
        putc('\n');
    });
    if (!any) puts("  (none)\n");
    // The timeout wheel (kern/timeout.hpp) is hashed by deadline; the
    // debugger lists the threads that have one instead.
    puts("threads with a timeout:\n");
    uint64_t now = port::clock_us();
    bool timed = false;
    threads.for_each([&](const Tcb& t) {
        if (!t.wakeup_us) return;
        timed = true;
        puts("  ");
        print_thread(t);
        printf(" %s at %lu us (", thread_state_name(t.state), t.wakeup_us);
        if (t.wakeup_us > now) printf("in %lu us)\n", t.wakeup_us - now);
        else puts("due)\n");
    });
    if (!timed) puts("  (none)\n");
}

void cmd_registers(Line& in) {
    Tcb* t = thread_arg(in);
    if (!t) return;
    print_thread(*t);
    if (!t->space) {
        puts(": a kernel thread, no user registers\n");
        return;
    }
    printf(": %s, user registers as last saved on kernel entry\n", thread_state_name(t->state));
    port::print_user_frame(t->user_frame());
}

struct Tcr_name {
    int word;
    const char* name;
};
constexpr Tcr_name tcr_names[] = {
    {WALNUT_TCR_MY_GLOBAL_ID, "MyGlobalId"},
    {WALNUT_TCR_PROCESSOR_NO, "ProcessorNo"},
    {WALNUT_TCR_USER_DEFINED_HANDLE, "UserDefinedHandle"},
    {WALNUT_TCR_PAGER, "Pager"},
    {WALNUT_TCR_EXCEPTION_HANDLER, "ExceptionHandler"},
    {WALNUT_TCR_PREEMPT_COP_FLAGS, "Cop/PreemptFlags"},
    {WALNUT_TCR_ERROR_CODE, "ErrorCode"},
    {WALNUT_TCR_XFER_TIMEOUT, "XferTimeouts"},
    {WALNUT_TCR_INTENDED_RECEIVER, "IntendedReceiver"},
    {WALNUT_TCR_VIRTUAL_SENDER, "ActualSender"},
    {WALNUT_TCR_THREAD_WORD_0, "ThreadWord0"},
    {WALNUT_TCR_THREAD_WORD_1, "ThreadWord1"},
};

void print_words(const char* prefix, unsigned count, word_t (*word)(const Tcb&, unsigned),
                 const Tcb& t) {
    for (unsigned i = 0; i < count; ++i) {
        char label[8];
        snprintf(label, sizeof label, "%s%u", prefix, i);
        printf("%5s %016lx%s", label, word(t, i), (i % 4 == 3 || i + 1 == count) ? "\n" : "  ");
    }
}

void cmd_utcb(Line& in) {
    Tcb* t = thread_arg(in);
    if (!t) return;
    print_thread(*t);
    if (!t->utcb) {
        puts(": no UTCB\n");
        return;
    }
    printf(": UTCB at 0x%lx, MyLocalId 0x%lx\n", t->utcb_uva, t->local_id());
    for (const Tcr_name& n : tcr_names) {
        word_t v = t->tcr(n.word);
        printf("  %-17s %016lx", n.name, v);
        if (n.word == WALNUT_TCR_PAGER || n.word == WALNUT_TCR_EXCEPTION_HANDLER ||
            n.word == WALNUT_TCR_INTENDED_RECEIVER || n.word == WALNUT_TCR_VIRTUAL_SENDER ||
            n.word == WALNUT_TCR_MY_GLOBAL_ID) {
            puts("  ");
            print_id(Thread_id(v));
        }
        putc('\n');
    }
    print_words("mr", WALNUT_UTCB_MR_COUNT, [](const Tcb& x, unsigned i) { return x.utcb[i]; }, *t);
    print_words("br", WALNUT_UTCB_BR_COUNT, [](const Tcb& x, unsigned i) { return x.br(i); }, *t);
}

void cmd_power_off(Line& in) {
    word_t status = 0;
    if (!in.at_end() && (!in.hex(&status) || status > 0xff)) {
        puts("x: the status is a hexadecimal number below 100\n");
        return;
    }
    shutdown(static_cast<Exit_status>(status));
}

// Runs one command line; false for 'g'.
bool run(Line& in) {
    char c = in.command();
    switch (c) {
    case '\0': return true;
    case 'g': return false;
    case '?':
    case 'h': cmd_help(); return true;
    case 't': cmd_threads(); return true;
    case 'q': cmd_queues(); return true;
    case 'r': cmd_registers(in); return true;
    case 'u': cmd_utcb(in); return true;
    case 'p': cmd_page_table(in); return true;
    case 'd': cmd_mapdb(in); return true;
    case 'k': cmd_memory(in); return true;
    case 'x': cmd_power_off(in); return true;
    case 'b':
        puts("kdb: rebooting\n");
        port::reboot();
    default: printf("unknown command '%c' (? for help)\n", c); return true;
    }
}

}  // namespace

Tcb* stopped_thread() { return stopped; }

void print_thread(const Tcb& t) {
    printf("%lx.%lx (%s)", t.global_id.number(), t.global_id.version(), t.name);
}

void print_space(const Space* s) {
    if (!s) {
        puts("no space");
        return;
    }
    printf("space %016lx", reinterpret_cast<word_t>(s));
    if (s->first_thread) {
        puts(" of ");
        print_thread(*s->first_thread);
    }
    if (s->is_sigma0) puts(" [sigma0]");
}

Tcb* thread_arg(Line& in) {
    if (in.peek() == '.') {
        in.skip();
        return stopped;
    }
    bool relative = in.peek() == '+';
    if (relative) in.skip();
    word_t number;
    if (!in.hex(&number)) {
        puts("expected a thread: '.', +N, N or N.V (hexadecimal)\n");
        return nullptr;
    }
    if (relative) number += kip_user_base();
    word_t version = 0;
    bool versioned = in.peek() == '.';
    if (versioned) {
        in.skip();
        if (!in.hex(&version)) {
            puts("expected a version after the '.'\n");
            return nullptr;
        }
    }
    Tcb* t = threads.by_number(number);
    if (!t || (versioned && t->global_id.version() != version)) {
        printf("no thread %lx%s\n", number, versioned ? " with that version" : "");
        return nullptr;
    }
    return t;
}

}  // namespace kdb

void kdb_stop(const char* why) {
    kdb::stopped = port::cpu_local().current;
    if (why) printf("\n--- KD# %s", why);
    puts(" --- ");
    if (kdb::stopped) {
        puts("(thread ");
        kdb::print_thread(*kdb::stopped);
        puts(")");
    }
    puts("\nkdb: system stopped; ? for help, g to go on\n");
    for (;;) {
        puts("kdb> ");
        char line[96];
        kdb::read_line(line, sizeof line);
        kdb::Line in(line);
        if (!kdb::run(in)) break;
    }
    puts("kdb: going on\n");
}

}  // namespace kern
