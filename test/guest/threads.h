/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Further threads in a root task's own address space, for the guest tests:
 * create one with ThreadControl (its UTCB next to the root task's) and
 * start it at thread_entry, which prepares what crt0
 * prepares for main (riscv64: the global pointer; a zero frame chain) and
 * calls thread_main(), which the test defines and which must not return.
 * A thread tells who it is by L4_Myself().
 */
#ifndef WALNUT_TEST_GUEST_THREADS_H
#define WALNUT_TEST_GUEST_THREADS_H

#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4/walnut/abi.h>

#if defined(__cplusplus)
extern "C" void thread_main(void);
#else
void thread_main(void);
#endif

/* Entered with sp = the stack top given to thread_start (16-byte aligned)
 * and all other registers undefined. */
__attribute__((naked)) static void thread_entry(void)
{
#if defined(__riscv)
    __asm__(".option push\n\t"
            ".option norelax\n\t"
            "lla gp, __global_pointer$\n\t"
            ".option pop\n\t"
            "li s0, 0\n\t"
            "li ra, 0\n\t"
            "call thread_main\n"
            "1:\tj 1b");
#elif defined(__x86_64__)
    /* The call leaves rsp = 8 mod 16 at thread_main's entry, as the ABI wants. */
    __asm__("xor %ebp, %ebp\n\t"
            "call thread_main\n"
            "1:\tjmp 1b");
#elif defined(__aarch64__)
    __asm__("mov x29, xzr\n\t"
            "mov x30, xzr\n\t"
            "bl thread_main\n"
            "1:\tb 1b");
#endif
}

/* Creates thread number UserBase + 3 + index (version 1) in the caller's
 * space, its UTCB in slot index + 1 after the caller's, starts it at
 * thread_entry on the stack ending at stack_top and gives it 'pager'.
 * Returns its global id, or nilthread if that failed.
 *
 * The start uses the X.2 start protocol (x2-api 7.5): the caller is the new
 * thread's first pager and sends it the start message (MR1 = IP, MR2 = SP),
 * then hands the thread to the real pager. (L4_Start_SpIp after
 * ThreadControl with the real pager is the other way.) New threads get a
 * lower priority than the root task's, so the thread cannot run, and fault,
 * before its pager is set. */
static inline L4_ThreadId_t thread_start(unsigned index, L4_ThreadId_t pager, void *stack_top)
{
    void *kip = L4_GetKernelInterface();
    L4_ThreadId_t t = L4_GlobalId(L4_ThreadIdUserBase(kip) + 3 + index, 1);
    /* MyLocalId is the address of MR0 inside the UTCB. */
    L4_Word_t utcb = L4_MyLocalId().raw - WALNUT_UTCB_MR0_OFFSET + (index + 1) * L4_UtcbSize(kip);
    if (!L4_ThreadControl(t, L4_Myself(), L4_Myself(), L4_Myself(), (void *)utcb))
        return L4_nilthread;
    L4_LoadMR(0, 2);  /* u = 2 */
    L4_LoadMR(1, (L4_Word_t)thread_entry);
    L4_LoadMR(2, (L4_Word_t)stack_top);
    if (L4_IpcFailed(L4_Send(t)))
        return L4_nilthread;
    L4_Set_PagerOf(t, pager);
    return t;
}

#endif /* WALNUT_TEST_GUEST_THREADS_H */
