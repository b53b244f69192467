// SPDX-License-Identifier: BSD-2-Clause
// Root task (C++, so the overloads are used too): the convenience interface
// parts built on system calls - <l4/ipc.h> forms and timeouts, <l4/thread.h>
// operations on another thread, <l4/schedule.h>, <l4/space.h> and
// <l4/misc.h> - against an echo thread in the same address space.
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/misc.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/space.h>
#include <l4/thread.h>
#include <l4io.h>

#include "tap.h"
#include "threads.h"

namespace {

constexpr unsigned plan = 23;

// IPC error codes in ErrorCode bits 3..1, bit 0 = receive phase (x2-api 5.12).
constexpr L4_Word_t error_timeout = 1, error_canceled = 3;
constexpr L4_Word_t label_echo = 0x4ec;

L4_ThreadId_t echo;
L4_Word_t echo_stack[1024] __attribute__((aligned(16)));
volatile L4_Word_t echo_last_error;  // ErrorCode of the echo thread's last failed wait

L4_Word_t ipc_error(L4_Word_t error_code) { return (error_code >> 1) & 7; }

// Answers every message with its untyped words plus one, label unchanged.
void echo_loop()
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        while (L4_IpcFailed(tag)) {
            echo_last_error = L4_ErrorCode();
            tag = L4_Wait(&from);
        }
        L4_Msg_t msg;
        L4_MsgStore(tag, &msg);
        for (L4_Word_t i = 0; i < L4_UntypedWords(tag); i++)
            L4_MsgPutWord(&msg, i, L4_MsgWord(&msg, i) + 1);
        L4_MsgLoad(&msg);
        tag = L4_ReplyWait(from, &from);
    }
}

// One round trip with three words; true if the echo came back right.
bool echo_ok(L4_MsgTag_t (*call)(L4_ThreadId_t), L4_ThreadId_t to)
{
    L4_Msg_t msg;
    L4_Word_t words[3] = {10, 20, 30};
    L4_MsgPut(&msg, label_echo, 3, words, 0, nullptr);
    L4_MsgLoad(&msg);
    L4_MsgTag_t tag = call(to);
    if (L4_IpcFailed(tag) || L4_Label(tag) != label_echo || L4_UntypedWords(tag) != 3)
        return false;
    L4_MsgStore(tag, &msg);
    return L4_MsgWord(&msg, 0) == 11 && L4_MsgWord(&msg, 1) == 21 && L4_MsgWord(&msg, 2) == 31;
}

L4_MsgTag_t call_ipc(L4_ThreadId_t to) { return L4_Call(to); }
L4_MsgTag_t call_lipc(L4_ThreadId_t to) { return L4_Lcall(to); }
L4_MsgTag_t call_timeouts(L4_ThreadId_t to) { return L4_Call(to, L4_Never, L4_TimePeriod(1000000)); }

void ipc_forms()
{
    L4_Clock_t before = L4_SystemClock();
    L4_Sleep(L4_TimePeriod(20000));
    L4_Word_t slept = L4_SystemClock().raw - before.raw;
    L4_MsgTag_t after = L4_MsgTag();
    tap_ok(slept >= 20000 && slept < 2000000 && L4_IpcFailed(after) &&
               L4_ErrorCode() == ((error_timeout << 1) | 1),
           "L4_Sleep(20 ms) sleeps 20 ms and leaves a receive timeout in MR0");
    printf("# slept %lu us\n", slept);

    tap_ok(echo_ok(call_ipc, echo), "L4_Call / L4_ReplyWait round trip");
    tap_ok(echo_ok(call_lipc, L4_LocalIdOf(echo)), "L4_Lcall to a local id");
    tap_ok(echo_ok(call_timeouts, echo), "L4_Call with timeouts (C++ overload)");

    L4_MsgTag_t tag = L4_Receive(echo, L4_ZeroTime);
    tap_ok(L4_IpcFailed(tag) && L4_ErrorCode() == ((error_timeout << 1) | 1),
           "L4_Receive with a zero timeout fails with a receive timeout");
    L4_Set_MsgTag(L4_Niltag);
    tag = L4_Reply(L4_Myself());
    tap_ok(L4_IpcFailed(tag) && L4_ErrorCode() == (error_timeout << 1),
           "L4_Reply to a thread that does not wait fails at once (send timeout)");
    L4_ThreadId_t from = L4_anythread;
    tag = L4_Wait(L4_ZeroTime, &from);
    tap_ok(L4_IpcFailed(tag) && !L4_IpcPropagated(tag) && !L4_IpcXcpu(tag) &&
               !L4_IpcRedirected(tag),
           "L4_Wait with a zero timeout and the tag flag tests");
    L4_MsgTag_t p = L4_Niltag;
    p.raw = 0xF000 | 5;
    L4_Set_Propagation(&p);
    tap_ok(p.raw == (0x1000 | 5) && L4_Timeouts(L4_ZeroTime, L4_Never) == 0x04000000,
           "L4_Set_Propagation and L4_Timeouts encodings");
}

void thread_operations()
{
    L4_ThreadId_t local = L4_LocalIdOf(echo);
    tap_ok(L4_IsLocalId(local) && !L4_IsNilThread(local) && L4_GlobalIdOf(local) == echo &&
               L4_GlobalId(local) == echo && L4_LocalId(echo) == local &&
               L4_SameThreads(local, echo) && !L4_SameThreads(local, L4_Myself()) &&
               L4_LocalIdOf(L4_Myself()) == L4_MyLocalId(),
           "local and global ids of a thread in the own space");

    L4_Set_UserDefinedHandleOf(echo, 0xfeed);
    tap_ok(L4_UserDefinedHandleOf(echo) == 0xfeed && L4_UserDefinedHandle(echo) == 0xfeed,
           "UserDefinedHandle of another thread");
    L4_ThreadId_t pager = L4_PagerOf(echo);
    L4_Set_Pager(echo, L4_Myself());
    bool changed = L4_Pager(echo) == L4_Myself();
    L4_Set_PagerOf(echo, pager);
    tap_ok(changed && L4_PagerOf(echo) == pager, "Pager of another thread");

    L4_ThreadState_t s = L4_Stop(echo);  // it waits: halts when the wait ends
    L4_Start(echo);                      // resumes and cancels the wait
    tap_ok(L4_ThreadWasReceiving(s) && !L4_ThreadWasHalted(s) && echo_ok(call_ipc, echo) &&
               ipc_error(echo_last_error) == error_canceled,
           "L4_Stop, then L4_Start cancels the wait and the thread goes on");

    L4_Word_t sp = 0, ip = 0, flags = 0;
    s = L4_AbortReceive_and_stop(echo);
    L4_ThreadState_t halted = L4_Stop(echo, &sp, &ip, &flags);
    auto stack = reinterpret_cast<L4_Word_t>(echo_stack);
    tap_ok(L4_ThreadWasReceiving(s) && L4_ThreadWasHalted(halted) && !L4_ThreadWasIpcing(halted) &&
               sp > stack && sp <= stack + sizeof echo_stack,
           "L4_AbortReceive_and_stop halts it; L4_Stop reads its SP");
    L4_Start(echo);
    tap_ok(echo_ok(call_ipc, echo), "L4_Start resumes a halted thread");
}

void scheduling()
{
    tap_ok(L4_Set_Priority(echo, 100) == L4_SCHEDRESULT_WAITING, "L4_Set_Priority reports the state");
    L4_Time_t slice, quantum;
    tap_ok(L4_Set_Timeslice(echo, L4_TimePeriod(5000), L4_Never) != L4_SCHEDRESULT_ERROR &&
               L4_Timeslice(echo, &slice, &quantum) != L4_SCHEDRESULT_ERROR &&
               slice.raw != L4_Never.raw,
           "L4_Set_Timeslice and L4_Timeslice");
    tap_ok(L4_Set_PreemptionDelay(echo, 100, 1000) != L4_SCHEDRESULT_ERROR &&
               L4_Set_ProcessorNo(echo, 0) != L4_SCHEDRESULT_ERROR,
           "L4_Set_PreemptionDelay and L4_Set_ProcessorNo");
    L4_Yield();
    tap_ok(L4_Set_Priority(L4_GlobalId(L4_ThreadNo(echo) + 100, 1), 1) == L4_SCHEDRESULT_ERROR &&
               L4_ErrorCode() == L4_ErrInvalidThread,
           "Schedule on a thread that does not exist fails");
}

void unmapping()
{
    L4_Word_t log2 = static_cast<L4_Word_t>(__L4_Lsb(L4_PageSizeMask(L4_GetKernelInterface())));
    L4_Fpage_t page = L4_Sigma0_GetAny(L4_nilthread, log2, L4_CompleteAddressSpace);
    auto* word = reinterpret_cast<volatile L4_Word_t*>(L4_Address(page));
    L4_Fpage_t bare = L4_FpageLog2(L4_Address(page), static_cast<int>(log2));
    *word = 0x5ace;

    // Status of the own mapping: only with flush (rights 0 revoke nothing).
    L4_Fpage_t status = L4_Flush(bare);
    L4_Fpage_t again = L4_Flush(bare);
    tap_ok(!L4_IsNilFpage(page) && L4_WasWritten(status) && L4_WasReferenced(status) &&
               !L4_WasWritten(again) && L4_Address(status) == L4_Address(page),
           "L4_Flush with no rights reads and resets the access bits");

    L4_Fpage_t pages[2] = {bare, bare};
    L4_UnmapFpages(2, pages);
    L4_Fpage_t kept = L4_Unmap(bare);  // C++ overload: L4_UnmapFpage
    L4_GetStatus(page);
    tap_ok(*word == 0x5ace && L4_Rights(kept) == 0 && L4_Rights(pages[1]) == 0,
           "unmap without flush leaves the own mapping");

    L4_Fpage_t all[1] = {L4_FpageAddRights(bare, L4_FullyAccessible)};
    L4_Flush(1, all);  // C++ overload: L4_FlushFpages
    L4_Fpage_t gone = L4_Flush(bare);
    // The next access faults and sigma0 maps the page again (the root task owns it).
    tap_ok(!L4_WasReferenced(gone) && *word == 0x5ace, "a flushed page is gone and comes back on a fault");

    // 0x100 is no attribute value on any architecture (docs/abi-<arch>.md).
    tap_ok(L4_Set_PageAttribute(bare, L4_DefaultMemory) == 1 &&
               L4_Set_PageAttribute(bare, 0x100) == 0 && L4_ErrorCode() == L4_ErrInvalidParam,
           "MemoryControl: the default attribute, not an unsupported one");
}

}  // namespace

extern "C" void thread_main()
{
    echo_loop();
}

extern "C" int main()
{
    tap_plan(plan);
    L4_ThreadId_t sigma0 = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
    echo = thread_start(0, sigma0, echo_stack + sizeof echo_stack / sizeof echo_stack[0]);
    tap_ok(!L4_IsNilThread(echo), "an echo thread starts");
    ipc_forms();
    thread_operations();
    scheduling();
    unmapping();
    return tap_exit_status();
}
