// SPDX-License-Identifier: BSD-2-Clause
// Root task (C++): the convenience interface on the target - fpages, thread
// ids, time values and clocks (with the C++ operators), message tags and
// items, message objects, and the virtual registers in the real UTCB.
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <l4/walnut/vregs.h>
#include <l4io.h>

#include "tap.h"

namespace {

bool same_string(const char* a, const char* b)
{
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

void fpages()
{
    L4_Fpage_t f = L4_Fpage(0x10000, 0x3000);  // rounded up to 16 KiB
    tap_ok(L4_SizeLog2(f) == 14 && L4_Size(f) == 0x4000 && L4_Address(f) == 0x10000 &&
               L4_Rights(f) == L4_NoAccess,
           "L4_Fpage rounds the size up");
    f += L4_FullyAccessible;
    f -= L4_Writable;
    tap_ok(L4_Rights(f) == L4_ReadeXecOnly && L4_Rights(f + L4_Writable) == L4_FullyAccessible,
           "fpage rights operators");
    L4_Fpage_t big = L4_FpageLog2(0x200000, 21);
    tap_ok(L4_Size(big) == 0x200000 && L4_Address(big) == 0x200000 && !L4_IsNilFpage(big) &&
               L4_IsNilFpage(L4_Nilpage),
           "L4_FpageLog2 and the nil fpage");
    tap_ok(L4_SizeLog2(L4_CompleteAddressSpace) == 1 && L4_Size(L4_CompleteAddressSpace) == 2 &&
               L4_Address(L4_CompleteAddressSpace) == 0,
           "the complete address space");
}

void thread_ids()
{
    L4_ThreadId_t t = L4_GlobalId(0x1234, 5);
    tap_ok(t.raw == ((0x1234ul << 32) | 5) && L4_ThreadNo(t) == 0x1234 && L4_Version(t) == 5 &&
               t.global.X.thread_no == 0x1234 && t.global.X.version == 5,
           "global thread id layout");
    tap_ok(L4_IsGlobalId(t) && !L4_IsLocalId(t) && L4_IsLocalId(L4_nilthread) &&
               L4_IsNilThread(L4_nilthread) && L4_IsGlobalId(L4_anythread) &&
               L4_IsLocalId(L4_anylocalthread) && L4_anylocalthread.raw == ~0x3Ful,
           "nil, any and anylocal thread ids");
    tap_ok(t == L4_GlobalId(0x1234, 5) && t != L4_anythread &&
               L4_IsThreadEqual(t, t) && L4_IsThreadNotEqual(t, L4_nilthread),
           "thread id comparison");
}

void time_and_clock()
{
    L4_Time_t t = L4_TimePeriod(5000);
    tap_ok(L4_TimePeriod(1000).raw == 1000 && t.period.e == 3 && t.period.m == 625 &&
               t.raw == ((3 << 10) | 625) && sizeof(L4_Time_t) == 2,
           "L4_TimePeriod picks the smallest exponent");
    tap_ok(L4_TimePeriod(0).raw == L4_ZeroTime.raw && L4_Never.raw == 0 &&
               L4_TimePeriod(1ull << 45).raw == L4_Never.raw,
           "zero and unrepresentable periods");
    L4_Clock_t c = {1000};
    L4_Clock_t later = c + 500;
    tap_ok(later.raw == 1500 && (later - c).raw == 500 && c < later && later > c && c <= later &&
               c != later && L4_IsClockEarlier(c, later) && L4_ClockAddUsec(c, 1).X.low == 1001,
           "clock arithmetic and comparison");
}

void tags_and_items()
{
    L4_MsgTag_t tag = L4_Niltag + 0x42;
    L4_MsgTag_t labelled = L4_MsgTagAddLabel(L4_Niltag, -3);
    tap_ok(L4_Label(tag) == 0x42 && tag.X.label == 0x42 && L4_UntypedWords(tag) == 0 &&
               L4_TypedWords(tag) == 0 && labelled.raw == (~0ul << 16) - (2ul << 16),
           "message tag labels");
    L4_Fpage_t page = L4_FpageLog2(0x400000, 12) + L4_Readable;
    L4_MapItem_t map = L4_MapItem(page, 0x400000);
    L4_GrantItem_t grant = L4_GrantItem(page, 0);
    tap_ok(L4_IsMapItem(map) && L4_IsGrantItem(grant) && map.raw[0] == (0x400000 | 8) &&
               L4_SndBase(map) == 0x400000 && L4_SndFpage(map).raw == page.raw &&
               grant.raw[0] == 10 && L4_GrantItem(grant),
           "map and grant items");
    L4_Acceptor_t a = L4_MapGrantItems(L4_CompleteAddressSpace) + L4_StringItemsAcceptor;
    tap_ok(L4_HasMapGrantItems(a) && L4_HasStringItems(a) &&
               L4_RcvWindow(a).raw == L4_CompleteAddressSpace.raw &&
               !L4_HasStringItems(a - L4_StringItemsAcceptor),
           "acceptors");
}

void strings()
{
    static char one[16], two[16];
    L4_Word_t storage[8] = {};
    auto* s = reinterpret_cast<L4_StringItem_t*>(storage);
    *s = L4_StringItem(16, one);
    tap_ok(L4_IsStringItem(s) && L4_Substrings(s) == 1 && L4_Substring(s, 1) == one &&
               s->X.string_length == 16 && !L4_CompoundString(s),
           "simple string item");
    *s += static_cast<void*>(two);
    L4_StringItem_t* last = nullptr;
    L4_StringItem_t* end = __L4_EndOfString(s, &last);
    tap_ok(L4_Substrings(s) == 2 && L4_Substring(s, 2) == two && last == s &&
               reinterpret_cast<L4_Word_t*>(end) == storage + 3,
           "string item with a second substring address");
}

void message_objects()
{
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_Set_MsgLabel(&msg, 0x77);
    L4_Append(&msg, 11ul);
    L4_Append(&msg, L4_MapItem(L4_FpageLog2(0x400000, 12), 0));
    L4_Append(&msg, 22);  // untyped: moves the map item up
    tap_ok(L4_UntypedWords(msg.tag) == 2 && L4_TypedWords(msg.tag) == 2 && L4_Label(&msg) == 0x77 &&
               L4_Get(&msg, 0ul) == 11 && L4_Get(&msg, 1ul) == 22 && msg.msg[3] == 8 &&
               msg.msg[4] == L4_FpageLog2(0x400000, 12).raw,
           "message object: untyped words stay before typed ones");

    L4_Load(&msg);
    L4_Msg_t copy;
    L4_Store(L4_MsgTag(), &copy);
    bool same = L4_MsgTag().raw == msg.tag.raw;
    for (int i = 1; i <= 4; i++)
        same = same && copy.msg[i] == msg.msg[i];
    tap_ok(same, "L4_MsgLoad / L4_MsgStore through the message registers");
}

void virtual_registers()
{
    L4_Word_t* utcb = __L4_Utcb();
    bool ok = true;
    for (int i = 0; i < __L4_NUM_MRS; i++)
        L4_LoadMR(i, 0x1000 + static_cast<L4_Word_t>(i));
    for (int i = 0; i < __L4_NUM_MRS; i++) {
        L4_Word_t w;
        L4_StoreMR(i, &w);
        ok = ok && w == 0x1000ul + static_cast<L4_Word_t>(i) && utcb[i] == w;
    }
    tap_ok(ok, "64 message registers at MyLocalId");

    L4_Word_t in[3] = {7, 8, 9}, out[3] = {};
    L4_LoadBRs(1, 3, in);
    L4_StoreBRs(1, 3, out);
    L4_Accept(L4_UntypedWordsAcceptor);
    tap_ok(out[0] == 7 && out[2] == 9 && utcb[WALNUT_TCR_BR0 - 1] == 7 &&
               utcb[WALNUT_TCR_BR0 - 3] == 9 && L4_Accepted().raw == 0 &&
               utcb[WALNUT_TCR_BR0] == 0,
           "buffer registers below the TCRs");

    L4_Set_UserDefinedHandle(0xfeed);
    L4_ThreadId_t pager = L4_Pager();
    L4_Set_Pager(L4_GlobalId(99, 1));
    tap_ok(L4_UserDefinedHandle() == 0xfeed && L4_Pager() == L4_GlobalId(99, 1) &&
               !L4_IsNilThread(L4_MyGlobalId()) && L4_MyGlobalId() == L4_Myself() &&
               L4_MyLocalId().raw == reinterpret_cast<L4_Word_t>(utcb) &&
               L4_ProcessorNo() == 0 && L4_WordSizeMask() == ~0ul,
           "thread control registers");
    L4_Set_Pager(pager);
    printf("# my pager is %t, exception handler %t\n", L4_Pager(), L4_ExceptionHandler());

    bool before = L4_EnablePreemption();
    bool was_set = L4_DisablePreemption();
    tap_ok(!before && was_set && !L4_PreemptionPending(), "preemption flags");
    tap_ok(same_string(L4_ErrorCode_String(L4_ErrInvalidParam), "l4_error_invalid_param") &&
               same_string(L4_ErrorCode_String(99), "invalid error code"),
           "error code strings");
}

}  // namespace

extern "C" int main()
{
    fpages();
    thread_ids();
    time_and_clock();
    tags_and_items();
    strings();
    message_objects();
    virtual_registers();
    tap_plan(tap_number);
    return tap_exit_status();
}
