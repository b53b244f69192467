// SPDX-License-Identifier: BSD-2-Clause
// The benchmark's threads: a pager thread that lends this image's pages to
// a second address space (fault-driven, same addresses, so threads there
// run this program's code and share its data), and workers, in either
// space, that run jobs for the main thread.
#include <l4io.h>
#include <l4/walnut/abi.h>
#include <l4/walnut/runtime.h>

#include "bench.hpp"

extern "C" char __image_start[];
extern "C" char __image_end[];

namespace bench {

void* kip;
L4_ThreadId_t main_id;
L4_ThreadId_t sigma0_id;
L4_ThreadId_t pager_id;

namespace {

constexpr unsigned max_threads = 8;
constexpr unsigned stack_words = 2048;  // 16 KiB

// Where the second space keeps the KIP (where the root task has it) and its
// UTCBs (16 of them).
constexpr L4_Word_t remote_utcb_area = WALNUT_INITIAL_UTCB_AREA;
constexpr int remote_utcb_log2 = 14;

constexpr L4_Word_t label_start_thread = 0x5A7;  // main -> pager
// A page-fault message's 48-bit label is -2 << 4 | access (rwx).
constexpr L4_Word_t pf_label = 0xFFFFFFFFFFE0ul;

alignas(16) L4_Word_t stacks[max_threads][stack_words];

// What a new thread runs; its stack is stacks[its index]. Written before
// the thread starts, read by it in whichever space it runs (the second
// space sees this page through the pager).
struct Slot {
    L4_ThreadId_t id;
    void (*main)();
};
Slot slots[max_threads];
unsigned used_slots;
unsigned used_root_utcbs = 1;  // main's is the first

L4_Word_t next_number;
L4_Word_t root_utcb_area;

// ---- Thread start ----------------------------------------------------------------------

// Where every new thread begins, on the stack its start message gave it:
// the global pointer (riscv64) and an empty frame chain, as crt0 prepares
// them for main, then bench_thread_main.
extern "C" [[noreturn]] void bench_thread_main();

extern "C" [[gnu::naked]] void bench_thread_entry()
{
#if defined(__riscv)
    __asm__(".option push\n\t"
            ".option norelax\n\t"
            "lla gp, __global_pointer$\n\t"
            ".option pop\n\t"
            "li s0, 0\n\t"
            "li ra, 0\n\t"
            "call bench_thread_main\n"
            "1:\tj 1b");
#elif defined(__x86_64__)
    __asm__("xor %ebp, %ebp\n\t"
            "call bench_thread_main\n"
            "1:\tjmp 1b");
#elif defined(__aarch64__)
    __asm__("mov x29, xzr\n\t"
            "mov x30, xzr\n\t"
            "bl bench_thread_main\n"
            "1:\tb 1b");
#endif
}

extern "C" void bench_thread_main()
{
    L4_ThreadId_t me = L4_MyGlobalId();
    for (unsigned i = 0; i < used_slots; ++i)
        if (slots[i].id.raw == me.raw)
            slots[i].main();
    fail("a thread found no slot", me.raw);
}

// Reserves a slot; returns the stack top the thread starts with.
L4_Word_t new_slot(L4_ThreadId_t id, void (*main)())
{
    if (used_slots == max_threads)
        fail("out of thread slots", max_threads);
    slots[used_slots] = Slot{id, main};
    // 16-byte aligned: x86_64's entry calls (pushing 8) as the ABI expects.
    return reinterpret_cast<L4_Word_t>(&stacks[used_slots++][stack_words]);
}

// The start message a new thread waits for from its pager (X.2 4.3):
// MR1 = IP, MR2 = SP.
void send_start(L4_ThreadId_t to, L4_Word_t sp)
{
    L4_LoadMR(0, words_tag(2).raw);
    L4_LoadMR(1, reinterpret_cast<L4_Word_t>(bench_thread_entry));
    L4_LoadMR(2, sp);
    L4_MsgTag_t t = L4_Send(to);
    if (L4_IpcFailed(t))
        fail("start message failed, error", L4_ErrorCode());
}

void set_priority(L4_ThreadId_t t, L4_Word_t priority)
{
    if (L4_Set_Priority(t, priority) == L4_SCHEDRESULT_ERROR)
        fail("Schedule (priority) failed, error", L4_ErrorCode());
}

// ---- The pager thread --------------------------------------------------------------------

// Lends the page of the faulting address: the root task's own page at the
// same address, with full rights. Anything outside the image is a bug.
void serve_fault()
{
    L4_Word_t address;
    L4_StoreMR(1, &address);
    if (address < reinterpret_cast<L4_Word_t>(__image_start) ||
        address >= reinterpret_cast<L4_Word_t>(__image_end))
        fail("page fault outside the image at", address);
    L4_Word_t base = address & ~(page_size - 1);
    L4_MapItem_t item = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(base, 12), L4_FullyAccessible),
                                   base);
    L4_LoadMR(0, L4_Word_t{2} << 6);  // two typed words
    L4_LoadMR(1, item.raw[0]);
    L4_LoadMR(2, item.raw[1]);
}

void pager_main()
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (L4_IpcFailed(tag))
            fail("pager: receive failed, error", L4_ErrorCode());
        if ((L4_Label(tag) & ~L4_Word_t{0xF}) == pf_label) {
            serve_fault();
        } else if (L4_Label(tag) == label_start_thread) {
            L4_Word_t w[2];
            L4_StoreMRs(1, 2, w);
            L4_ThreadId_t child;
            child.raw = w[0];
            send_start(child, w[1]);
            L4_LoadMR(0, 0);
        } else {
            fail("pager: unexpected message, label", L4_Label(tag));
        }
        tag = L4_ReplyWait(from, &from);
    }
}

// ---- Workers -------------------------------------------------------------------------

// Waits for a job from main, runs it, sends main the result; forever.
void worker_main()
{
    for (;;) {
        L4_MsgTag_t tag = L4_Receive(main_id);
        if (L4_IpcFailed(tag) || L4_Label(tag) != label_job)
            fail("worker: bad job message, tag", tag.raw);
        L4_Word_t w[2];
        L4_StoreMRs(1, 2, w);
        L4_Word_t result = reinterpret_cast<Job>(w[0])(w[1]);
        L4_LoadMR(0, words_tag(1).raw);
        L4_LoadMR(1, result);
        tag = L4_Send(main_id);
        if (L4_IpcFailed(tag))
            fail("worker: result not delivered, error", L4_ErrorCode());
    }
}

// Serves Calls until label_stop, replying with 'reply'; the result is 0,
// or the error code of a failed IPC (which ends the service).
L4_Word_t serve(L4_MsgTag_t reply)
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (L4_IpcFailed(tag))
            return L4_ErrorCode() | 1ul << 63;
        if (L4_Label(tag) == label_stop)
            return 0;
        L4_Set_MsgTag(reply);
        tag = L4_ReplyWait(from, &from);
    }
}

}  // namespace

// ---- Setup ----------------------------------------------------------------------------

void threads_init()
{
    kip = L4_GetKernelInterface();
    main_id = L4_MyGlobalId();
    L4_Word_t user_base = L4_ThreadIdUserBase(kip);
    sigma0_id = L4_GlobalId(user_base, 1);
    next_number = user_base + 16;
    root_utcb_area = L4_MyLocalId().raw - WALNUT_UTCB_MR0_OFFSET;

    // Every page of the image present (and the data writable) in this space,
    // so the pager can lend any of them and nothing faults while measured.
    // (Rewriting a byte of each text page with itself is harmless.)
    for (volatile char* p = __image_start; p < __image_end; p += page_size)
        *p = *p;

    pager_id = local_worker(server_priority);
    // It was started as a worker; give it its real job before anyone faults.
    job_start(pager_id, [](L4_Word_t) -> L4_Word_t {
        pager_main();
        return 0;
    }, 0);
}

L4_ThreadId_t fresh_id()
{
    return L4_GlobalId(next_number++, 1);
}

L4_ThreadId_t local_worker(L4_Word_t priority)
{
    L4_ThreadId_t id = fresh_id();
    L4_Word_t utcb = root_utcb_area + used_root_utcbs++ * L4_UtcbSize(kip);
    // Main is its first pager, only to send the start message: sending it
    // blocks until the thread waits for it, whatever the thread's priority.
    if (L4_ThreadControl(id, main_id, main_id, main_id, reinterpret_cast<void*>(utcb)) != 1)
        fail("ThreadControl (local worker) failed, error", L4_ErrorCode());
    send_start(id, new_slot(id, worker_main));
    L4_Set_PagerOf(id, sigma0_id);  // as for main; nothing here faults
    set_priority(id, priority);
    return id;
}

L4_ThreadId_t remote_worker(L4_Word_t priority)
{
    L4_ThreadId_t id = fresh_id();
    L4_Word_t old;
    if (L4_ThreadControl(id, id, main_id, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1)
        fail("ThreadControl (new space) failed, error", L4_ErrorCode());
    if (L4_SpaceControl(id, 0, L4_FpageLog2(reinterpret_cast<L4_Word_t>(kip), 12),
                        L4_FpageLog2(remote_utcb_area, remote_utcb_log2), L4_nilthread,
                        &old) != 1)
        fail("SpaceControl failed, error", L4_ErrorCode());
    if (L4_ThreadControl(id, id, L4_nilthread, pager_id, reinterpret_cast<void*>(remote_utcb_area)) !=
        1)
        fail("ThreadControl (activate) failed, error", L4_ErrorCode());
    // Its start message must come from its pager.
    L4_Word_t sp = new_slot(id, worker_main);
    L4_Set_MsgTag(L4_MsgTagAddLabel(words_tag(2), static_cast<int>(label_start_thread)));
    L4_LoadMR(1, id.raw);
    L4_LoadMR(2, sp);
    if (L4_IpcFailed(L4_Call(pager_id)))
        fail("pager did not start the thread, error", L4_ErrorCode());
    set_priority(id, priority);
    return id;
}

// ---- Jobs ---------------------------------------------------------------------------------

void job_start(L4_ThreadId_t worker, Job job, L4_Word_t arg)
{
    L4_Set_MsgTag(L4_MsgTagAddLabel(words_tag(2), static_cast<int>(label_job)));
    L4_LoadMR(1, reinterpret_cast<L4_Word_t>(job));
    L4_LoadMR(2, arg);
    if (L4_IpcFailed(L4_Send(worker)))
        fail("job not delivered, error", L4_ErrorCode());
}

L4_Word_t job_wait(L4_ThreadId_t worker)
{
    L4_MsgTag_t tag = L4_Receive(worker);
    if (L4_IpcFailed(tag) || L4_UntypedWords(tag) != 1)
        fail("no job result, tag", tag.raw);
    L4_Word_t result;
    L4_StoreMR(1, &result);
    return result;
}

L4_Word_t job_stop(L4_ThreadId_t worker)
{
    // The server takes the stop in its ReplyWait and returns; the worker
    // loop then sends the result, which this Call receives as its reply.
    L4_Set_MsgTag(L4_MsgTagAddLabel(words_tag(0), static_cast<int>(label_stop)));
    L4_MsgTag_t tag = L4_Call(worker);
    if (L4_IpcFailed(tag) || L4_UntypedWords(tag) != 1)
        fail("server did not stop, tag", tag.raw);
    L4_Word_t result;
    L4_StoreMR(1, &result);
    return result;
}

L4_Word_t rt_server(L4_Word_t u)
{
    return serve(words_tag(u));
}

L4_Word_t map_server(L4_Word_t window)
{
    L4_Fpage_t w;
    w.raw = window;
    L4_Accept(L4_MapGrantItems(w));
    L4_Word_t result = serve(words_tag(0));
    L4_Accept(L4_UntypedWordsAcceptor);
    return result;
}

// ---- Failure ---------------------------------------------------------------------------------

void fail(const char* what, L4_Word_t detail)
{
    printf("bench: FAIL: %s %lu (0x%lx)\n", what, detail, detail);
    __walnut_exit(WALNUT_EXIT_TEST_FAILURE);
}

}  // namespace bench
