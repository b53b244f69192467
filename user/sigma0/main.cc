// SPDX-License-Identifier: BSD-2-Clause
// sigma0, the root pager (x2-api section 8, docs/sigma0.md). Its address
// space is all physical memory, identity-mapped by the kernel; it hands
// pieces out by mapping them (never granting) with full rights at their
// physical address, on explicit requests (label -6) and on page faults of
// the threads it pages (label -2), and records each piece as owned by the
// thread that asked.
#include <l4/ipc.h>
#include <l4/kcp.h>
#include <l4/kip.h>
#include <l4/misc.h>
#include <l4/walnut/runtime.h>
#include <l4io.h>

#include "memory.hpp"

namespace {

using sigma0::Kind;
using sigma0::Memory_map;
using sigma0::word;

// Protocol labels: negative numbers in the label's upper bits.
constexpr long label_page_fault = -2;
constexpr long label_request = -6;
constexpr long label_extension = -1001;  // Pistachio's: verbosity, dump

Memory_map memory;
unsigned page_log2;       // the kernel's smallest page size
word user_base;           // thread numbers: [system_base, user_base) are the
word system_base;         // kernel's, user_base + 2 is the root server
unsigned verbosity;       // 0 quiet, 1 refusals, 2 every answer (label -1001)

// Compares tag bits 63..20 only (as Pistachio's sigma0 does): the label's
// low four bits carry the access type of a page fault.
bool has_label(L4_MsgTag_t tag, long label)
{
    return tag.raw >> 20 == (static_cast<word>(label) << 20) >> 20;
}

word align_down(word a, word size) { return a & ~(size - 1); }

word align_up(word a, word size)
{
    word up = (a + size - 1) & ~(size - 1);
    return up < a ? Memory_map::limit : up;
}

L4_ThreadId_t root_server() { return L4_GlobalId(user_base + 2, 1); }

// ---- The initial memory map (x2-api 8.1) ------------------------------------

Kind kind_of_type(word type)
{
    switch (type) {
    case L4_ConventionalMemoryType: return Kind::conventional;
    case L4_ReservedMemoryType: return Kind::kernel;
    case L4_DedicatedMemoryType:
    case L4_BootLoaderSpecificMemoryType:
    case L4_ArchitectureSpecificMemoryType: return Kind::on_request;
    case L4_SharedMemoryType: return Kind::shared;
    default: return Kind::unavailable;  // undefined, and types X.2 does not define
    }
}

void set_or_complain(word base, word end, Kind kind, word owner)
{
    if (!memory.set(base, end, kind, owner))
        printf("sigma0: memory map full, [0x%lx, 0x%lx) left out\n", base, end);
}

// Memory that can be handed out is rounded inwards to whole pages, memory
// that must not be rounded outwards.
void set_rounded(word low, word high_inclusive, Kind kind, word owner)
{
    word page = word{1} << page_log2;
    word end = high_inclusive >= Memory_map::limit - 1 ? Memory_map::limit : high_inclusive + 1;
    bool hand_out = kind == Kind::conventional || kind == Kind::on_request || kind == Kind::shared;
    if (hand_out)
        set_or_complain(align_up(low, page), align_down(end, page), kind, owner);
    else
        set_or_complain(align_down(low, page), align_up(end, page), kind, owner);
}

// The memory regions of the kernel debugger and the initial servers (KIP
// words 4..19) belong to them from the start; empty ones are skipped.
void preassign(const L4_KernelRootServer_t& server, Kind kind, L4_ThreadId_t owner)
{
    if (server.high <= server.low)
        return;
    word page = word{1} << page_log2;
    set_or_complain(align_down(server.low, page), align_up(server.high, page), kind, owner.raw);
}

void init_memory(void* kip)
{
    memory.reset(Kind::on_request);  // memory no descriptor mentions
    // In index order, so that a later descriptor overrides an earlier one.
    for (word i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
        L4_MemoryDesc_t* m = L4_MemoryDesc(kip, i);
        if (L4_IsMemoryDescVirtual(m))
            continue;
        set_rounded(L4_MemoryDescLow(m), L4_MemoryDescHigh(m),
                    kind_of_type(L4_MemoryDescType(m) & 0xF), 0);
    }
    const auto* kcp = static_cast<const L4_KernelConfigurationPage_t*>(kip);
    preassign(kcp->Kdebug, Kind::kernel, L4_nilthread);
    preassign(kcp->sigma0, Kind::owned, L4_GlobalId(user_base, 1));
    preassign(kcp->sigma1, Kind::owned, L4_GlobalId(user_base + 1, 1));
    preassign(kcp->root_server, Kind::owned, root_server());
}

void print_memory()
{
    printf("sigma0: memory map (%u regions):\n", memory.count());
    for (unsigned i = 0; i < memory.count(); i++) {
        const sigma0::Region& r = memory.region(i);
        if (r.kind == Kind::owned) {
            L4_ThreadId_t owner;
            owner.raw = r.owner;
            printf("  [0x%012lx, 0x%012lx) %s %t\n", r.start, memory.end_of(i),
                   sigma0::kind_name(r.kind), owner);
        } else {
            printf("  [0x%012lx, 0x%012lx) %s\n", r.start, memory.end_of(i),
                   sigma0::kind_name(r.kind));
        }
    }
}

// ---- Replies ----------------------------------------------------------------------

// One map item (t = 2): the fpage with full rights, send base = its address,
// so that it lands at the same address in a complete-space receive window.
void load_map_item(L4_Fpage_t fpage, word send_base)
{
    L4_MapItem_t item = L4_MapItem(fpage, send_base);
    L4_LoadMR(0, word{2} << 6);
    L4_LoadMR(1, item.raw[0]);
    L4_LoadMR(2, item.raw[1]);
}

void load_mapping(word base, unsigned log2)
{
    load_map_item(L4_FpageAddRights(L4_FpageLog2(base, static_cast<int>(log2)),
                                    L4_FullyAccessible),
                  base);
}

// A refusal is a map item of the nil fpage: the client sees MR2 = 0.
void load_refusal(L4_ThreadId_t client, L4_MsgTag_t tag, const char* why)
{
    if (verbosity >= 1)
        printf("sigma0: refused %t (tag 0x%lx): %s\n", client, tag.raw, why);
    load_map_item(L4_Nilpage, 0);
}

// ---- The protocol ----------------------------------------------------------------

// x2-api 8.3: MR1 = fpage (base all ones: any page of that size), MR2 =
// memory attribute, MR3 = address bits 63..32 if fpage bit 3 is set.
void serve_request(L4_ThreadId_t client, L4_MsgTag_t tag)
{
    word mr[4] = {};
    L4_StoreMRs(1, static_cast<int>(L4_UntypedWords(tag)), &mr[1]);
    L4_Fpage_t f;
    f.raw = mr[1];
    word attribute = mr[2];
    word high = (f.raw & 0x8) != 0 && L4_UntypedWords(tag) == 3 ? mr[3] : 0;
    word log2 = L4_SizeLog2(f);
    word base = 0;
    if (log2 < page_log2 || log2 >= 63)
        return load_refusal(client, tag, "size below the smallest page (or an IO fpage)");
    word size = word{1} << log2;
    if (high != 0)
        return load_refusal(client, tag, "address above 64 bits");
    if ((f.raw >> 10) == (~word{0} >> 10)) {
        if (!memory.find_free(static_cast<unsigned>(log2), &base))
            return load_refusal(client, tag, "no free conventional memory of that size");
    } else {
        base = L4_Address(f);
        if (base > Memory_map::limit - size)
            return load_refusal(client, tag, "beyond physical memory");
        if (!memory.may_give(base, base + size, client.raw, false))
            return load_refusal(client, tag, "owned by another thread or the kernel");
    }
    // The memory type of sigma0's own mapping is what the client's mapping
    // inherits (decision 49). Set it every time, the default too: a block an
    // earlier client had with another type must not keep it. A value the
    // architecture does not have is an error, which becomes the refusal.
    if (!L4_Set_PageAttribute(L4_FpageLog2(base, static_cast<int>(log2)), attribute) &&
        attribute != L4_DefaultMemory)
        return load_refusal(client, tag, "memory attribute not supported");
    if (!memory.give(base, base + size, client.raw))
        return load_refusal(client, tag, "sigma0's memory map is full");
    if (verbosity >= 2)
        printf("sigma0: %t gets [0x%lx, 0x%lx)\n", client, base, base + size);
    load_mapping(base, static_cast<unsigned>(log2));
}

// x2-api 8.4: MR1 = fault address, MR2 = ip. Only conventional memory or
// the thread's own. A fault that cannot be served gets no reply: the thread
// stays blocked in its page-fault IPC instead of faulting again forever.
bool serve_page_fault(L4_ThreadId_t client)
{
    word address, ip;
    L4_StoreMR(1, &address);
    L4_StoreMR(2, &ip);
    word page_size = word{1} << page_log2;
    word page = align_down(address, page_size);
    if (page <= Memory_map::limit - page_size &&
        memory.may_give(page, page + page_size, client.raw, true) &&
        memory.give(page, page + page_size, client.raw)) {
        if (verbosity >= 2)
            printf("sigma0: page fault of %t at 0x%lx served\n", client, address);
        load_mapping(page, page_log2);
        return true;
    }
    printf("sigma0: cannot serve the page fault of %t at 0x%lx (ip 0x%lx): not conventional "
           "memory or the thread's own; it stays blocked\n",
           client, address, ip);
    return false;
}

// Pistachio's extension, for the root server (and kernel threads): MR1 = 1
// sets the verbosity to MR2, MR1 = 2 prints the memory map. Answered with an
// empty message.
void serve_extension(L4_ThreadId_t client, L4_MsgTag_t tag)
{
    word number = L4_ThreadNo(client);
    bool allowed = L4_IsThreadEqual(client, root_server()) ||
                   (number >= system_base && number < user_base);
    if (!allowed)
        return load_refusal(client, tag, "label -1001 is for the root server only");
    if (L4_UntypedWords(tag) < 2 || L4_TypedWords(tag) != 0)
        return load_refusal(client, tag, "malformed extension message");
    word operation, argument;
    L4_StoreMR(1, &operation);
    L4_StoreMR(2, &argument);
    if (operation == 1)
        verbosity = static_cast<unsigned>(argument);
    else if (operation == 2)
        print_memory();
    else
        return load_refusal(client, tag, "unknown extension operation");
    L4_LoadMR(0, 0);
}

// Loads the answer to one message into the MRs; false: no answer.
bool serve(L4_ThreadId_t client, L4_MsgTag_t tag)
{
    word u = L4_UntypedWords(tag), t = L4_TypedWords(tag);
    if (has_label(tag, label_request) && (u == 2 || u == 3) && t == 0) {
        serve_request(client, tag);
        return true;
    }
    if (has_label(tag, label_page_fault) && u == 2 && t == 0)
        return serve_page_fault(client);
    if (has_label(tag, label_extension)) {
        serve_extension(client, tag);
        return true;
    }
    // Malformed requests and unknown labels: a refusal, so that a client
    // that called is not left blocked (Pistachio does not answer them).
    load_refusal(client, tag, "malformed request or unknown label");
    return true;
}

}  // namespace

extern "C" int main()
{
    void* kip = __walnut_kip;
    page_log2 = static_cast<unsigned>(__L4_Lsb(L4_PageSizeMask(kip)));
    user_base = L4_ThreadIdUserBase(kip);
    system_base = L4_ThreadIdSystemBase(kip);
    init_memory(kip);
    printf("sigma0: Walnut sigma0 running, KIP at %p, %u memory regions, pages from %lu KiB\n",
           kip, memory.count(), (word{1} << page_log2) / 1024);

    L4_ThreadId_t client;
    L4_MsgTag_t tag = L4_Wait(&client);
    for (;;) {
        // A failed receive (e.g. canceled): wait again.
        while (L4_IpcFailed(tag))
            tag = L4_Wait(&client);
        if (!serve(client, tag)) {
            tag = L4_Wait(&client);
            continue;
        }
        tag = L4_ReplyWait(client, &client);
        // A reply the client was not waiting for fails (zero send timeout)
        // and ends the IPC before its receive phase: wait on.
        if (L4_IpcFailed(tag) && (L4_ErrorCode() & 1) == 0)
            tag = L4_Wait(&client);
    }
}
