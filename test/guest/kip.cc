// SPDX-License-Identifier: BSD-2-Clause
// Root task (C++): checks the Kernel Interface Page through <l4/kip.h> and
// that its memory descriptors describe the RAM QEMU was given. The expected
// size comes in the root task's command line ("mem=256M"), read from its
// bootinfo record.
#include <l4/bootinfo.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4/walnut/abi.h>
#include <l4io.h>

#include "tap.h"

namespace {

constexpr L4_Word_t MiB = 1024 * 1024;
constexpr L4_Word_t page_size = 4096;
// How far the described RAM may be off the -m size: firmware holes and
// ROM areas (x86 e820) move it by less than a MiB on the QEMU boards.
constexpr L4_Word_t ram_slack = 4 * MiB;

bool printable(char c)
{
    return c >= 0x20 && c < 0x7F;
}

// A NUL-terminated printable string that ends before 'limit'.
bool string_within(const char* s, const char* limit, bool allow_empty)
{
    const char* p = s;
    for (; p < limit && *p != 0; ++p) {
        if (!printable(*p))
            return false;
    }
    return p < limit && (allow_empty || p != s);
}

bool check_kernel_descriptor(void* kip)
{
    auto* k = static_cast<L4_KernelInterfacePage_t*>(kip);
    const char* page_end = static_cast<const char*>(kip) + page_size;
    if (k->KernelVerPtr < sizeof(L4_KernelInterfacePage_t) ||
        k->KernelVerPtr + sizeof(L4_KernelDesc_t) >= page_size)
        return false;
    const char* version = L4_KernelVersionString(kip);
    if (!string_within(version, page_end, false))
        return false;
    L4_Word_t year, month, day;
    L4_KernelGenDate(kip, &year, &month, &day);
    L4_Word_t supplier = L4_KernelSupplier(kip);
    char supplier_text[5] = {};
    for (int i = 0; i < 4; ++i)
        supplier_text[i] = static_cast<char>(supplier >> (8 * i));
    printf("# kernel id 0x%lx version 0x%lx supplier \"%s\" built %lu-%02lu-%02lu: %s\n",
           L4_KernelId(), L4_KernelVersion(kip), supplier_text, year, month, day, version);
    bool ok = month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 2024;
    for (int i = 0; i < 4; ++i)
        ok = ok && printable(supplier_text[i]);
    // Feature strings: each inside the page, the list ends with an empty one.
    L4_Word_t n = 0;
    for (char* f; (f = L4_Feature(kip, n)) != nullptr; ++n) {
        if (!string_within(f, page_end, false) || n > 64)
            return false;
        printf("# feature %lu: %s%s\n", n, f, L4_HasFeature(f) ? "" : " (HasFeature says no!)");
        ok = ok && L4_HasFeature(f);
    }
    return ok && !L4_HasFeature("walnut-no-such-feature");
}

bool check_thread_info(void* kip)
{
    L4_Word_t user_base = L4_ThreadIdUserBase(kip);
    L4_Word_t system_base = L4_ThreadIdSystemBase(kip);
    L4_ThreadId_t root = L4_GlobalId(user_base + 2, 1);
    printf("# thread bits %lu, system base %lu, user base %lu; I am %t\n", L4_ThreadIdBits(kip),
           system_base, user_base, L4_Myself());
    return L4_ThreadIdBits(kip) >= 8 && L4_ThreadIdBits(kip) <= 32 &&
           user_base == system_base + WALNUT_KERNEL_THREADS && L4_Myself() == root &&
           L4_IsGlobalId(L4_Myself()) && L4_Version(L4_Myself()) == 1;
}

bool check_page_info(void* kip)
{
    printf("# page sizes 0x%lx, rights %lx, KIP area 2^%lu\n", L4_PageSizeMask(kip),
           L4_PageRights(kip), L4_KipAreaSizeLog2(kip));
    return (L4_PageSizeMask(kip) & page_size) != 0 && L4_PageRights(kip) != 0 &&
           L4_KipAreaSizeLog2(kip) == WALNUT_KIP_AREA_LOG2 && L4_KipAreaSize(kip) == page_size;
}

bool check_utcb_info(void* kip)
{
    L4_Word_t local = L4_MyLocalId().raw;
    printf("# UTCB size %lu, alignment 2^%lu, area at least 2^%lu; local id 0x%lx\n",
           L4_UtcbSize(kip), L4_UtcbAlignmentLog2(kip), L4_UtcbAreaSizeLog2(kip), local);
    return L4_UtcbSize(kip) == WALNUT_UTCB_SIZE &&
           L4_UtcbAlignmentLog2(kip) == WALNUT_UTCB_ALIGN_LOG2 &&
           L4_UtcbAreaSizeLog2(kip) >= WALNUT_UTCB_ALIGN_LOG2 && L4_IsLocalId(L4_MyLocalId()) &&
           local % WALNUT_UTCB_SIZE == WALNUT_UTCB_MR0_OFFSET &&
           local >= WALNUT_INITIAL_UTCB_AREA &&
           local < WALNUT_INITIAL_UTCB_AREA + (1ul << WALNUT_INITIAL_UTCB_AREA_LOG2);
}

bool check_processors(void* kip)
{
    L4_Word_t n = L4_NumProcessors(kip);
    bool ok = n >= 1 && L4_ProcDesc(kip, n) == nullptr;
    for (L4_Word_t cpu = 0; ok && cpu < n; ++cpu) {
        L4_ProcDesc_t* p = L4_ProcDesc(kip, cpu);
        ok = p != nullptr;
        if (ok)
            printf("# cpu %lu: internal %lu kHz, external %lu kHz\n", cpu, L4_InternalFreq(p),
                   L4_ExternalFreq(p));
    }
    return ok;
}

// ---- Memory descriptors -----------------------------------------------------

// Kinds of memory that are RAM: free, kernel-owned, loader data.
bool is_ram_type(L4_Word_t type)
{
    L4_Word_t base = type & 0xF;
    return base == L4_ConventionalMemoryType || base == L4_ReservedMemoryType ||
           base == L4_BootLoaderSpecificMemoryType;
}

void sort(L4_Word_t* v, unsigned n)
{
    for (unsigned i = 1; i < n; ++i) {
        L4_Word_t x = v[i];
        unsigned j = i;
        for (; j > 0 && v[j - 1] > x; --j)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

// Bytes of physical RAM the descriptors describe. Descriptors may overlap
// and a later one overrides earlier ones (x2-api 3.6), so every elementary
// interval between descriptor bounds counts as what its last cover says.
L4_Word_t described_ram(void* kip)
{
    static L4_Word_t bounds[2 * 256];
    unsigned n = 0;
    L4_Word_t count = L4_NumMemoryDescriptors(kip);
    for (L4_Word_t i = 0; i < count && n + 2 <= 2 * 256; ++i) {
        L4_MemoryDesc_t* m = L4_MemoryDesc(kip, i);
        printf("# memory %2lu: %s type 0x%02lx [0x%lx, 0x%lx]\n", i,
               L4_IsVirtual(m) ? "virtual " : "physical", L4_Type(m), L4_Low(m), L4_High(m));
        if (L4_IsVirtual(m))
            continue;
        bounds[n++] = L4_Low(m);
        bounds[n++] = L4_High(m) + 1;
    }
    sort(bounds, n);
    L4_Word_t total = 0;
    for (unsigned b = 0; b + 1 < n; ++b) {
        L4_Word_t start = bounds[b], end = bounds[b + 1];
        if (start == end)
            continue;
        bool ram = false;
        for (L4_Word_t i = 0; i < count; ++i) {
            L4_MemoryDesc_t* m = L4_MemoryDesc(kip, i);
            if (!L4_IsVirtual(m) && L4_Low(m) <= start && start <= L4_High(m))
                ram = is_ram_type(L4_Type(m));
        }
        if (ram)
            total += end - start;
    }
    return total;
}

// ---- Bootinfo -------------------------------------------------------------

// The SimpleExec record of the program whose text contains 'address'.
const L4_BootRec_t* own_record(void* bootinfo, L4_Word_t address)
{
    const L4_BootRec_t* r = L4_BootInfo_FirstEntry(bootinfo);
    for (L4_Word_t i = 0; i < L4_BootInfo_Entries(bootinfo); ++i, r = L4_Next(r)) {
        if (L4_Type(r) != L4_BootInfo_SimpleExec)
            continue;
        L4_Word_t text = L4_SimpleExec_TextVstart(r);
        if (address >= text && address < text + L4_SimpleExec_TextSize(r))
            return r;
    }
    return nullptr;
}

// The value of "mem=<n>[K|M|G]" in a command line, 0 if absent.
L4_Word_t memory_argument(const char* cmdline)
{
    for (const char* p = cmdline; *p != 0; ++p) {
        if (p[0] != 'm' || p[1] != 'e' || p[2] != 'm' || p[3] != '=')
            continue;
        L4_Word_t v = 0;
        for (p += 4; *p >= '0' && *p <= '9'; ++p)
            v = v * 10 + static_cast<L4_Word_t>(*p - '0');
        switch (*p) {
        case 'G': return v << 30;
        case 'M': return v << 20;
        case 'K': return v << 10;
        default: return v;
        }
    }
    return 0;
}

L4_Word_t expected_ram(void* kip)
{
    void* bootinfo = reinterpret_cast<void*>(L4_BootInfo(kip));
    printf("# bootinfo at %p\n", bootinfo);
    if (bootinfo == nullptr || !L4_BootInfo_Valid(bootinfo))
        return 0;
    const L4_BootRec_t* r = own_record(bootinfo, reinterpret_cast<L4_Word_t>(&memory_argument));
    const char* cmdline = r ? L4_SimpleExec_Cmdline(r) : nullptr;
    printf("# root task command line: \"%s\"\n", cmdline ? cmdline : "(none)");
    return cmdline ? memory_argument(cmdline) : 0;
}

}  // namespace

extern "C" int main()
{
    // Until sigma0 serves page faults, a fault of this thread must be
    // reported by the kernel rather than block in page-fault IPC.
    L4_Set_Pager(L4_nilthread);
    void* kip = L4_GetKernelInterface();
    auto* k = static_cast<L4_KernelInterfacePage_t*>(kip);

    tap_plan(11);
    printf("# KIP at %p\n", kip);
    tap_ok(k->magic == L4_MAGIC, "KIP magic");
    tap_ok(reinterpret_cast<L4_Word_t>(kip) == WALNUT_INITIAL_KIP_AREA,
           "KIP at the initial servers' KIP area");

    L4_ApiVersion_t version = {L4_ApiVersion()};
    printf("# API version 0x%lx, flags 0x%lx\n", version.raw, L4_ApiFlags());
    tap_ok(version.x.version == L4_APIVERSION_X2 && version.raw == k->ApiVersion.raw,
           "API version X.2 (0x84)");
    L4_ApiFlags_t flags = {L4_ApiFlags()};
    tap_ok(flags.x.ee == L4_APIFLAG_LE && flags.x.ww == L4_APIFLAG_64BIT &&
               flags.raw == k->ApiFlags.raw,
           "API flags: 64-bit little endian");

    tap_ok(check_kernel_descriptor(kip), "kernel descriptor, version and feature strings");
    tap_ok(check_thread_info(kip), "thread info; the root task is (UserBase + 2, 1)");
    tap_ok(check_page_info(kip), "page info");
    tap_ok(check_utcb_info(kip), "UTCB info and MyLocalId");
    tap_ok(check_processors(kip), "at least one processor, each with a descriptor");

    // The descriptors first: reading bootinfo may fault (see above).
    L4_Word_t ram = described_ram(kip);
    L4_Word_t expected = expected_ram(kip);
    tap_ok(expected != 0, "root task's bootinfo record carries mem=<size>");
    printf("# RAM described: %lu KiB, expected %lu KiB\n", ram >> 10, expected >> 10);
    tap_ok(expected != 0 && ram + ram_slack >= expected && ram <= expected + ram_slack,
           "memory descriptors cover the RAM QEMU was given");
    return tap_exit_status();
}
