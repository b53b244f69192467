// SPDX-License-Identifier: BSD-2-Clause
// The conformance suite's environment (see env.hpp): thread records and
// stacks, the pager thread, new spaces running this image's code, and the
// client command loop.
#include "env.hpp"

#include <l4io.h>

#include "check.hpp"

extern "C" char __image_start[];
extern "C" char __image_end[];

namespace env {

Facts facts;
L4_ThreadId_t main_id;
L4_ThreadId_t pager_id;
L4_ThreadId_t sigma0_id;

namespace {

// ---- Constants of this environment ------------------------------------------------------

constexpr L4_Word_t page = 4096;                 // checked against the KIP in init()
constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;
constexpr L4_Word_t pf_label = (~L4_Word_t{1} << 4) & label_mask;   // -2 in the upper bits
constexpr L4_Word_t op_start = 0x5A0;            // main -> pager: send a start message
constexpr L4_Word_t op_read = 0xC01;             // main -> client commands
constexpr L4_Word_t op_write = 0xC02;
constexpr L4_Word_t op_give = 0xC03;
constexpr L4_Word_t op_unmap = 0xC04;
constexpr L4_Word_t op_accept = 0xC05;
constexpr L4_Word_t op_run = 0xC06;
constexpr L4_Word_t op_take = 0xC07;             // a message carrying a mapping for the client

// The root task's UTCB area holds 1 MiB of UTCBs from its first one
// (docs/decisions.md, point 5); this suite uses the first 64.
constexpr unsigned root_utcb_slots = 64;
constexpr unsigned max_records = 40;
constexpr unsigned stack_words = 2048;           // 16 KiB per thread
constexpr unsigned max_spaces = 16;
constexpr unsigned fault_capacity = 256;

// ---- Thread records ---------------------------------------------------------------------

struct Record {
    L4_ThreadId_t id;
    Thread_fn fn;
    L4_Word_t arg;
    L4_Word_t utcb;          // location in the root space, ~0 if elsewhere
    bool in_use;
    bool permanent;          // survives case cleanup (the pager thread)
};

alignas(16) L4_Word_t stacks[max_records][stack_words];
Record records[max_records];

struct Space_info {
    L4_Word_t key;           // thread number of the space's first thread
    unsigned next_slot;
};
Space_info spaces[max_spaces];

bool utcb_used[root_utcb_slots];
bool utcb_permanent[root_utcb_slots];
L4_Word_t next_number;

// ---- Pages the mapping cases use --------------------------------------------------------------

// 64 KiB aligned, so fpages of up to 16 pages can be made of test pages.
alignas(65536) L4_Word_t test_area[test_pages][page / sizeof(L4_Word_t)];
alignas(4096) L4_Word_t scratch_page[page / sizeof(L4_Word_t)];

Fault fault_log[fault_capacity];
unsigned fault_count;
L4_Word_t test_fault_rights = L4_FullyAccessible;

L4_Word_t random_state = 0x9E3779B97F4A7C15ul;
L4_Word_t client_failure;   // ErrorCode of a client's last failed IPC

Record* record_of(L4_ThreadId_t id)
{
    for (Record& r : records)
        if (r.in_use && L4_ThreadNo(r.id) == L4_ThreadNo(id))
            return &r;
    return nullptr;
}

Record* new_record(L4_ThreadId_t id, Thread_fn fn, L4_Word_t arg, L4_Word_t utcb)
{
    for (Record& r : records) {
        if (!r.in_use) {
            r = Record{id, fn, arg, utcb, true, false};
            return &r;
        }
    }
    conf::note("out of thread records");
    return nullptr;
}

unsigned index_of(const Record* r)
{
    return static_cast<unsigned>(r - records);
}

L4_Word_t entry_sp(const Record* r)
{
    return entry_sp_for(reinterpret_cast<L4_Word_t>(&stacks[index_of(r)][stack_words]));
}

void free_record(Record* r)
{
    r->in_use = false;
}

bool in_range(L4_Word_t a, L4_Word_t lo, L4_Word_t hi)
{
    return a >= lo && a < hi;
}

// ---- The pager thread --------------------------------------------------------------

bool serve_fault(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    L4_Word_t addr, ip;
    L4_StoreMR(1, &addr);
    L4_StoreMR(2, &ip);
    L4_Word_t base = addr & ~(page - 1);
    L4_Word_t test_lo = reinterpret_cast<L4_Word_t>(test_area);
    L4_Word_t test_hi = test_lo + sizeof test_area;
    bool test = in_range(addr, test_lo, test_hi);
    bool image = in_range(addr, facts.image_start, facts.image_end);
    if (fault_count < fault_capacity) {
        fault_log[fault_count] = Fault{from, L4_Label(tag), L4_UntypedWords(tag), L4_TypedWords(tag),
                                       addr, ip, test, !test && !image};
    }
    fault_count++;

    L4_Fpage_t f;
    if (test) {
        f = L4_FpageLog2(base, 12);
        L4_Set_Rights(&f, test_fault_rights);
    } else if (image) {
        f = L4_FpageLog2(base, 12);
        L4_Set_Rights(&f, L4_FullyAccessible);
    } else {
        // Anything else gets a scratch page, so a stray access cannot hang
        // the suite; the case sees it in the log.
        f = L4_FpageLog2(reinterpret_cast<L4_Word_t>(scratch_page), 12);
        L4_Set_Rights(&f, L4_FullyAccessible);
    }
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendMapItem(&msg, L4_MapItem(f, base));
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
    L4_MsgAppendWord(&msg, w[1]);  // IP
    L4_MsgAppendWord(&msg, w[2]);  // SP
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
        if (!ipc_failed(tag)) {
            L4_Word_t label = L4_Label(tag);
            if ((label & ~L4_Word_t{0xF}) == pf_label)
                reply = serve_fault(from, tag);
            else if (label == op_start)
                reply = serve_start();
        }
        tag = reply ? L4_ReplyWait(from, &from) : L4_Wait(&from);
    }
}

// Asks the pager thread to send id its start message (IP, SP).
bool pager_start(L4_ThreadId_t id, L4_Word_t ip, L4_Word_t sp)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_start);
    L4_MsgAppendWord(&msg, id.raw);
    L4_MsgAppendWord(&msg, ip);
    L4_MsgAppendWord(&msg, sp);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(pager_id, us(wait_us), us(2 * wait_us));
    if (ipc_failed(t)) {
        conf::note("pager thread did not answer (error 0x%lx)", L4_ErrorCode());
        return false;
    }
    L4_Word_t error;
    L4_StoreMR(1, &error);
    if (error != 0)
        conf::note("start message to %lx failed: IPC error 0x%lx", id.raw, error);
    return error == 0;
}

// ---- Clients ----------------------------------------------------------------------------

void client_loop(L4_Word_t)
{
    L4_Fpage_t window = L4_CompleteAddressSpace;
    L4_ThreadId_t partner = L4_nilthread;
    L4_Accept(L4_MapGrantItems(window));
    L4_MsgTag_t tag = L4_Wait(&partner);
    for (;;) {
        if (ipc_failed(tag)) {
            client_failure = L4_ErrorCode();
            L4_Accept(L4_MapGrantItems(window));
            tag = L4_Wait(&partner);
            continue;
        }
        L4_Word_t in[16] = {};
        L4_Word_t u = L4_UntypedWords(tag);
        L4_StoreMRs(1, static_cast<int>(u < 16 ? u : 16), in);
        L4_Word_t out[8] = {};
        unsigned n = 0;
        switch (L4_Label(tag)) {
        case op_read:
            out[0] = *reinterpret_cast<volatile L4_Word_t*>(in[0]);
            n = 1;
            break;
        case op_write:
            *reinterpret_cast<volatile L4_Word_t*>(in[0]) = in[1];
            break;
        case op_give: {
            L4_ThreadId_t to;
            to.raw = in[0];
            L4_Fpage_t f;
            f.raw = in[1];
            L4_Msg_t msg;
            L4_MsgClear(&msg);
            L4_Set_MsgLabel(&msg, op_take);
            if (in[3])
                L4_MsgAppendGrantItem(&msg, L4_GrantItem(f, in[2]));
            else
                L4_MsgAppendMapItem(&msg, L4_MapItem(f, in[2]));
            L4_MsgLoad(&msg);
            L4_MsgTag_t t = L4_Call_Timeouts(to, us(wait_us), us(wait_us));
            out[0] = t.raw;
            out[1] = ipc_failed(t) ? L4_ErrorCode() : 0;
            n = 2;
            break;
        }
        case op_unmap: {
            L4_Fpage_t f;
            f.raw = in[0];
            out[0] = (in[1] ? L4_Flush(f) : L4_UnmapFpage(f)).raw;
            n = 1;
            break;
        }
        case op_accept:
            window.raw = in[0];
            break;
        case op_run:
            n = reinterpret_cast<Run_fn>(in[0])(in + 1, out);
            break;
        case op_take:
            break;  // the kernel has placed the mapping
        default:
            out[0] = ~L4_Word_t{0};
            n = 1;
            break;
        }
        L4_Msg_t reply;
        L4_MsgClear(&reply);
        for (unsigned i = 0; i < n && i < 8; i++)
            L4_MsgAppendWord(&reply, out[i]);
        L4_MsgLoad(&reply);
        L4_Accept(L4_MapGrantItems(window));
        tag = L4_ReplyWait(partner, &partner);
    }
}

bool client_call(L4_ThreadId_t c, L4_Word_t label, unsigned n_in, const L4_Word_t* in,
                 L4_Word_t* out, unsigned n_out)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, label);
    for (unsigned i = 0; i < n_in; i++)
        L4_MsgAppendWord(&msg, in[i]);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Call_Timeouts(c, us(wait_us), us(wait_us));
    if (ipc_failed(t)) {
        conf::note("client %lx: command 0x%lx failed, IPC error 0x%lx", c.raw, label, L4_ErrorCode());
        return false;
    }
    L4_Word_t u = L4_UntypedWords(t);
    for (unsigned i = 0; i < n_out; i++)
        out[i] = 0;
    L4_StoreMRs(1, static_cast<int>(u < n_out ? u : n_out), out);
    return true;
}

}  // namespace

// ---- Facts, init and cleanup ------------------------------------------------------------

void init()
{
    facts.kip = static_cast<L4_KernelInterfacePage_t*>(L4_GetKernelInterface());
    facts.kcp = reinterpret_cast<L4_KernelConfigurationPage_t*>(facts.kip);
    facts.system_base = L4_ThreadIdSystemBase(facts.kip);
    facts.user_base = L4_ThreadIdUserBase(facts.kip);
    facts.thread_bits = L4_ThreadIdBits(facts.kip);
    facts.page_size_mask = L4_PageSizeMask(facts.kip);
    facts.page_bits = 0;
    while (facts.page_bits < 63 && !(facts.page_size_mask & (L4_Word_t{1} << facts.page_bits)))
        facts.page_bits++;
    facts.page_size = L4_Word_t{1} << facts.page_bits;
    facts.image_start = reinterpret_cast<L4_Word_t>(__image_start);
    facts.image_end = reinterpret_cast<L4_Word_t>(__image_end);
    facts.utcb_area = L4_MyLocalId().raw - 512;
    facts.kip_area = reinterpret_cast<L4_Word_t>(facts.kip);
    if (facts.page_size != page)
        printf("# the suite assumes 4 KiB pages; the KIP says %lu\n", facts.page_size);

    main_id = L4_Myself();
    sigma0_id = L4_GlobalId(facts.user_base, 1);
    next_number = facts.user_base + 16;
    utcb_used[0] = utcb_permanent[0] = true;  // main's own UTCB

    pager_id = spawn(pager_loop, 0, 254);
    if (Record* r = record_of(pager_id)) {
        r->permanent = true;
        for (unsigned i = 0; i < root_utcb_slots; i++)
            if (facts.utcb_area + i * 1024 == r->utcb)
                utcb_permanent[i] = true;
    } else {
        printf("# could not create the pager thread: cases with new spaces will fail\n");
    }
}

void case_cleanup()
{
    for (Record& r : records) {
        if (r.in_use && !r.permanent) {
            (void)L4_ThreadControl(r.id, L4_nilthread, L4_nilthread, L4_nilthread,
                                   reinterpret_cast<void*>(~L4_Word_t{0}));
            free_record(&r);
        }
    }
    for (unsigned i = 0; i < root_utcb_slots; i++)
        if (!utcb_permanent[i])
            utcb_used[i] = false;
    for (Space_info& s : spaces)
        s = Space_info{0, 0};
    fault_count = 0;
    client_failure = 0;
    test_fault_rights = L4_FullyAccessible;
    L4_Accept(L4_UntypedWordsAcceptor);
}

// ---- Time ------------------------------------------------------------------------------

L4_Word_t now_us()
{
    return L4_SystemClock().raw;
}

L4_Time_t us(L4_Word_t microseconds)
{
    if (microseconds == 0)
        return L4_ZeroTime;
    if (microseconds == never)
        return L4_Never;
    return L4_TimePeriod(microseconds);
}

L4_Word_t timeouts(L4_Word_t snd_us, L4_Word_t rcv_us)
{
    return L4_Timeouts(us(snd_us), us(rcv_us));
}

void sleep_us(L4_Word_t microseconds)
{
    L4_Sleep(us(microseconds));
}

bool wait_for_state(L4_ThreadId_t t, L4_Word_t schedule_state, const char* what, unsigned line,
                    const char* file)
{
    L4_Word_t start = now_us();
    for (;;) {
        L4_Word_t old;
        L4_Word_t now = L4_Schedule(t, ~0ul, ~0ul, ~0ul, ~0ul, &old);
        if (now == schedule_state && schedule_state != L4_SCHEDRESULT_WAITING)
            return true;
        if (now == schedule_state) {
            // Waiting for the start message still: its IP is the entry point
            // (set by start_thread) or not yet set (started by the pager).
            // ExchangeRegisters reaches only threads of this space: for
            // others, Waiting is taken as it is.
            L4_Word_t c, sp, ip, flags, handle;
            L4_ThreadId_t pager;
            if (L4_IsNilThread(L4_ExchangeRegisters(t, 1u << 9, 0, 0, 0, 0, L4_nilthread, &c, &sp,
                                                    &ip, &flags, &handle, &pager)))
                return true;
            if (ip != reinterpret_cast<L4_Word_t>(conf_thread_entry) && ip >= facts.image_start &&
                ip < facts.image_end)
                return true;
        }
        if (now_us() - start > wait_us)
            return conf::expect_eq(now, schedule_state, what, line, file);
        sleep_us(200);
    }
}

// ---- Thread ids and threads ----------------------------------------------------------------

L4_ThreadId_t fresh_id()
{
    return L4_GlobalId(next_number++, 1);
}

L4_ThreadId_t with_version(L4_ThreadId_t id, L4_Word_t version)
{
    return L4_GlobalId(L4_ThreadNo(id), version);
}

L4_Word_t root_utcb_slot()
{
    for (unsigned i = 1; i < root_utcb_slots; i++) {
        if (!utcb_used[i]) {
            utcb_used[i] = true;
            return facts.utcb_area + i * 1024;
        }
    }
    conf::note("out of UTCB slots in the root space");
    return ~L4_Word_t{0};
}

L4_ThreadId_t spawn(Thread_fn fn, L4_Word_t arg, L4_Word_t priority, bool start)
{
    L4_ThreadId_t id = fresh_id();
    L4_Word_t utcb = root_utcb_slot();
    // Pager sigma0, like the root task itself: these threads never fault.
    if (L4_ThreadControl(id, main_id, main_id, sigma0_id, reinterpret_cast<void*>(utcb)) != 1) {
        conf::note("ThreadControl(create %lx) failed: error %lu", id.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    if (!new_record(id, fn, arg, utcb)) {
        (void)kill(id);
        return L4_nilthread;
    }
    if (priority != 0 && L4_Set_Priority(id, priority) == 0)
        conf::note("Schedule(%lx, priority %lu) failed: error %lu", id.raw, priority, L4_ErrorCode());
    if (start && !start_thread(id))
        return L4_nilthread;
    return id;
}

bool start_thread(L4_ThreadId_t id)
{
    Record* r = record_of(id);
    if (!r)
        return false;
    // An activated thread waits for its start message; give it the
    // processor until it is in that receive phase (Schedule: Waiting).
    for (int i = 0; i < 50; i++) {
        L4_Word_t old;
        if (L4_Schedule(id, ~0ul, ~0ul, ~0ul, ~0ul, &old) == L4_SCHEDRESULT_WAITING)
            break;
        sleep_us(200);
    }
    L4_Start_SpIp(id, entry_sp(r), reinterpret_cast<L4_Word_t>(conf_thread_entry));
    return true;
}

L4_Word_t stack_top_of(L4_ThreadId_t id)
{
    Record* r = record_of(id);
    return r ? entry_sp(r) : 0;
}

void adopt(L4_ThreadId_t id, L4_Word_t utcb, Thread_fn fn, L4_Word_t arg)
{
    (void)new_record(id, fn, arg, utcb);
}

bool kill(L4_ThreadId_t id)
{
    L4_Word_t r = L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread,
                                   reinterpret_cast<void*>(~L4_Word_t{0}));
    if (r == 1)
        forget(id);
    return r == 1;
}

void forget(L4_ThreadId_t id)
{
    if (Record* rec = record_of(id))
        free_record(rec);
}

void renamed(L4_ThreadId_t, L4_ThreadId_t new_id)
{
    if (Record* rec = record_of(new_id))
        rec->id = new_id;
}

extern "C" void conf_thread_entry()
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

void park()
{
    for (;;)
        L4_Sleep(L4_Never);
}

// ---- Signalling ---------------------------------------------------------------------

void signal_main(L4_Word_t w1, L4_Word_t w2, L4_Word_t w3)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, label_done);
    L4_MsgAppendWord(&msg, w1);
    L4_MsgAppendWord(&msg, w2);
    L4_MsgAppendWord(&msg, w3);
    L4_MsgLoad(&msg);
    (void)L4_Send(main_id);
}

bool wait_done(L4_ThreadId_t from, L4_Word_t* out)
{
    L4_MsgTag_t t = L4_Receive_Timeout(from, us(wait_us));
    if (ipc_failed(t)) {
        conf::note("no done message from %lx: IPC error 0x%lx", from.raw, L4_ErrorCode());
        return false;
    }
    if (L4_Label(t) != label_done || L4_UntypedWords(t) != 3) {
        conf::note("unexpected message from %lx: tag 0x%lx", from.raw, t.raw);
        return false;
    }
    if (out)
        L4_StoreMRs(1, 3, out);
    return true;
}

// ---- Address spaces ---------------------------------------------------------------------

L4_ThreadId_t start_in_space(L4_ThreadId_t id, Thread_fn fn, L4_Word_t arg)
{
    if (L4_ThreadControl(id, id, main_id, L4_nilthread, reinterpret_cast<void*>(~0ul)) != 1) {
        conf::note("ThreadControl(new space %lx) failed: error %lu", id.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    Record* r = new_record(id, fn, arg, ~L4_Word_t{0});
    if (!r) {
        (void)kill(id);
        return L4_nilthread;
    }
    L4_Word_t old;
    if (L4_SpaceControl(id, 0, L4_FpageLog2(facts.kip_area, 12),
                        L4_FpageLog2(client_utcb_area, client_utcb_log2), L4_nilthread, &old) != 1) {
        conf::note("SpaceControl(%lx) failed: error %lu", id.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    if (L4_ThreadControl(id, id, L4_nilthread, pager_id, reinterpret_cast<void*>(client_utcb_area)) !=
        1) {
        conf::note("ThreadControl(activate %lx) failed: error %lu", id.raw, L4_ErrorCode());
        return L4_nilthread;
    }
    for (Space_info& s : spaces) {
        if (s.key == 0) {
            s = Space_info{L4_ThreadNo(id), 1};
            break;
        }
    }
    if (!pager_start(id, reinterpret_cast<L4_Word_t>(conf_thread_entry), entry_sp(r)))
        return L4_nilthread;
    return id;
}

bool launch(L4_ThreadId_t id, Thread_fn fn, L4_Word_t arg)
{
    Record* r = record_of(id);
    if (!r)
        r = new_record(id, fn, arg, ~L4_Word_t{0});
    if (!r)
        return false;
    r->fn = fn;
    r->arg = arg;
    return pager_start(id, reinterpret_cast<L4_Word_t>(conf_thread_entry), entry_sp(r));
}

// x86_64 code expects the stack as a call leaves it (8 below a 16-byte
// boundary) at a function's first instruction; the others take it aligned.
L4_Word_t entry_sp_for(L4_Word_t top)
{
#if defined(L4_ARCH_AMD64)
    return top - 8;
#else
    return top;
#endif
}

L4_ThreadId_t new_space(Thread_fn fn, L4_Word_t arg)
{
    return start_in_space(fresh_id(), fn, arg);
}

L4_ThreadId_t space_thread(L4_ThreadId_t member, Thread_fn fn, L4_Word_t arg,
                           L4_ThreadId_t scheduler)
{
    Space_info* space = nullptr;
    for (Space_info& s : spaces)
        if (s.key == L4_ThreadNo(member))
            space = &s;
    if (!space) {
        conf::note("space_thread: %lx is not the first thread of a space made here", member.raw);
        return L4_nilthread;
    }
    L4_ThreadId_t id = fresh_id();
    L4_Word_t utcb = client_utcb_area + 1024 * space->next_slot++;
    if (L4_ThreadControl(id, member, L4_IsNilThread(scheduler) ? main_id : scheduler, pager_id,
                         reinterpret_cast<void*>(utcb)) != 1) {
        conf::note("ThreadControl(create %lx in %lx's space) failed: error %lu", id.raw, member.raw,
                   L4_ErrorCode());
        return L4_nilthread;
    }
    Record* r = new_record(id, fn, arg, ~L4_Word_t{0});
    if (!r) {
        (void)kill(id);
        return L4_nilthread;
    }
    if (!pager_start(id, reinterpret_cast<L4_Word_t>(conf_thread_entry), entry_sp(r)))
        return L4_nilthread;
    return id;
}

// ---- Clients ---------------------------------------------------------------------------

L4_ThreadId_t new_client()
{
    return new_space(client_loop, 0);
}

bool client_read(L4_ThreadId_t c, L4_Word_t addr, L4_Word_t* value)
{
    return client_call(c, op_read, 1, &addr, value, 1);
}

bool client_write(L4_ThreadId_t c, L4_Word_t addr, L4_Word_t value)
{
    L4_Word_t in[2] = {addr, value};
    return client_call(c, op_write, 2, in, nullptr, 0);
}

bool client_give(L4_ThreadId_t c, L4_ThreadId_t to, L4_Fpage_t f, L4_Word_t base, bool grant,
                 L4_Word_t* tag, L4_Word_t* error)
{
    L4_Word_t in[4] = {to.raw, f.raw, base, grant ? 1ul : 0ul};
    L4_Word_t out[2];
    if (!client_call(c, op_give, 4, in, out, 2))
        return false;
    *tag = out[0];
    *error = out[1];
    return true;
}

bool client_unmap(L4_ThreadId_t c, L4_Fpage_t f, bool flush, L4_Fpage_t* result)
{
    L4_Word_t in[2] = {f.raw, flush ? 1ul : 0ul};
    return client_call(c, op_unmap, 2, in, &result->raw, 1);
}

bool client_accept(L4_ThreadId_t c, L4_Fpage_t window)
{
    return client_call(c, op_accept, 1, &window.raw, nullptr, 0);
}

bool client_run(L4_ThreadId_t c, Run_fn fn, unsigned n_in, const L4_Word_t* in, L4_Word_t* out,
                unsigned n_out)
{
    L4_Word_t args[12];
    args[0] = reinterpret_cast<L4_Word_t>(fn);
    for (unsigned i = 0; i < n_in && i < 11; i++)
        args[i + 1] = in[i];
    return client_call(c, op_run, n_in + 1, args, out, n_out);
}

bool client_post(L4_ThreadId_t c, Run_fn fn, unsigned n_in, const L4_Word_t* in)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_run);
    L4_MsgAppendWord(&msg, reinterpret_cast<L4_Word_t>(fn));
    for (unsigned i = 0; i < n_in && i < 11; i++)
        L4_MsgAppendWord(&msg, in[i]);
    L4_MsgLoad(&msg);
    L4_MsgTag_t t = L4_Send_Timeout(c, us(wait_us));
    if (ipc_failed(t))
        conf::note("client %lx: posting a command failed, IPC error 0x%lx", c.raw, L4_ErrorCode());
    return !ipc_failed(t);
}

L4_Word_t client_last_failure()
{
    L4_Word_t e = client_failure;
    client_failure = 0;
    return e;
}

L4_MsgTag_t give(L4_ThreadId_t c, L4_Fpage_t f, L4_Word_t base, bool grant)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, op_take);
    if (grant)
        L4_MsgAppendGrantItem(&msg, L4_GrantItem(f, base));
    else
        L4_MsgAppendMapItem(&msg, L4_MapItem(f, base));
    L4_MsgLoad(&msg);
    return L4_Call_Timeouts(c, us(wait_us), us(wait_us));
}

// ---- Pages and faults ----------------------------------------------------------------------

L4_Word_t test_page(unsigned i)
{
    return reinterpret_cast<L4_Word_t>(test_area[i]);
}

L4_Word_t pattern(L4_Word_t seed, unsigned word)
{
    return (seed * 0x100000001B3ul) ^ (word * 0x9E3779B97F4A7C15ul) ^ 0x5A5A;
}

void fill_page(unsigned i, L4_Word_t seed)
{
    for (unsigned w = 0; w < page / sizeof(L4_Word_t); w++)
        test_area[i][w] = pattern(seed, w);
}

unsigned fault_mark()
{
    return fault_count;
}

const Fault* find_fault(unsigned mark, L4_ThreadId_t who, L4_Word_t addr)
{
    for (unsigned i = mark; i < fault_count && i < fault_capacity; i++) {
        const Fault& f = fault_log[i];
        if (f.from.raw == who.raw && (f.addr & ~(page - 1)) == (addr & ~(page - 1)))
            return &f;
    }
    return nullptr;
}

unsigned unexpected_faults(unsigned mark)
{
    unsigned n = 0;
    for (unsigned i = mark; i < fault_count && i < fault_capacity; i++)
        if (fault_log[i].unexpected)
            n++;
    return n;
}

void set_test_fault_rights(L4_Word_t rwx)
{
    test_fault_rights = rwx;
}

L4_Word_t random_word()
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}

}  // namespace env
