// SPDX-License-Identifier: BSD-2-Clause
// KernelInterface and the Kernel Interface Page (x2-api 3, 4.1, 9.4): the
// values are the ones docs/decisions.md fixes, the descriptors describe
// this machine and this task, and the system-call links can be called.
#include <l4/bootinfo.h>

#include "check.hpp"
#include "groups.hpp"
#include "env.hpp"

extern "C" char _start[];

namespace {

using conf::expect;
using conf::expect_eq;
using env::facts;

L4_Word_t kip_word(unsigned index)
{
    return reinterpret_cast<const L4_Word_t*>(facts.kip)[index];
}

void kernel_interface()
{
    L4_Word_t version = 0, flags = 0, id = 0;
    void* kip = L4_KernelInterface(&version, &flags, &id);
    expect_eq(reinterpret_cast<L4_Word_t>(kip), facts.kip_area, "KIP address");
    expect_eq(version, 0x84050000, "ApiVersion (X.2, subversion 5)");
    expect_eq(flags, 0x4, "ApiFlags (64-bit, little endian)");
    expect_eq(id, 0x57010000, "KernelId (Walnut: id 0x57, subid 1)");
    expect_eq(L4_ApiVersion(), version, "L4_ApiVersion");
    expect_eq(L4_ApiFlags(), flags, "L4_ApiFlags");
    expect_eq(L4_KernelId(), id, "L4_KernelId");
    expect((facts.kip_area & (L4_KipAreaSize(kip) - 1)) == 0, "the KIP is aligned to its area");
}

void magic_and_header()
{
    const unsigned char* b = reinterpret_cast<const unsigned char*>(facts.kip);
    expect(b[0] == 'L' && b[1] == '4' && b[2] == 230 && b[3] == 'K', "magic bytes L 4 230 K");
    expect_eq(kip_word(0), 0x4BE6344C, "magic word (upper half 0)");
    expect_eq(kip_word(1), L4_ApiVersion(), "ApiVersion word = KernelInterface's");
    expect_eq(kip_word(2), L4_ApiFlags(), "ApiFlags word = KernelInterface's");
    expect_eq(facts.kip->ApiVersion.raw >> 24, 0x84, "version field 0x84 (X.2)");
}

void kernel_descriptor()
{
    void* kip = facts.kip;
    L4_Word_t off = facts.kip->KernelVerPtr;
    expect(off >= 0x240 && off < L4_KipAreaSize(kip), "KernelVerPtr is an offset inside the KIP");
    if (conf::failed())
        return;
    auto* kd = reinterpret_cast<L4_KernelDesc_t*>(reinterpret_cast<char*>(kip) + off);
    expect_eq(kd->KernelId.raw, L4_KernelId(), "descriptor KernelId = KernelInterface's");
    L4_Word_t wlnt = 'W' | ('L' << 8) | ('N' << 16) | (L4_Word_t{'T'} << 24);
    expect_eq(L4_KernelSupplier(kip), wlnt, "supplier \"WLNT\"");
    const char* text = L4_KernelVersionString(kip);
    expect(text[0] == 'W' && text[1] == 'a' && text[2] == 'l' && text[3] == 'n',
           "version string starts with Walnut");
    L4_Word_t year = 0, month = 0, day = 0;
    L4_KernelGenDate(kip, &year, &month, &day);
    expect(year >= 2024 && year < 2128 && month >= 1 && month <= 12 && day >= 1 && day <= 31,
           "build date is a date");
    unsigned features = 0;
    while (features < 64 && L4_Feature(kip, features))
        features++;
    expect(features < 64, "the feature list ends");
}

void thread_info()
{
    void* kip = facts.kip;
    expect_eq(L4_ThreadIdBits(kip), 18, "ThreadInfo.t (2^18 thread numbers)");
    expect(L4_ThreadIdUserBase(kip) > L4_ThreadIdSystemBase(kip), "UserBase above SystemBase");
    L4_ThreadId_t me = L4_MyGlobalId();
    expect_eq(L4_ThreadNo(me), L4_ThreadIdUserBase(kip) + 2, "root task is thread UserBase + 2");
    expect_eq(L4_Version(me), 1, "root task's version is 1");
    // sigma0 is (UserBase, 1): the root task (privileged) can ask its state.
    L4_Word_t old;
    L4_Word_t state = L4_Schedule(env::sigma0_id, ~0ul, ~0ul, ~0ul, ~0ul, &old);
    expect(state != L4_SCHEDRESULT_ERROR, "sigma0 exists as (UserBase, 1)");
}

void utcb_area_info()
{
    void* kip = facts.kip;
    expect_eq(facts.kip->UtcbAreaInfo.X.a, 10, "UTCB alignment 2^10");
    expect_eq(facts.kip->UtcbAreaInfo.X.m, 1, "UTCB size multiplier 1");
    expect_eq(facts.kip->UtcbAreaInfo.X.s, 12, "minimal UTCB area 2^12");
    expect_eq(L4_UtcbSize(kip), 1024, "L4_UtcbSize");
    expect_eq(L4_UtcbAreaSizeLog2(kip), 12, "L4_UtcbAreaSizeLog2");
    L4_Word_t local = L4_MyLocalId().raw;
    expect((local & 63) == 0 && local != 0, "MyLocalId has the local-id form");
    expect(((local - 512) & (L4_UtcbSize(kip) - 1)) == 0, "own UTCB (MyLocalId - 512) is aligned");
}

void kip_area_and_pages()
{
    void* kip = facts.kip;
    expect_eq(L4_KipAreaSizeLog2(kip), 12, "KipAreaInfo.s");
    L4_Word_t mask = L4_PageSizeMask(kip);
    expect(mask & (L4_Word_t{1} << 12), "4 KiB pages supported");
    expect((mask & 0xFFF) == 0, "no page size below 4 KiB");
    expect_eq(facts.kip->PageInfo.raw & 0x3F8, 0, "PageInfo bits 9..3 are 0");
    expect(L4_PageRights(kip) & L4_Readable, "read access is a right the kernel knows");
}

void processors()
{
    void* kip = facts.kip;
    L4_Word_t n = L4_NumProcessors(kip);
    expect(n >= 1 && n <= 64, "1..64 processors");
    expect_eq(facts.kip->ProcessorInfo.X.s, 5, "processor descriptors are 32 bytes");
    expect(L4_ProcDesc(kip, 0) != nullptr, "descriptor of processor 0");
    expect(L4_ProcDesc(kip, n) == nullptr, "no descriptor past the last processor");
    expect_eq(L4_ProcessorNo(), 0, "the root task runs on processor 0");
}

void memory_descriptors()
{
    void* kip = facts.kip;
    L4_Word_t n = L4_NumMemoryDescriptors(kip);
    expect(n >= 3, "at least RAM, kernel and user-space descriptors");
    L4_Word_t image_type = 0;   // effective type of the image: later descriptors win
    bool conventional = false, reserved = false, user_virtual = false, ordered = true;
    for (L4_Word_t i = 0; i < n; i++) {
        L4_MemoryDesc_t* d = L4_MemoryDesc(kip, i);
        L4_Word_t lo = L4_MemoryDescLow(d), hi = L4_MemoryDescHigh(d);
        ordered = ordered && lo <= hi;
        L4_Word_t type = L4_MemoryDescType(d);
        if (L4_IsMemoryDescVirtual(d)) {
            if (lo <= facts.image_start && hi >= facts.image_end - 1 && type == 1)
                user_virtual = true;
            continue;
        }
        conventional = conventional || type == L4_ConventionalMemoryType;
        reserved = reserved || type == L4_ReservedMemoryType;
        if (lo <= facts.image_start && hi >= facts.image_end - 1)
            image_type = type;
    }
    expect(L4_MemoryDesc(kip, n) == nullptr, "no descriptor past the count");
    expect(ordered, "low <= high in every descriptor");
    expect(conventional, "a physical conventional descriptor");
    expect(reserved, "a reserved descriptor (the kernel)");
    expect(user_virtual, "a virtual conventional descriptor covering the user part");
    expect_eq(image_type, L4_BootLoaderSpecificMemoryType + (2 << 4),
              "the root task's image is boot-loader memory, subtype 2 (server image)");
}

void initial_server_fields()
{
    const L4_KernelConfigurationPage_t* k = facts.kcp;
    expect_eq(k->root_server.ip, reinterpret_cast<L4_Word_t>(_start), "RootServer.ip = entry point");
    expect(k->root_server.low <= facts.image_start && k->root_server.high >= facts.image_end,
           "RootServer.low/high cover the image");
    expect(k->sigma0.high > k->sigma0.low && k->sigma0.ip >= k->sigma0.low &&
               k->sigma0.ip < k->sigma0.high,
           "Sigma0 region and entry");
    expect_eq(k->sigma1.high, 0, "no sigma1 in this archive (Sigma1.high = 0)");
    expect(k->sigma0.high <= k->root_server.low || k->sigma0.low >= k->root_server.high,
           "sigma0 and root task do not overlap");
}

void syscall_links()
{
    const L4_KernelInterfacePage_t* k = facts.kip;
    L4_Word_t links[11] = {k->SpaceControl, k->ThreadControl, k->ProcessorControl,
                           k->MemoryControl, k->Ipc, k->Lipc, k->Unmap, k->ExchangeRegisters,
                           k->SystemClock, k->ThreadSwitch, k->Schedule};
    L4_Word_t size = L4_KipAreaSize(facts.kip);
    bool inside = true, distinct = true;
    for (unsigned i = 0; i < 11; i++) {
        inside = inside && links[i] >= 0x240 && links[i] < size;
        for (unsigned j = 0; j < i; j++)
            distinct = distinct && links[i] != links[j];
    }
    expect(inside, "every link is an offset into the KIP page, past the fixed part");
    expect(distinct, "the links are distinct");
}

void link_system_clock()
{
    using Clock_fn = L4_Word_t (*)();
    auto clock = reinterpret_cast<Clock_fn>(facts.kip_area + facts.kip->SystemClock);
    L4_Word_t before = L4_SystemClock().raw;
    L4_Word_t through_link = clock();
    L4_Word_t after = L4_SystemClock().raw;
    expect(before <= through_link && through_link <= after,
           "SystemClock through the KIP link lies between two direct reads");
}

volatile L4_Word_t yields;

void yield_loop(L4_Word_t)
{
    for (;;) {
        yields = yields + 1;
        L4_ThreadSwitch(L4_nilthread);
    }
}

void link_thread_switch()
{
    using Switch_fn = void (*)(L4_Word_t);
    auto thread_switch = reinterpret_cast<Switch_fn>(facts.kip_area + facts.kip->ThreadSwitch);
    // A thread of the root task's priority: it runs only when main yields.
    L4_ThreadId_t other = env::spawn(yield_loop, 0, 255);
    if (!expect(!L4_IsNilThread(other), "a thread at the root task's priority"))
        return;
    L4_Word_t before = yields;
    thread_switch(L4_nilthread.raw);
    L4_Word_t after = yields;
    (void)env::kill(other);
    expect(after > before, "ThreadSwitch(nilthread) through the KIP link yields the processor");
}

void clock_info()
{
    expect(L4_ReadPrecision(facts.kip) >= 1, "ReadPrecision is given");
    expect(L4_SchedulePrecision(facts.kip) >= L4_ReadPrecision(facts.kip),
           "SchedulePrecision is given and not finer than ReadPrecision");
}

void bootinfo()
{
    void* bi = reinterpret_cast<void*>(L4_BootInfo(facts.kip));
    expect(bi != nullptr && L4_BootInfo_Valid(bi), "BootInfo points at valid records");
    if (conf::failed())
        return;
    bool root = false, sigma0 = false;
    L4_BootRec_t* r = L4_BootInfo_FirstEntry(bi);
    for (L4_Word_t i = 0; i < L4_BootInfo_Entries(bi); i++, r = L4_BootRec_Next(r)) {
        if (L4_BootRec_Type(r) != L4_BootInfo_SimpleExec)
            continue;
        root = root || L4_SimpleExec_InitialIP(r) == facts.kcp->root_server.ip;
        sigma0 = sigma0 || L4_SimpleExec_InitialIP(r) == facts.kcp->sigma0.ip;
    }
    expect(root, "a SimpleExec record for the root task");
    expect(sigma0, "a SimpleExec record for sigma0");
}

constexpr conf::Case cases[] = {
    {"kernel_interface", kernel_interface},
    {"magic_and_header", magic_and_header},
    {"kernel_descriptor", kernel_descriptor},
    {"thread_info", thread_info},
    {"utcb_area_info", utcb_area_info},
    {"kip_area_and_pages", kip_area_and_pages},
    {"processors", processors},
    {"memory_descriptors", memory_descriptors},
    {"initial_server_fields", initial_server_fields},
    {"syscall_links", syscall_links},
    {"link_system_clock", link_system_clock},
    {"link_thread_switch", link_thread_switch},
    {"clock_info", clock_info},
    {"bootinfo", bootinfo},
};

}  // namespace

const conf::Group kip_group = {"kip", cases, sizeof cases / sizeof cases[0]};
