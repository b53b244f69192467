/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task: the sigma0 protocol (x2-api 8, docs/sigma0.md) through the
 * <l4/sigma0.h> calls and hand-made messages. A helper thread in the same
 * space (pager sigma0) is the "other thread" of the ownership rule; a third
 * thread faults on kernel memory, which sigma0 must not serve.
 */
#include <l4/ipc.h>
#include <l4/kcp.h>
#include <l4/kip.h>
#include <l4/bootinfo.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/thread.h>
#include <l4io.h>

#include "tap.h"
#include "threads.h"

enum { plan = 28 };

/* Helper operations (message label), arguments in MR1, MR2, result in MR1. */
enum { op_get_page = 1, op_touch = 2, op_extension = 3 };

static void *kip;
static L4_ThreadId_t s0;
static L4_Word_t page_log2, page_size;
static L4_ThreadId_t helper, blocked;
static volatile L4_Word_t kernel_page;

static L4_Word_t helper_stack[1024] __attribute__((aligned(16)));
static L4_Word_t blocked_stack[512] __attribute__((aligned(16)));

/* ---- Memory layout from the KIP ------------------------------------------- */

/* The type the last physical descriptor covering 'address' gives it (later
 * descriptors override earlier ones), or 0 if none does. */
static L4_Word_t type_at(L4_Word_t address)
{
    L4_Word_t type = 0;
    for (L4_Word_t i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
        L4_MemoryDesc_t *m = L4_MemoryDesc(kip, i);
        if (!L4_IsMemoryDescVirtual(m) && address >= L4_MemoryDescLow(m) &&
            address <= L4_MemoryDescHigh(m))
            type = L4_MemoryDescType(m) & 0xF;
    }
    return type;
}

static int page_is_conventional(L4_Word_t page)
{
    return type_at(page) == L4_ConventionalMemoryType &&
           type_at(page + page_size - 1) == L4_ConventionalMemoryType;
}

/* Distinct conventional pages from the middle of the largest conventional
 * descriptor, far from where sigma0 takes "any" pages (the top). */
static L4_Word_t next_conventional_page(void)
{
    static L4_Word_t cursor;
    if (cursor == 0) {
        L4_Word_t best = 0;
        for (L4_Word_t i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
            L4_MemoryDesc_t *m = L4_MemoryDesc(kip, i);
            L4_Word_t size = L4_MemoryDescHigh(m) - L4_MemoryDescLow(m) + 1;
            if (!L4_IsMemoryDescVirtual(m) && (L4_MemoryDescType(m) & 0xF) == 1 && size > best) {
                best = size;
                cursor = (L4_MemoryDescLow(m) + size / 2) & ~(page_size - 1);
            }
        }
    }
    while (!page_is_conventional(cursor))
        cursor += page_size;
    cursor += page_size;
    return cursor - page_size;
}

/* The start of the first physical descriptor of a type (not at address 0,
 * which would look like a null pointer). */
static L4_Word_t first_descriptor_of(L4_Word_t type)
{
    for (L4_Word_t i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
        L4_MemoryDesc_t *m = L4_MemoryDesc(kip, i);
        if (!L4_IsMemoryDescVirtual(m) && L4_MemoryDescType(m) == type && L4_MemoryDescLow(m) != 0)
            return L4_MemoryDescLow(m);
    }
    return 0;
}

/* ---- Talking to sigma0 and to the helper --------------------------------- */

static L4_Fpage_t get_page(L4_Word_t address, L4_Word_t log2)
{
    return L4_Sigma0_GetPage(L4_nilthread, L4_FpageLog2(address, (int)log2));
}

static int granted(L4_Fpage_t f, L4_Word_t address, L4_Word_t log2)
{
    return L4_Address(f) == address && L4_SizeLog2(f) == log2 &&
           L4_Rights(f) == L4_FullyAccessible;
}

/* A hand-made message to sigma0 (label in the upper label bits); returns
 * the reply tag and its MR2 (the fpage word of a map item). */
static L4_MsgTag_t sigma0_message(long label, L4_Word_t u, L4_Word_t mr1, L4_Word_t mr2,
                                  L4_Word_t *reply_mr2)
{
    L4_MsgTag_t tag;
    tag.raw = ((L4_Word_t)label << 20) | u;
    L4_LoadMR(0, tag.raw);
    L4_LoadMR(1, mr1);
    L4_LoadMR(2, mr2);
    L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
    tag = L4_Call(s0);
    L4_StoreMR(2, reply_mr2);
    return tag;
}

static int is_refusal(L4_MsgTag_t tag, L4_Word_t mr2)
{
    return L4_IpcSucceeded(tag) && L4_UntypedWords(tag) == 0 && L4_TypedWords(tag) == 2 &&
           mr2 == 0;
}

static L4_Word_t helper_call(L4_Word_t op, L4_Word_t a, L4_Word_t b)
{
    L4_MsgTag_t tag = L4_Niltag;
    L4_Word_t result;
    L4_Set_Label(&tag, op);
    tag.raw |= 2;
    L4_LoadMR(0, tag.raw);
    L4_LoadMR(1, a);
    L4_LoadMR(2, b);
    tag = L4_Call(helper);
    if (L4_IpcFailed(tag))
        return ~0UL;
    L4_StoreMR(1, &result);
    return result;
}

static void helper_loop(void)
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        L4_Word_t a, b, result = 0, reply = 0;
        L4_StoreMR(1, &a);
        L4_StoreMR(2, &b);
        switch (L4_Label(tag)) {
        case op_get_page:
            result = get_page(a, b).raw;
            break;
        case op_touch:  /* a page fault to sigma0, the helper's pager */
            *(volatile L4_Word_t *)a = b;
            result = *(volatile L4_Word_t *)a;
            break;
        case op_extension:
            tag = sigma0_message(-1001, 2, 2, 1, &reply);
            result = is_refusal(tag, reply);
            break;
        }
        L4_LoadMR(0, 1);
        L4_LoadMR(1, result);
        tag = L4_ReplyWait(from, &from);
    }
}

void thread_main(void)
{
    if (L4_IsThreadEqual(L4_Myself(), helper))
        helper_loop();
    /* The blocked thread: sigma0 must not serve this fault. */
    *(volatile L4_Word_t *)kernel_page = 1;
    for (;;)
        L4_Yield();
}

/* ---- The checks --------------------------------------------------------------- */

static void specific_pages(void)
{
    L4_Word_t p = next_conventional_page();
    L4_Fpage_t f = get_page(p, page_log2);
    tap_ok(granted(f, p, page_log2), "a specific conventional page is mapped with full rights");
    volatile L4_Word_t *w = (volatile L4_Word_t *)p;
    w[0] = 0x5167a0;
    w[page_size / sizeof(L4_Word_t) - 1] = ~0x5167a0UL;
    tap_ok(w[0] == 0x5167a0 && w[page_size / sizeof(L4_Word_t) - 1] == ~0x5167a0UL,
           "the page is usable at its physical address");
    tap_ok(granted(get_page(p, page_log2), p, page_log2) && w[0] == 0x5167a0,
           "a repeated request for owned memory succeeds (contents kept)");
    tap_ok(L4_IsNilFpage(get_page(p, 10)), "a request below the smallest page size is refused");

    L4_Word_t image = ((L4_KernelConfigurationPage_t *)kip)->root_server.low;
    tap_ok(granted(get_page(image, page_log2), image, page_log2),
           "the root task gets its own (pre-assigned) image");
}

static void any_pages(void)
{
    L4_Fpage_t a = L4_Sigma0_GetAny(L4_nilthread, page_log2, L4_CompleteAddressSpace);
    L4_Fpage_t b = L4_Sigma0_GetAny(L4_nilthread, page_log2, L4_CompleteAddressSpace);
    tap_ok(!L4_IsNilFpage(a) && L4_SizeLog2(a) == page_log2 && L4_Rights(a) == 7 &&
               page_is_conventional(L4_Address(a)),
           "any page of the smallest size comes from conventional memory");
    tap_ok(!L4_IsNilFpage(b) && L4_Address(a) != L4_Address(b), "two any-page requests differ");
    *(volatile L4_Word_t *)L4_Address(a) = 0xa11;
    tap_ok(*(volatile L4_Word_t *)L4_Address(a) == 0xa11, "the any page is usable");

    if (L4_PageSizeMask(kip) & (1UL << 21)) {
        L4_Fpage_t big = L4_Sigma0_GetAny(L4_nilthread, 21, L4_CompleteAddressSpace);
        L4_Word_t base = L4_Address(big);
        int ok = !L4_IsNilFpage(big) && L4_SizeLog2(big) == 21 && (base & 0x1FFFFF) == 0;
        if (ok) {
            volatile L4_Word_t *w = (volatile L4_Word_t *)base;
            w[0] = 1;
            w[(1UL << 21) / sizeof(L4_Word_t) - 1] = 2;
            ok = w[0] == 1 && w[(1UL << 21) / sizeof(L4_Word_t) - 1] == 2;
        }
        tap_ok(ok, "any 2 MiB page: aligned, mapped and usable");
    } else {
        tap_number++;
        printf("ok %u - any 2 MiB page # SKIP no 2 MiB pages on this kernel\n", tap_number);
    }
    tap_ok(L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 40, L4_CompleteAddressSpace)),
           "any page larger than the free memory is refused");
}

static void ownership(void)
{
    L4_Word_t mine = next_conventional_page();
    L4_Word_t theirs = next_conventional_page();
    tap_ok(granted(get_page(mine, page_log2), mine, page_log2) &&
               L4_IsNilFpage((L4_Fpage_t){ .raw = helper_call(op_get_page, mine, page_log2) }),
           "memory owned by the root task is refused to another thread");
    tap_ok(granted((L4_Fpage_t){ .raw = helper_call(op_get_page, theirs, page_log2) }, theirs,
                   page_log2) &&
               L4_IsNilFpage(get_page(theirs, page_log2)),
           "memory owned by another thread is refused to the root task");
    L4_Word_t image = ((L4_KernelConfigurationPage_t *)kip)->root_server.low;
    tap_ok(L4_IsNilFpage((L4_Fpage_t){ .raw = helper_call(op_get_page, image, page_log2) }),
           "the root task's image is refused to another thread");
}

static void kernel_memory(void)
{
    L4_Word_t reserved = first_descriptor_of(L4_ReservedMemoryType) & ~(page_size - 1);
    tap_ok(reserved != 0 && L4_IsNilFpage(get_page(reserved, page_log2)),
           "reserved (kernel) memory is refused");
    L4_Word_t sigma0_image = ((L4_KernelConfigurationPage_t *)kip)->sigma0.low;
    tap_ok(L4_IsNilFpage(get_page(sigma0_image, page_log2)), "sigma0's own image is refused");
}

static void page_faults(void)
{
    L4_Word_t p = next_conventional_page();
    volatile L4_Word_t *w = (volatile L4_Word_t *)p;
    w[1] = 0xfa017;  /* not mapped yet: a page fault to sigma0 */
    tap_ok(w[1] == 0xfa017, "a page fault of the root task on conventional memory is served");
    tap_ok(L4_IsNilFpage((L4_Fpage_t){ .raw = helper_call(op_get_page, p, page_log2) }) &&
               granted(get_page(p, page_log2), p, page_log2),
           "memory taken by a page fault is owned by the faulting thread");

    L4_Word_t q = next_conventional_page();
    tap_ok(L4_IsThreadEqual(L4_PagerOf(helper), s0) && helper_call(op_touch, q, 0x4e1) == 0x4e1 &&
               *(volatile L4_Word_t *)q == 0x4e1,
           "a page fault of another thread paged by sigma0 is served");

    /* The third thread faults on kernel memory: no answer, it stays in its
     * page-fault IPC (sigma0 says so on the console). */
    kernel_page = first_descriptor_of(L4_ReservedMemoryType) & ~(page_size - 1);
    blocked = thread_start(1, s0, blocked_stack + sizeof blocked_stack / sizeof blocked_stack[0]);
    L4_Sleep(L4_TimePeriod(100000));
    L4_Word_t control, sp, ip, flags, handle;
    L4_ThreadId_t pager;
    L4_ExchangeRegisters(blocked, 1UL << 9, 0, 0, 0, 0, L4_nilthread, &control, &sp, &ip, &flags,
                         &handle, &pager);
    L4_ThreadState_t state = { control };
    tap_ok(!L4_IsNilThread(blocked) && L4_ThreadWasIpcing(state) && !L4_ThreadWasHalted(state),
           "an unserviceable page fault leaves the thread blocked in its IPC");
}

static void messages(void)
{
    L4_Word_t mr2;
    L4_Word_t p = next_conventional_page();
    /* 0x100 is no MemoryControl attribute value on any architecture. */
    L4_MsgTag_t tag = sigma0_message(-6, 2, L4_FpageLog2(p, (int)page_log2).raw, 0x100, &mr2);
    tap_ok(is_refusal(tag, mr2), "a request with an unsupported memory attribute is refused");
    tap_ok(granted((L4_Fpage_t){ .raw = helper_call(op_get_page, p, page_log2) }, p, page_log2),
           "... and the refused page stays free");
    tag = sigma0_message(-6, 1, L4_FpageLog2(p, (int)page_log2).raw, 0, &mr2);
    tap_ok(is_refusal(tag, mr2), "a malformed request (u = 1) is answered with a nil fpage");
    tag = sigma0_message(0x123, 0, 0, 0, &mr2);  /* label 0x1230 */
    tap_ok(is_refusal(tag, mr2), "an unknown label is answered with a nil fpage");
    tag = sigma0_message(-1001, 2, 2, 1, &mr2);
    tap_ok(L4_IpcSucceeded(tag) && L4_UntypedWords(tag) == 0 && L4_TypedWords(tag) == 0,
           "the root task may use the -1001 extension (memory map printed)");
    tap_ok(helper_call(op_extension, 0, 0) == 1, "the -1001 extension is refused to other threads");
}

static void special(void)
{
    /* Boot-loader specific memory: the first "tables" region 1:1 (the
     * bootinfo page, when the kernel lists it first), the boot archive (a
     * module) 1:1 and at an address of our choice (inside every
     * architecture's user part, where nothing else is). */
    L4_Word_t tables = L4_BootLoaderSpecificMemoryType + (1 << 4);
    L4_Word_t module = L4_BootLoaderSpecificMemoryType + (3 << 4);
    L4_Word_t elsewhere = 0x2000000000UL;
    void *t = L4_Sigma0_GetSpecial(tables, 0, page_size);
    tap_ok(t != 0 && (L4_Word_t)t == first_descriptor_of(tables) &&
               ((L4_Word_t)t != L4_BootInfo(kip) || L4_BootInfo_Valid(t)),
           "L4_Sigma0_GetSpecial maps boot-loader tables 1:1");
    unsigned char *one = L4_Sigma0_GetSpecial(module, 0, page_size);
    unsigned char *two = L4_Sigma0_GetSpecial(module, (void *)elsewhere, page_size);
    int same = one != 0 && two != 0 && (L4_Word_t)one == first_descriptor_of(module) &&
               ((L4_Word_t)two & ~(page_size - 1)) == elsewhere;
    for (unsigned i = 0; same && i < 256; i++)
        same = one[i] == two[i];
    tap_ok(same, "L4_Sigma0_GetSpecial maps the boot archive 1:1 and at a chosen address");
}

int main(void)
{
    kip = L4_GetKernelInterface();
    s0 = L4_GlobalId(L4_ThreadIdUserBase(kip), 1);
    page_log2 = (L4_Word_t)__L4_Lsb(L4_PageSizeMask(kip));
    page_size = 1UL << page_log2;
    tap_plan(plan);

    helper = thread_start(0, s0, helper_stack + sizeof helper_stack / sizeof helper_stack[0]);
    tap_ok(!L4_IsNilThread(helper), "a helper thread paged by sigma0 starts");

    specific_pages();
    any_pages();
    ownership();
    kernel_memory();
    page_faults();
    messages();
    special();
    return tap_exit_status();
}
