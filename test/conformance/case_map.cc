// SPDX-License-Identifier: BSD-2-Clause
// Map, grant and unmap (x2-api 4.9, 5.6, 6, 7.1) along a chain
// sigma0 -> root task (pager) -> client A -> client B in separate address
// spaces: access through mappings, rights reduction, grant, recursive
// revocation, flush, status bits, overmapping, receive windows, the
// complete-space fpage, 2 MiB pages, and the page-fault protocol.
#include <l4/kdebug.h>
#include <l4/sigma0.h>
#include <l4/walnut/abi.h>

#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::facts;

constexpr L4_Word_t label_mask = (L4_Word_t{1} << 48) - 1;
constexpr L4_Word_t pf_label = (~L4_Word_t{1} << 4) & label_mask;
// A free region of the clients' spaces for receive windows.
constexpr L4_Word_t alt = 0x1000000000ul;

L4_Fpage_t page_fp(L4_Word_t addr, L4_Word_t rights, int log2 = 12)
{
    L4_Fpage_t f = L4_FpageLog2(addr, log2);
    L4_Set_Rights(&f, rights);
    return f;
}

L4_Word_t page(unsigned i)
{
    return env::test_page(i);
}

bool two_clients(L4_ThreadId_t* a, L4_ThreadId_t* b)
{
    *a = env::new_client();
    if (b)
        *b = env::new_client();
    return expect(!L4_IsNilThread(*a) && (!b || !L4_IsNilThread(*b)), "client spaces");
}

bool gives(L4_ThreadId_t c, unsigned i, L4_Word_t rights)
{
    L4_MsgTag_t t = env::give(c, page_fp(page(i), rights), page(i));
    return expect(!env::ipc_failed(t), "the root task maps a page to a client");
}

// The client reads word w of test page i; true if it got the page's pattern.
bool reads_pattern(L4_ThreadId_t c, unsigned i, L4_Word_t seed, unsigned w = 3)
{
    L4_Word_t v = 0;
    return env::client_read(c, page(i) + w * sizeof(L4_Word_t), &v) && v == env::pattern(seed, w);
}

bool faulted(unsigned mark, L4_ThreadId_t who, L4_Word_t addr)
{
    return env::find_fault(mark, who, addr) != nullptr;
}

// Asks sigma0 for an fpage (x2-api 8.3) with bounded timeouts, so a
// missing sigma0 cannot hang the suite. Returns the mapped fpage or nil.
L4_Fpage_t sigma0_get(L4_Fpage_t request)
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, static_cast<L4_Word_t>(-6) << 4 & label_mask);
    L4_MsgAppendWord(&msg, request.raw);
    L4_MsgAppendWord(&msg, 0);   // default memory attribute
    L4_MsgLoad(&msg);
    L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
    L4_MsgTag_t t = L4_Call_Timeouts(env::sigma0_id, env::us(env::wait_us), env::us(env::wait_us));
    L4_Accept(L4_UntypedWordsAcceptor);
    L4_Fpage_t got = L4_Nilpage;
    if (env::ipc_failed(t)) {
        conf::note("sigma0 request failed: IPC error 0x%lx", L4_ErrorCode());
        return got;
    }
    if (L4_TypedWords(t) == 2)
        L4_StoreMR(2, &got.raw);
    return got;
}

// The "any page of this size" request fpage: base bits all ones (bit 3,
// Pistachio's extended-address flag, clear: no MR3).
L4_Fpage_t any_page(int log2)
{
    L4_Fpage_t f;
    f.raw = (~L4_Word_t{0} << 10) | (static_cast<L4_Word_t>(log2) << 4);
    return f;
}

// Cases ---------------------------------------------------------------------------------

void map_read_write()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(0, 100);
    if (!gives(a, 0, L4_ReadWriteOnly))
        return;
    unsigned mark = env::fault_mark();
    expect(reads_pattern(a, 0, 100), "the client reads the page's contents");
    expect(env::client_write(a, page(0) + 16, 0xFEEDF00Dul), "the client writes");
    expect_eq(reinterpret_cast<volatile L4_Word_t*>(page(0))[2], 0xFEEDF00Dul,
              "the root task sees the client's write (same frame)");
    expect(!faulted(mark, a, page(0)), "no page fault: the mapping was there");
}

void page_fault_protocol()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(1, 101);
    unsigned mark = env::fault_mark();
    L4_Word_t addr = page(1) + 5 * sizeof(L4_Word_t);
    L4_Word_t v = 0;
    expect(env::client_read(a, addr, &v) && v == env::pattern(101, 5),
           "a read of an unmapped page completes once the pager maps it");
    const env::Fault* f = env::find_fault(mark, a, addr);
    if (expect(f != nullptr, "the pager got a page-fault message from the client")) {
        expect_eq(f->label & ~L4_Word_t{0xF}, pf_label, "label -2 (upper label bits)");
        expect((f->label & 4) && !(f->label & 2), "access bits: read, not write");
        expect(f->u == 2 && f->t == 0, "u = 2, t = 0");
        expect_eq(f->addr, addr, "MR1 = the exact fault address");
        expect(f->ip >= facts.image_start && f->ip < facts.image_end, "MR2 = an IP in the client's code");
    }
    L4_Word_t waddr = page(2) + 8;
    mark = env::fault_mark();
    expect(env::client_write(a, waddr, 7), "a write to an unmapped page completes");
    f = env::find_fault(mark, a, waddr);
    if (expect(f != nullptr, "a page-fault message for the write"))
        expect(f->label & 2, "access bits include write");
}

void rights_reduction()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(0, 102);
    if (!gives(a, 0, L4_Readable))
        return;
    unsigned mark = env::fault_mark();
    expect(reads_pattern(a, 0, 102), "a read-only mapping can be read");
    expect(!faulted(mark, a, page(0)), "without a fault");
    expect(env::client_write(a, page(0) + 24, 0xAB), "a write to it completes (the pager upgrades)");
    const env::Fault* f = env::find_fault(mark, a, page(0));
    expect(f != nullptr && (f->label & 2), "but first faults with write access");
}

void rights_anded_with_mapper()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    env::fill_page(0, 103);
    if (!gives(a, 0, L4_Readable))
        return;
    L4_Word_t tag = 0, error = 0;
    expect(env::client_give(a, b, page_fp(page(0), L4_FullyAccessible), page(0), false, &tag, &error) &&
               error == 0,
           "A maps its read-only page to B asking for all rights");
    unsigned mark = env::fault_mark();
    expect(reads_pattern(b, 0, 103), "B reads it");
    expect(!faulted(mark, b, page(0)), "B's mapping exists");
    expect(env::client_write(b, page(0) + 8, 1), "B's write completes after the pager's help");
    const env::Fault* f = env::find_fault(mark, b, page(0));
    expect(f != nullptr && (f->label & 2),
           "B's write faulted: its rights are A's rights ANDed with the requested ones");
}

void grant_moves_mapping()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    env::fill_page(3, 104);
    if (!gives(a, 3, L4_ReadWriteOnly))
        return;
    L4_Word_t tag = 0, error = 0;
    expect(env::client_give(a, b, page_fp(page(3), L4_ReadWriteOnly), page(3), true, &tag, &error) &&
               error == 0,
           "A grants the page to B");
    unsigned mark = env::fault_mark();
    expect(reads_pattern(b, 3, 104), "B reads it");
    expect(!faulted(mark, b, page(3)), "B has the mapping");
    expect(reads_pattern(a, 3, 104), "A's read completes (the pager maps it again)");
    expect(faulted(mark, a, page(3)), "A lost the mapping: it faulted");
}

void unmap_flush_middle()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    env::fill_page(4, 105);
    env::fill_page(5, 106);
    env::fill_page(6, 107);
    if (!gives(a, 4, L4_ReadWriteOnly) || !gives(a, 5, L4_ReadWriteOnly) || !gives(b, 6, L4_ReadWriteOnly))
        return;
    L4_Word_t tag = 0, error = 0;
    expect(env::client_give(a, b, page_fp(page(4), L4_ReadWriteOnly, 13), page(4), false, &tag,
                            &error) &&
               error == 0,
           "A maps pages 4 and 5 on to B");
    unsigned mark = env::fault_mark();
    L4_Fpage_t result;
    expect(env::client_unmap(a, page_fp(page(4), L4_FullyAccessible), true, &result),
           "A flushes page 4 (the middle of root -> A -> B)");
    expect(reads_pattern(b, 4, 105) && faulted(mark, b, page(4)), "B lost page 4 (subtree revoked)");
    expect(reads_pattern(a, 4, 105) && faulted(mark, a, page(4)), "A lost page 4 (flush)");
    expect(reads_pattern(a, 5, 106) && !faulted(mark, a, page(5)), "A keeps page 5");
    expect(reads_pattern(b, 5, 106) && !faulted(mark, b, page(5)), "B keeps page 5");
    expect(reads_pattern(b, 6, 107) && !faulted(mark, b, page(6)), "B keeps the page from the root task");
    // The root task's own mapping, above the flushed one, survived: a new
    // map of it works without the client faulting.
    L4_ThreadId_t c = env::new_client();
    unsigned mark2 = env::fault_mark();
    expect(gives(c, 4, L4_Readable) && reads_pattern(c, 4, 105) && !faulted(mark2, c, page(4)),
           "the root task still has page 4");
}

void unmap_keeps_own()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    env::fill_page(7, 108);
    if (!gives(a, 7, L4_ReadWriteOnly))
        return;
    L4_Word_t tag = 0, error = 0;
    expect(env::client_give(a, b, page_fp(page(7), L4_ReadWriteOnly), page(7), false, &tag, &error),
           "A maps the page on to B");
    unsigned mark = env::fault_mark();
    L4_Fpage_t result;
    expect(env::client_unmap(a, page_fp(page(7), L4_FullyAccessible), false, &result),
           "A unmaps the page without flush");
    expect(reads_pattern(a, 7, 108) && !faulted(mark, a, page(7)), "A keeps its own mapping");
    expect(reads_pattern(b, 7, 108) && faulted(mark, b, page(7)), "B's derived mapping is gone");
}

void unmap_partial_rights()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(8, 109);
    if (!gives(a, 8, L4_ReadWriteOnly))
        return;
    unsigned mark = env::fault_mark();
    L4_UnmapFpage(page_fp(page(8), L4_Writable));
    expect(reads_pattern(a, 8, 109) && !faulted(mark, a, page(8)), "after revoking w, A still reads");
    expect(env::client_write(a, page(8), 3), "A's write completes after the pager's help");
    const env::Fault* f = env::find_fault(mark, a, page(8));
    expect(f != nullptr && (f->label & 2), "A's write faulted: write was revoked");
    expect_eq(reinterpret_cast<volatile L4_Word_t*>(page(8))[0], 3, "the root task kept writing rights");
}

void status_bits()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(9, 110);
    if (!gives(a, 9, L4_ReadWriteOnly))
        return;
    L4_Fpage_t f = page_fp(page(9), L4_NoAccess);
    (void)L4_GetStatus(f);                 // reset
    L4_Fpage_t s = L4_GetStatus(f);
    expect(!L4_WasReferenced(s) && !L4_WasWritten(s), "no access since the last read of the bits");
    expect(reads_pattern(a, 9, 110), "A reads the page");
    s = L4_GetStatus(f);
    expect(L4_WasReferenced(s), "referenced after A's read");
    expect(!L4_WasWritten(s), "not written after A's read");
    expect(env::client_write(a, page(9), 9), "A writes the page");
    s = L4_GetStatus(f);
    expect(L4_WasWritten(s), "written after A's write");
    s = L4_GetStatus(f);
    expect(!L4_WasReferenced(s) && !L4_WasWritten(s), "reading the bits reset them");
    unsigned mark = env::fault_mark();
    expect(reads_pattern(a, 9, 110, 5) && !faulted(mark, a, page(9)),
           "GetStatus revoked nothing");
}

void overmap_replaces()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    env::fill_page(10, 111);
    env::fill_page(11, 112);
    expect(env::client_accept(a, L4_FpageLog2(alt, 12)), "A's window: one page at ALT");
    L4_MsgTag_t t = env::give(a, page_fp(page(10), L4_ReadWriteOnly), page(10));
    expect(!env::ipc_failed(t), "map page 10 into the window");
    L4_Word_t v = 0;
    unsigned mark = env::fault_mark();
    expect(env::client_read(a, alt + 24, &v) && v == env::pattern(111, 3), "ALT shows page 10");
    L4_Word_t tag = 0, error = 0;
    expect(env::client_give(a, b, page_fp(alt, L4_ReadWriteOnly), alt, false, &tag, &error) && error == 0,
           "A maps ALT on to B");
    expect(env::client_read(b, alt + 24, &v) && v == env::pattern(111, 3), "B sees page 10 at ALT");
    t = env::give(a, page_fp(page(11), L4_ReadWriteOnly), page(11));
    expect(!env::ipc_failed(t), "map page 11 over it");
    expect(env::client_read(a, alt + 24, &v) && v == env::pattern(112, 3), "ALT now shows page 11");
    expect(!faulted(mark, a, alt), "A never faulted at ALT");
    (void)env::client_read(b, alt + 24, &v);
    expect(faulted(mark, b, alt), "B's mapping derived from the old one went with it");
}

void window_placement()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(12, 113);
    env::fill_page(4, 114);
    env::fill_page(5, 115);
    env::fill_page(6, 116);
    env::fill_page(7, 117);
    // A 4 KiB fpage into a 16 KiB window: the send base picks the place.
    expect(env::client_accept(a, L4_FpageLog2(alt, 14)), "A's window: 16 KiB at ALT");
    L4_MsgTag_t t = env::give(a, page_fp(page(12), L4_Readable), 0x7000ul << 20 | 0x2000);
    expect(!env::ipc_failed(t), "map page 12 with send base ...2000");
    unsigned mark = env::fault_mark();
    L4_Word_t v = 0;
    expect(env::client_read(a, alt + 0x2000 + 24, &v) && v == env::pattern(113, 3),
           "it lands at ALT + (base mod window size)");
    expect(!faulted(mark, a, alt + 0x2000), "without a fault");
    // A 16 KiB fpage into a 4 KiB window: the send base picks the part.
    L4_ThreadId_t b = env::new_client();
    expect(env::client_accept(b, L4_FpageLog2(alt, 12)), "B's window: 4 KiB at ALT");
    t = env::give(b, page_fp(page(4), L4_Readable, 14), 0x3000);
    expect(!env::ipc_failed(t), "map pages 4..7 with send base ...3000");
    expect(env::client_read(b, alt + 24, &v) && v == env::pattern(117, 3),
           "the window gets the fpage's page at base mod fpage size (page 7)");
    expect(!faulted(mark, b, alt), "without a fault");
}

void complete_space_map()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(13, 118);
    L4_Fpage_t all = L4_CompleteAddressSpace;
    L4_Set_Rights(&all, L4_ReadWriteOnly);
    L4_MsgTag_t t = env::give(a, all, 0);
    expect(!env::ipc_failed(t), "map the complete address space to a client");
    unsigned mark = env::fault_mark();
    expect(reads_pattern(a, 13, 118), "the client reads a page it never touched");
    expect(!faulted(mark, a, page(13)), "without a fault: everything was mapped");
}

void complete_space_unmap()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(14, 119);
    if (!gives(a, 14, L4_ReadWriteOnly))
        return;
    unsigned mark = env::fault_mark();
    L4_Fpage_t all = L4_CompleteAddressSpace;
    L4_Set_Rights(&all, L4_FullyAccessible);
    (void)L4_UnmapFpage(all);
    expect(reads_pattern(a, 14, 119) && faulted(mark, a, page(14)),
           "unmapping the complete space revoked the client's page");
    expect_eq(reinterpret_cast<volatile L4_Word_t*>(page(14))[3], env::pattern(119, 3),
              "the root task keeps its own mappings (no flush)");
}

void kernel_areas_not_mappable()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(15, 120);
    L4_MsgTag_t t = env::give(a, page_fp(page(15), L4_ReadWriteOnly), facts.kip_area);
    expect(!env::ipc_failed(t), "a map onto the client's KIP area is not an error");
    L4_Word_t v = 0;
    expect(env::client_read(a, facts.kip_area, &v) && (v & 0xFFFFFFFF) == 0x4BE6344C,
           "the client still sees the KIP there");
    t = env::give(a, page_fp(page(15), L4_ReadWriteOnly), env::client_utcb_area);
    expect(!env::ipc_failed(t), "a map onto the client's UTCB area is not an error");
    expect(env::client_read(a, page(15), &v), "the client's UTCB still works");
}

void nil_fpage_maps_nothing()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    L4_MsgTag_t t = env::give(a, L4_Nilpage, page(2));
    expect(!env::ipc_failed(t), "a map item with the nil fpage is accepted");
    unsigned mark = env::fault_mark();
    L4_Word_t v;
    expect(env::client_read(a, page(2), &v) && faulted(mark, a, page(2)), "and maps nothing");
}

void sigma0_chain_flush()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    L4_Fpage_t got = sigma0_get(any_page(12));
    if (!expect(!L4_IsNilFpage(got) && L4_SizeLog2(got) == 12, "sigma0 hands out a 4 KiB page"))
        return;
    L4_Word_t base = L4_Address(got);
    volatile L4_Word_t* p = reinterpret_cast<volatile L4_Word_t*>(base);
    p[1] = 0x5160;   // the page is mapped at its physical address
    L4_MsgTag_t t = env::give(a, page_fp(base, L4_ReadWriteOnly), base);
    expect(!env::ipc_failed(t), "the root task maps it on to the client");
    L4_Word_t v = 0;
    unsigned mark = env::fault_mark();
    expect(env::client_read(a, base + 8, &v) && v == 0x5160, "the client reads sigma0's page");
    expect(env::client_write(a, base + 16, 0x5161) && p[2] == 0x5161, "its write reaches the frame");
    expect(!faulted(mark, a, base), "through the chain sigma0 -> root -> client");
    (void)L4_Flush(page_fp(base, L4_FullyAccessible));
    (void)env::client_read(a, base + 8, &v);
    expect(faulted(mark, a, base), "flushing the root task's mapping revokes the client's");
}

void superpage_2mb()
{
    if (!(facts.page_size_mask & (L4_Word_t{1} << 21))) {
        conf::skip("no 2 MiB pages on this machine");
        return;
    }
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    L4_Fpage_t got = sigma0_get(any_page(21));
    if (!expect(!L4_IsNilFpage(got) && L4_SizeLog2(got) == 21, "sigma0 hands out a 2 MiB page"))
        return;
    L4_Word_t base = L4_Address(got);
    volatile L4_Word_t* p = reinterpret_cast<volatile L4_Word_t*>(base);
    L4_Word_t last = (1ul << 21) / sizeof(L4_Word_t) - 1;
    p[0] = 0x2B0;
    p[last / 2] = 0x2B1;
    p[last] = 0x2B2;
    L4_MsgTag_t t = env::give(a, page_fp(base, L4_ReadWriteOnly, 21), base);
    expect(!env::ipc_failed(t), "the root task maps the 2 MiB fpage to a client");
    unsigned mark = env::fault_mark();
    L4_Word_t v0 = 0, v1 = 0, v2 = 0;
    expect(env::client_read(a, base, &v0) && env::client_read(a, base + (last / 2) * 8, &v1) &&
               env::client_read(a, base + last * 8, &v2),
           "the client reads across the 2 MiB");
    expect(v0 == 0x2B0 && v1 == 0x2B1 && v2 == 0x2B2, "the right contents");
    expect_eq(env::unexpected_faults(mark), 0, "no page faults in the 2 MiB region");
}

// A client with a 2 MiB page from sigma0 mapped at its physical address;
// false (noted or skipped) if the machine or sigma0 cannot provide it.
bool client_with_superpage(L4_ThreadId_t* a, L4_Word_t* base)
{
    if (!(facts.page_size_mask & (L4_Word_t{1} << 21))) {
        conf::skip("no 2 MiB pages on this machine");
        return false;
    }
    if (!two_clients(a, nullptr))
        return false;
    L4_Fpage_t got = sigma0_get(any_page(21));
    if (!expect(!L4_IsNilFpage(got) && L4_SizeLog2(got) == 21, "sigma0 hands out a 2 MiB page"))
        return false;
    *base = L4_Address(got);
    volatile L4_Word_t* p = reinterpret_cast<volatile L4_Word_t*>(*base);
    p[0] = 0x2C0;
    p[(1ul << 21) / sizeof(L4_Word_t) - 1] = 0x2C1;
    L4_MsgTag_t t = env::give(*a, page_fp(*base, L4_ReadWriteOnly, 21), *base);
    unsigned mark = env::fault_mark();
    L4_Word_t v0 = 0, v1 = 0;
    return expect(!env::ipc_failed(t) && env::client_read(*a, *base, &v0) &&
                      env::client_read(*a, *base + (1ul << 21) - 8, &v1) && v0 == 0x2C0 &&
                      v1 == 0x2C1 && env::unexpected_faults(mark) == 0,
                  "the client has the 2 MiB page");
}

void unmap_part_of_superpage()
{
    L4_ThreadId_t a;
    L4_Word_t base;
    if (!client_with_superpage(&a, &base))
        return;
    (void)L4_UnmapFpage(page_fp(base + (1ul << 20), L4_FullyAccessible));
    unsigned mark = env::fault_mark();
    L4_Word_t v;
    (void)env::client_read(a, base, &v);
    expect(faulted(mark, a, base),
           "unmapping 4 KiB inside revoked the client's whole 2 MiB page (decision 16)");
}

void overmap_superpage()
{
    L4_ThreadId_t a;
    L4_Word_t base;
    if (!client_with_superpage(&a, &base))
        return;
    env::fill_page(0, 121);
    L4_MsgTag_t t = env::give(a, page_fp(page(0), L4_ReadWriteOnly), base + 0x1000);
    expect(!env::ipc_failed(t), "map a 4 KiB page into the middle of the client's 2 MiB page");
    unsigned mark = env::fault_mark();
    L4_Word_t v = 0;
    expect(env::client_read(a, base + 0x1000 + 24, &v) && v == env::pattern(121, 3) &&
               !faulted(mark, a, base + 0x1000),
           "the new page is there (decision 14: over-mapping wins)");
    (void)env::client_read(a, base, &v);
    expect(faulted(mark, a, base), "the 2 MiB mapping it replaced is gone");
}

// Regression (robustness suite, kernel bug R1): a receive window above the
// user part takes nothing. The kernel used to install the mapping there:
// in the kernel half on x86_64 and riscv64 (a window over the x86_64
// kernel image replaced kernel code for every space), at the TTBR0 alias
// of the address on aarch64, with a mapping node that no longer matched.
#if defined(L4_ARCH_AMD64)
constexpr L4_Word_t kernel_half = 0xFFFF900000000000ul;   // PML4 entry 288: unused
#elif defined(L4_ARCH_AARCH64)
constexpr L4_Word_t kernel_half = 0xFFFF900000000000ul;   // TTBR1, above the physmap
#else
constexpr L4_Word_t kernel_half = 0xFFFFFFE400000000ul;   // Sv39 root entry 400: unused
#endif
volatile L4_Word_t high_value;

unsigned read_high(const L4_Word_t* in, L4_Word_t*)
{
    high_value = *reinterpret_cast<volatile L4_Word_t*>(in[0]);
    return 0;
}

// Client c reads addr; true if the read faulted and did not see the
// pattern of seed (its answer is not awaited: nothing can be mapped there,
// so it faults until it is deleted).
bool read_faults(L4_ThreadId_t c, L4_Word_t addr, L4_Word_t seed)
{
    unsigned mark = env::fault_mark();
    high_value = 0;
    L4_Word_t in[1] = {addr};
    if (!env::client_post(c, read_high, 1, in))
        return false;
    for (int i = 0; i < 100 && !faulted(mark, c, addr); i++)
        env::sleep_us(2000);
    return faulted(mark, c, addr) && high_value != env::pattern(seed, 3);
}

void kernel_half_window()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(13, 131);
    expect(env::client_accept(a, L4_FpageLog2(kernel_half, 21)), "A's window: 2 MiB in the kernel half");
    L4_MsgTag_t t = env::give(a, page_fp(page(13), L4_Readable), 0);
    expect(!env::ipc_failed(t), "the map IPC succeeds (it maps nothing)");
    expect(read_faults(a, kernel_half + 3 * sizeof(L4_Word_t), 131), "A's read in its window faults");
    (void)env::kill(a);   // it would go on faulting
#if defined(L4_ARCH_AARCH64)
    // aarch64 put the page at the TTBR0 alias (bits 63..48 dropped), a user
    // address: B reads whatever its pager maps there, never the page.
    L4_ThreadId_t b = env::new_client();
    if (!expect(!L4_IsNilThread(b), "client B"))
        return;
    expect(env::client_accept(b, L4_FpageLog2(kernel_half, 21)), "B's window: the same");
    t = env::give(b, page_fp(page(13), L4_Readable), 0);
    expect(!env::ipc_failed(t), "the map IPC succeeds");
    L4_Word_t v = 0;
    expect(env::client_read(b, (kernel_half & 0x0000FFFFFFFFFFFFul) + 3 * sizeof(L4_Word_t), &v) &&
               v != env::pattern(131, 3),
           "B does not find the page at the low alias");
#endif
}

// Regression (in-guest fuzzer, seed 24301; kernel bug F1): a map whose
// target range holds the source mapping's ancestor. B's page at ALT derives
// from A's page; B maps ALT back on to A's page. Emptying the target freed
// the source node, which the kernel then used as the new mapping's parent
// (use after free: a kernel fault, or later walks of the tree never end).
// Now the map maps nothing.
void onto_ancestor()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    env::fill_page(8, 120);
    if (!gives(a, 8, L4_ReadWriteOnly))
        return;
    L4_Word_t tag = 0, error = 0;
    expect(env::client_accept(b, L4_FpageLog2(alt, 12)), "B's window: one page at ALT");
    expect(env::client_give(a, b, page_fp(page(8), L4_ReadWriteOnly), 0, false, &tag, &error) && error == 0,
           "A maps its page on to B at ALT");
    expect(env::client_accept(a, L4_FpageLog2(page(8), 12)), "A's window: its own page");
    expect(env::client_give(b, a, page_fp(alt, L4_ReadWriteOnly), page(8), false, &tag, &error) && error == 0,
           "B maps ALT back on to A's page (the IPC succeeds, nothing is mapped)");
    unsigned mark = env::fault_mark();
    expect(reads_pattern(a, 8, 120) && !faulted(mark, a, page(8)), "A keeps its page");
    L4_Word_t v = 0;
    expect(env::client_read(b, alt + 24, &v) && v == env::pattern(120, 3) && !faulted(mark, b, alt),
           "B keeps its page at ALT");
    L4_Fpage_t result;
    expect(env::client_unmap(a, page_fp(page(8), L4_FullyAccessible), true, &result), "A flushes the page");
    expect(env::client_read(b, alt + 24, &v) && faulted(mark, b, alt), "B's mapping went with it");
}

// Regression (in-guest fuzzer, seed 12; kernel bug F2): a grant with fewer
// rights than the granted mapping has. The mapping moved with the reduced
// rights, but what was derived from it kept the old ones: B could still
// write a page that its whole chain now gives read-only.
void grant_reduces_derived()
{
    L4_ThreadId_t a, b;
    if (!two_clients(&a, &b))
        return;
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a third client"))
        return;
    env::fill_page(14, 122);
    if (!gives(a, 14, L4_ReadWriteOnly))
        return;
    L4_Word_t tag = 0, error = 0;
    expect(env::client_give(a, b, page_fp(page(14), L4_ReadWriteOnly), page(14), false, &tag, &error) &&
               error == 0,
           "A maps the page read-write on to B");
    expect(env::client_give(a, c, page_fp(page(14), L4_Readable), page(14), true, &tag, &error) && error == 0,
           "A grants it read-only to C");
    unsigned mark = env::fault_mark();
    expect(reads_pattern(c, 14, 122) && !faulted(mark, c, page(14)), "C has the page");
    expect(reads_pattern(b, 14, 122) && !faulted(mark, b, page(14)), "B still reads it");
    expect(env::client_write(b, page(14) + 8, 5), "B's write completes");
    const env::Fault* f = env::find_fault(mark, b, page(14));
    expect(f != nullptr && (f->label & 2), "but faults first: B lost write access with the grant");
}

// Regression (found with F2, kernel bug F3): a mapping that loses its last
// right is removed (kernel/generic/src/mapdb.cc says so). Revoking read from
// a read-only mapping left it readable.
void revoke_last_right()
{
    L4_ThreadId_t a;
    if (!two_clients(&a, nullptr))
        return;
    env::fill_page(15, 123);
    if (!gives(a, 15, L4_Readable))
        return;
    unsigned mark = env::fault_mark();
    expect(reads_pattern(a, 15, 123) && !faulted(mark, a, page(15)), "A reads its read-only page");
    (void)L4_UnmapFpage(page_fp(page(15), L4_Readable));
    mark = env::fault_mark();
    expect(reads_pattern(a, 15, 123), "A's read completes (the pager maps the page again)");
    expect(faulted(mark, a, page(15)), "but faults first: the mapping went with its last right");
}

// Free kernel memory in bytes (debugger call WALNUT_KDB_KMEM_FREE; the
// operation is encoded in the trap instruction, so it is named here).
L4_Word_t kmem_free()
{
#if defined(L4_ARCH_AARCH64)
    return __L4_KDB_OP(WALNUT_KDB_KMEM_FREE, 0);
#else
    return __L4_KDB_Call(WALNUT_KDB_KMEM_FREE, 0);
#endif
}

// One client's life for large_page_over_empty_tables: a 4 KiB page at the
// 2 MiB-aligned address base (the client's tables down to 4 KiB leaves),
// unmapped again (the tables stay, empty), then the 2 MiB page at base
// (one leaf where the emptied table was), then the client is deleted.
bool large_page_life(L4_Word_t base)
{
    L4_ThreadId_t a = env::new_client();
    if (!expect(!L4_IsNilThread(a), "a client space"))
        return false;
    env::fill_page(0, 125);
    L4_MsgTag_t t = env::give(a, page_fp(page(0), L4_ReadWriteOnly), base);
    L4_Word_t v = 0;
    bool ok = expect(!env::ipc_failed(t) && env::client_read(a, base + 24, &v) && v == env::pattern(125, 3),
                     "the client has a 4 KiB page at the 2 MiB-aligned address");
    (void)L4_UnmapFpage(page_fp(page(0), L4_FullyAccessible));
    t = env::give(a, page_fp(base, L4_ReadWriteOnly, 21), base);
    ok = expect(!env::ipc_failed(t) && env::client_read(a, base + (1ul << 21) - 8, &v) && v == 0x2C3,
                "after the unmap, the client has the 2 MiB page there") && ok;
    return expect(env::kill(a), "the client is deleted") && ok;
}

// Regression (host fuzzer, table leak): a 2 MiB leaf installed where an
// unmap had left empty page tables orphaned those tables, so kernel memory
// leaked, also after the space was deleted. Now the tables are freed: one
// such client's whole life leaves free kernel memory as it found it. The
// first life warms up what the root task and its pager touch once.
void large_page_over_empty_tables()
{
    if (!WALNUT_CONF_KDB) {
        conf::skip("needs the kernel debugger's KMEM_FREE call (-Dkdb=true)");
        return;
    }
    if (!(facts.page_size_mask & (L4_Word_t{1} << 21))) {
        conf::skip("no 2 MiB pages on this machine");
        return;
    }
    L4_Fpage_t got = sigma0_get(any_page(21));
    if (!expect(!L4_IsNilFpage(got) && L4_SizeLog2(got) == 21, "sigma0 hands out a 2 MiB page"))
        return;
    L4_Word_t base = L4_Address(got);
    reinterpret_cast<volatile L4_Word_t*>(base)[(1ul << 21) / sizeof(L4_Word_t) - 1] = 0x2C3;
    if (!large_page_life(base))
        return;
    L4_Word_t before = kmem_free();
    if (!large_page_life(base))
        return;
    L4_Word_t after = kmem_free();
    expect_eq(after, before, "free kernel memory after the client's life is what it was before");
}

constexpr conf::Case cases[] = {
    {"kernel_half_window", kernel_half_window},
    {"onto_ancestor", onto_ancestor},
    {"grant_reduces_derived", grant_reduces_derived},
    {"revoke_last_right", revoke_last_right},
    {"map_read_write", map_read_write},
    {"page_fault_protocol", page_fault_protocol},
    {"rights_reduction", rights_reduction},
    {"rights_anded_with_mapper", rights_anded_with_mapper},
    {"grant_moves_mapping", grant_moves_mapping},
    {"unmap_flush_middle", unmap_flush_middle},
    {"unmap_keeps_own", unmap_keeps_own},
    {"unmap_partial_rights", unmap_partial_rights},
    {"status_bits", status_bits},
    {"overmap_replaces", overmap_replaces},
    {"window_placement", window_placement},
    {"complete_space_map", complete_space_map},
    {"complete_space_unmap", complete_space_unmap},
    {"kernel_areas_not_mappable", kernel_areas_not_mappable},
    {"nil_fpage_maps_nothing", nil_fpage_maps_nothing},
    {"sigma0_chain_flush", sigma0_chain_flush},
    {"superpage_2mb", superpage_2mb},
    {"unmap_part_of_superpage", unmap_part_of_superpage},
    {"overmap_superpage", overmap_superpage},
    {"large_page_over_empty_tables", large_page_over_empty_tables},
};

}  // namespace

const conf::Group map_group = {"map", cases, sizeof cases / sizeof cases[0]};
