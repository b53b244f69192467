// SPDX-License-Identifier: BSD-2-Clause
// The robustness suites' environment (see world.hpp): thread records and
// stacks, the thread-number pool, the pager thread and its policy, new
// spaces and the client command loop.
#include "world.hpp"

#include <l4/kdebug.h>
#include <l4/walnut/abi.h>
#include <l4io.h>

#include "tap.hpp"

extern "C" char __image_start[];
extern "C" char __image_end[];
extern "C" char __bss_start[];

namespace world {

Facts facts;
L4_ThreadId_t main_id;
L4_ThreadId_t pager_id;
L4_ThreadId_t sigma0_id;

namespace {

constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;
constexpr L4_Word_t pf_label = (~L4_Word_t{1} << 4) & label_mask;   // -2 in the upper bits
constexpr L4_Word_t op_start = 0x57A;    // main -> pager: send this thread its start message
constexpr L4_Word_t op_run = 0xC0DE;     // anyone -> client: run a function of this image

constexpr unsigned max_records = 24;
constexpr unsigned stack_words = 2048;   // 16 KiB
constexpr unsigned root_slots = 24;      // UTCB slots of the root space this suite uses
constexpr unsigned pool_size = 160;      // thread numbers fresh_id() cycles through
constexpr unsigned fault_capacity = 256;
constexpr unsigned max_regions = 8;

struct Record {
    L4_ThreadId_t id;
    Thread_fn fn;
    L4_Word_t arg;
    unsigned root_slot;      // UTCB slot in the root space, 0 = elsewhere
    bool in_use;
    bool permanent;
};

alignas(16) L4_Word_t stacks[max_records][stack_words];
Record records[max_records];
bool slot_used[root_slots];
L4_Word_t pool_first;
unsigned pool_next;
L4_Word_t pool_version[pool_size];

struct Region {
    L4_Word_t lo, hi;
    enum Kind { none, protect, read_only, redirect } kind;
    L4_Fpage_t instead;
    L4_Word_t base;
};
Region regions[max_regions];

Fault faults[fault_capacity];
unsigned fault_total;

// ---- Records -----------------------------------------------------------------------------

Record* record_of(L4_ThreadId_t id)
{
    for (Record& r : records)
        if (r.in_use && L4_ThreadNo(r.id) == L4_ThreadNo(id))
            return &r;
    return nullptr;
}

Record* new_record(L4_ThreadId_t id, Thread_fn fn, L4_Word_t arg, unsigned root_slot)
{
    for (Record& r : records) {
        if (!r.in_use) {
            r = Record{id, fn, arg, root_slot, true, false};
            return &r;
        }
    }
    tap::note("world: out of thread records");
    return nullptr;
}

void free_record(Record* r)
{
    if (r->root_slot)
        slot_used[r->root_slot] = false;
    r->in_use = false;
}

// x86_64 code expects the stack as a call leaves it (8 below a 16-byte
// boundary) at a function's first instruction; the others take it aligned.
L4_Word_t entry_sp(const Record* r)
{
    L4_Word_t top = reinterpret_cast<L4_Word_t>(&stacks[r - records][stack_words]);
#if defined(L4_ARCH_AMD64)
    return top - 8;
#else
    return top;
#endif
}

extern "C" void robust_thread_entry()
{
    L4_ThreadId_t me = L4_MyGlobalId();
    for (Record& r : records) {
        if (r.in_use && r.id.raw == me.raw && r.fn) {
            r.fn(r.arg);
            break;
        }
    }
    park();
}

L4_Word_t entry_ip()
{
    return reinterpret_cast<L4_Word_t>(robust_thread_entry);
}

unsigned root_slot()
{
    for (unsigned i = 2; i < root_slots; i++) {   // 0: main, 1: the pager thread
        if (!slot_used[i]) {
            slot_used[i] = true;
            return i;
        }
    }
    tap::note("world: out of UTCB slots in the root space");
    return 0;
}

L4_ThreadId_t spawn_at(unsigned slot, Thread_fn fn, L4_Word_t arg, L4_Word_t priority);

L4_Word_t slot_address(unsigned slot)
{
    return facts.utcb_area + slot * WALNUT_UTCB_SIZE;
}

// ---- The pager thread -------------------------------------------------------------------

bool in(L4_Word_t a, L4_Word_t lo, L4_Word_t hi)
{
    return a >= lo && a < hi;
}

const Region* region_of(L4_Word_t addr)
{
    for (const Region& r : regions)
        if (r.kind != Region::none && in(addr, r.lo, r.hi))
            return &r;
    return nullptr;
}

// Refused faults of this thread on this page so far (the one just logged
// included).
unsigned refusals(L4_ThreadId_t from, L4_Word_t page_base)
{
    unsigned n = 0;
    for (unsigned i = 0; i < fault_total && i < fault_capacity; i++)
        if (faults[i].from.raw == from.raw && (faults[i].addr & ~(page - 1)) == page_base &&
            !faults[i].served)
            n++;
    return n;
}

// Decides a fault; loads the reply into the MRs and says whether to send it.
bool serve_fault(L4_ThreadId_t from, L4_MsgTag_t tag, Fault** logged)
{
    L4_Word_t addr, ip;
    L4_StoreMR(1, &addr);
    L4_StoreMR(2, &ip);
    L4_Word_t base = addr & ~(page - 1);
    Fault* f = nullptr;
    if (fault_total < fault_capacity)
        f = &faults[fault_total];
    fault_total++;
    if (f)
        *f = Fault{from, addr, ip, L4_Label(tag) & 7, false, 0};
    *logged = f;

    L4_Msg_t msg;
    L4_MsgClear(&msg);
    const Region* r = region_of(addr);
    if (r && r->kind == Region::redirect) {
        L4_MsgAppendMapItem(&msg, L4_MapItem(r->instead, r->base));
    } else if ((!r || (r->kind == Region::read_only && !(L4_Label(tag) & 2))) &&
               in(addr, facts.image_start, facts.image_end)) {
        L4_Fpage_t fp = L4_FpageLog2(base, 12);
        L4_Set_Rights(&fp, r ? L4_Readable | L4_eXecutable : L4_FullyAccessible);
        L4_MsgAppendMapItem(&msg, L4_MapItem(fp, base));
    } else {
        // Refused: an empty reply lets the thread try again (and fault
        // again) a few times; after that it gets no answer at all.
        L4_MsgLoad(&msg);
        return f && refusals(from, base) <= refusal_replies;
    }
    if (f)
        f->served = true;
    L4_MsgLoad(&msg);
    return true;
}

bool serve_start()
{
    L4_Word_t w[3];
    L4_StoreMRs(1, 3, w);
    L4_ThreadId_t child;
    child.raw = w[0];
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, w[1]);   // IP
    L4_MsgAppendWord(&msg, w[2]);   // SP
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Send_Timeout(child, us(wait_us));
    L4_Word_t error = ipc_failed(t) ? L4_ErrorCode() : 0;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, error);
    L4_MsgLoad(&msg);
    return true;
}

void pager_loop(L4_Word_t)
{
    L4_ThreadId_t from;
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        bool reply = false;
        Fault* logged = nullptr;
        if (!ipc_failed(tag)) {
            L4_Word_t label = L4_Label(tag);
            if ((label & ~L4_Word_t{0xF}) == pf_label && L4_UntypedWords(tag) == 2)
                reply = serve_fault(from, tag, &logged);
            else if (label == op_start)
                reply = serve_start();
        }
        if (!reply) {
            tag = L4_Wait(&from);
            continue;
        }
        tag = L4_ReplyWait(from, &from);
        // A failed reply ends the IPC before its receive phase: phase bit 0.
        if (ipc_failed(tag) && !(L4_ErrorCode() & 1)) {
            if (logged)
                logged->send_error = L4_ErrorCode();
            tag = L4_Wait(&from);
        }
    }
}

bool pager_start(L4_ThreadId_t id, const Record* r)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_start);
    L4_MsgAppendWord(&msg, id.raw);
    L4_MsgAppendWord(&msg, entry_ip());
    L4_MsgAppendWord(&msg, entry_sp(r));
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(pager_id, us(wait_us), us(2 * wait_us));
    if (ipc_failed(t)) {
        tap::note("world: the pager thread did not answer (error 0x%lx)", L4_ErrorCode());
        return false;
    }
    L4_Word_t error;
    L4_StoreMR(1, &error);
    if (error)
        tap::note("world: start message to %lx failed: IPC error 0x%lx", id.raw, error);
    return error == 0;
}

// ---- Warming up -----------------------------------------------------------------------------

// Every page of the image once, so the root task never faults again: a
// fault later would add a mapping (kernel memory) in the middle of a
// measurement, or fail when kernel memory is exhausted.
void touch_image()
{
    auto* p = reinterpret_cast<volatile char*>(facts.image_start);
    auto* bss = reinterpret_cast<volatile char*>(__bss_start);
    for (; p < reinterpret_cast<volatile char*>(facts.image_end); p += page) {
        char c = *p;
        if (p >= bss)
            *p = c;   // writable pages get their write right now
    }
}

// Thread-table pages and UTCB pages stay with the kernel once made (the
// table's second level and a space's UTCB pages live as long as the table
// and the space): make them now, before anything is measured.
void warm_thread_numbers()
{
    L4_Word_t last_block = ~L4_Word_t{0};
    for (unsigned i = 0; i < pool_size; i++) {
        L4_Word_t n = pool_first + i;
        if (n / 512 == last_block)
            continue;
        last_block = n / 512;
        L4_ThreadId_t id = L4_GlobalId(n, 1);
        if (L4_ThreadControl(id, main_id, main_id, L4_nilthread, reinterpret_cast<void*>(~0ul)) == 1)
            (void)L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread,
                                   reinterpret_cast<void*>(~0ul));
    }
}

void warm_root_slots()
{
    L4_ThreadId_t id = fresh_id();
    for (unsigned slot = 0; slot < root_slots; slot += 4) {
        if (L4_ThreadControl(id, main_id, main_id, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1)
            return;
        // Activation gives the thread its UTCB (and the page it is in).
        (void)L4_ThreadControl(id, main_id, L4_nilthread, main_id,
                               reinterpret_cast<void*>(slot_address(slot + 3)));
        (void)L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread,
                               reinterpret_cast<void*>(~0ul));
    }
}

}  // namespace

// ---- Init -------------------------------------------------------------------------------------

void init()
{
    facts.kip = static_cast<L4_KernelInterfacePage_t*>(L4_GetKernelInterface());
    facts.user_base = L4_ThreadIdUserBase(facts.kip);
    facts.thread_bits = L4_ThreadIdBits(facts.kip);
    facts.image_start = reinterpret_cast<L4_Word_t>(__image_start);
    facts.image_end = reinterpret_cast<L4_Word_t>(__image_end);
    facts.utcb_area = L4_MyLocalId().raw - 512;
    facts.kip_area = reinterpret_cast<L4_Word_t>(facts.kip);
    if (!(L4_PageSizeMask(facts.kip) & page))
        printf("# the suite assumes 4 KiB pages\n");
    main_id = L4_Myself();
    sigma0_id = L4_GlobalId(facts.user_base, 1);
    pool_first = facts.user_base + 16;
    slot_used[0] = true;

    touch_image();
    warm_thread_numbers();
    warm_root_slots();

    pager_id = spawn_at(1, pager_loop, 0, 254);
    if (Record* r = record_of(pager_id))
        r->permanent = true;
    else
        printf("# could not create the pager thread: cases with new spaces will fail\n");
}

// ---- Debugger calls -----------------------------------------------------------------------

// The debugger operation is encoded in the trap instruction, so each call
// names its constant here.
L4_Word_t kmem_free()
{
#if defined(L4_ARCH_AARCH64)
    return __L4_KDB_OP(WALNUT_KDB_KMEM_FREE, 0);
#else
    return __L4_KDB_Call(WALNUT_KDB_KMEM_FREE, 0);
#endif
}

L4_Word_t kernel_check()
{
#if defined(L4_ARCH_AARCH64)
    return __L4_KDB_OP(WALNUT_KDB_CHECK, 0);
#else
    return __L4_KDB_Call(WALNUT_KDB_CHECK, 0);
#endif
}

// ---- Time --------------------------------------------------------------------------------

L4_Time_t us(L4_Word_t microseconds)
{
    if (microseconds == 0)
        return L4_ZeroTime;
    return L4_TimePeriod(microseconds);
}

void sleep_us(L4_Word_t microseconds)
{
    L4_Sleep(us(microseconds));
}

// ---- Threads ------------------------------------------------------------------------------

L4_ThreadId_t fresh_id()
{
    for (unsigned tries = 0; tries < pool_size; tries++) {
        unsigned i = pool_next;
        pool_next = (pool_next + 1) % pool_size;
        L4_Word_t n = pool_first + i;
        L4_ThreadId_t probe = L4_GlobalId(n, 1);
        if (record_of(probe))
            continue;
        // Versions 1..63 over and over: a stale id of an earlier round
        // names a thread that no longer exists.
        pool_version[i] = pool_version[i] % 63 + 1;
        return L4_GlobalId(n, pool_version[i]);
    }
    tap::note("world: thread number pool exhausted");
    return L4_nilthread;
}

namespace {

// A thread in the root task's space with its UTCB in root slot 'slot'.
L4_ThreadId_t spawn_at(unsigned slot, Thread_fn fn, L4_Word_t arg, L4_Word_t priority)
{
    L4_ThreadId_t id = fresh_id();
    if (L4_ThreadControl(id, main_id, main_id, sigma0_id, reinterpret_cast<void*>(slot_address(slot))) !=
        1) {
        tap::note("world: ThreadControl(create %lx) failed: error %lu", id.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    Record* r = new_record(id, fn, arg, slot);
    if (!r) {
        (void)L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread,
                               reinterpret_cast<void*>(~0ul));
        return L4_nilthread;
    }
    slot_used[slot] = true;
    if (priority && !L4_Set_Priority(id, priority))
        tap::note("world: Schedule(%lx, priority %lu) failed", id.raw, priority);
    // ExchangeRegisters may start a thread that waits for its start message.
    L4_Start_SpIp(id, entry_sp(r), entry_ip());
    return id;
}

}  // namespace

L4_ThreadId_t spawn(Thread_fn fn, L4_Word_t arg, L4_Word_t priority)
{
    unsigned slot = root_slot();
    if (!slot)
        return L4_nilthread;
    L4_ThreadId_t id = spawn_at(slot, fn, arg, priority);
    if (L4_IsNilThread(id))
        slot_used[slot] = false;
    return id;
}

bool kill(L4_ThreadId_t id)
{
    L4_Word_t ok = L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread,
                                    reinterpret_cast<void*>(~0ul));
    if (Record* r = record_of(id))
        free_record(r);
    return ok == 1;
}

void kill_all()
{
    for (Record& r : records)
        if (r.in_use && !r.permanent)
            (void)kill(r.id);
    pager_reset_policy();
    L4_Accept(L4_UntypedWordsAcceptor);
}

void park()
{
    for (;;)
        L4_Sleep(L4_Never);
}

// ---- Spaces -----------------------------------------------------------------------------------

L4_ThreadId_t new_space(Thread_fn fn, L4_Word_t arg)
{
    L4_ThreadId_t id = fresh_id();
    if (L4_ThreadControl(id, id, main_id, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
        tap::note("world: ThreadControl(new space %lx) failed: error %lu", id.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    Record* r = new_record(id, fn, arg, 0);
    if (!r) {
        (void)kill(id);
        return L4_nilthread;
    }
    L4_Word_t old;
    if (L4_SpaceControl(id, 0, L4_FpageLog2(facts.kip_area, 12),
                        L4_FpageLog2(space_utcb_area, space_utcb_log2), L4_nilthread, &old) != 1) {
        tap::note("world: SpaceControl(%lx) failed: error %lu", id.raw, L4_ErrorCode());
        (void)kill(id);
        return L4_nilthread;
    }
    if (L4_ThreadControl(id, id, L4_nilthread, pager_id, reinterpret_cast<void*>(space_utcb_area)) != 1) {
        tap::note("world: ThreadControl(activate %lx) failed: error %lu", id.raw, L4_ErrorCode());
        (void)kill(id);
        return L4_nilthread;
    }
    if (!pager_start(id, r)) {
        (void)kill(id);
        return L4_nilthread;
    }
    return id;
}

L4_ThreadId_t space_thread(L4_ThreadId_t first, unsigned slot, Thread_fn fn, L4_Word_t arg,
                           L4_ThreadId_t scheduler)
{
    L4_ThreadId_t id = fresh_id();
    L4_Word_t utcb = space_utcb_area + slot * WALNUT_UTCB_SIZE;
    if (L4_ThreadControl(id, first, L4_IsNilThread(scheduler) ? main_id : scheduler, pager_id,
                         reinterpret_cast<void*>(utcb)) != 1) {
        tap::note("world: ThreadControl(create %lx in %lx's space) failed: error %lu", id.raw,
                  first.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    Record* r = new_record(id, fn, arg, 0);
    if (!r || !pager_start(id, r)) {
        (void)kill(id);
        return L4_nilthread;
    }
    return id;
}

void client_loop(L4_Word_t)
{
    L4_ThreadId_t partner;
    L4_MsgTag_t tag = L4_Wait(&partner);
    for (;;) {
        if (ipc_failed(tag)) {
            tag = L4_Wait(&partner);
            continue;
        }
        L4_Word_t in[12] = {};
        L4_Word_t u = L4_UntypedWords(tag);
        L4_StoreMRs(1, static_cast<int>(u < 12 ? u : 12), in);
        L4_Word_t out[8] = {};
        unsigned n = 0;
        if (L4_Label(tag) == op_run && u >= 1)
            n = reinterpret_cast<Run_fn>(in[0])(in + 1, out);
        L4_Msg_t reply;
        L4_MsgClear(&reply);
        for (unsigned i = 0; i < n && i < 8; i++)
            L4_MsgAppendWord(&reply, out[i]);
        L4_MsgLoad(&reply);
        tag = L4_ReplyWait(partner, &partner);
    }
}

L4_ThreadId_t new_client()
{
    return new_space(client_loop, 0);
}

namespace {

void load_command(Run_fn fn, const L4_Word_t* in, unsigned n_in)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_run);
    L4_MsgAppendWord(&msg, reinterpret_cast<L4_Word_t>(fn));
    for (unsigned i = 0; i < n_in && i < 11; i++)
        L4_MsgAppendWord(&msg, in[i]);
    L4_MsgLoad(&msg);
}

}  // namespace

bool client_run(L4_ThreadId_t c, Run_fn fn, const L4_Word_t* in, unsigned n_in, L4_Word_t* out,
                unsigned n_out)
{
    load_command(fn, in, n_in);
    L4_MsgTag_t t = L4_Call_Timeouts(c, us(wait_us), us(wait_us));
    if (ipc_failed(t)) {
        tap::note("world: client %lx did not run its command: IPC error 0x%lx", c.raw, L4_ErrorCode());
        return false;
    }
    L4_Word_t u = L4_UntypedWords(t);
    for (unsigned i = 0; i < n_out; i++)
        out[i] = 0;
    L4_StoreMRs(1, static_cast<int>(u < n_out ? u : n_out), out);
    return true;
}

bool client_post(L4_ThreadId_t c, Run_fn fn, const L4_Word_t* in, unsigned n_in)
{
    load_command(fn, in, n_in);
    L4_MsgTag_t t = L4_Send_Timeout(c, us(wait_us));
    if (ipc_failed(t))
        tap::note("world: posting to client %lx failed: IPC error 0x%lx", c.raw, L4_ErrorCode());
    return !ipc_failed(t);
}

// ---- The pager's log and policy --------------------------------------------------------------

unsigned fault_mark()
{
    return fault_total;
}

unsigned fault_count()
{
    return fault_total;
}

const Fault* fault_at(unsigned index)
{
    return index < fault_total && index < fault_capacity ? &faults[index] : nullptr;
}

unsigned faults_on(unsigned mark, L4_ThreadId_t who, L4_Word_t addr)
{
    unsigned n = 0;
    for (unsigned i = mark; i < fault_total && i < fault_capacity; i++)
        if (faults[i].from.raw == who.raw && (faults[i].addr & ~(page - 1)) == (addr & ~(page - 1)))
            n++;
    return n;
}

bool wait_faults(unsigned mark, L4_ThreadId_t who, L4_Word_t addr, unsigned n)
{
    for (unsigned waited = 0; waited < wait_us; waited += 2000) {
        if (faults_on(mark, who, addr) >= n)
            return true;
        sleep_us(2000);
    }
    return faults_on(mark, who, addr) >= n;
}

namespace {

void add_region(Region r)
{
    for (Region& slot : regions) {
        if (slot.kind == Region::none) {
            slot = r;
            return;
        }
    }
    tap::note("world: too many pager regions");
}

}  // namespace

void pager_protect(L4_Word_t base, L4_Word_t size)
{
    add_region(Region{base, base + size, Region::protect, L4_Nilpage, 0});
}

void pager_read_only(L4_Word_t base, L4_Word_t size)
{
    add_region(Region{base, base + size, Region::read_only, L4_Nilpage, 0});
}

void pager_redirect(L4_Word_t lo, L4_Word_t hi, L4_Fpage_t instead, L4_Word_t base)
{
    add_region(Region{lo, hi, Region::redirect, instead, base});
}

void pager_reset_policy()
{
    for (Region& r : regions)
        r.kind = Region::none;
    // Refusals are counted in the log: a new policy starts a new log.
    fault_total = 0;
}

}  // namespace world
