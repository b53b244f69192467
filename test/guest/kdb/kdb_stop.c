/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task of the kernel-debugger session tests (test/guest/kdb): starts
 * three threads in its space, UserBase+3 blocked receiving from the root
 * task only, UserBase+4 blocked sending to it (so it waits in +3's send
 * queue), UserBase+5 spinning (ready), then calls L4_KDB_Enter. The harness
 * types debugger commands at the prompt and checks what they print; after
 * 'g' the root task releases the receiver and exits with success.
 */
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4io.h>

#include "../threads.h"

enum { receiver_index, sender_index, spinner_index, thread_count };

static L4_Word_t stacks[thread_count][512] __attribute__((aligned(16)));
static L4_ThreadId_t root, ids[thread_count];
static volatile L4_Word_t spins;

void thread_main(void)
{
    L4_Word_t index = L4_ThreadNo(L4_Myself()) - L4_ThreadIdUserBase(L4_GetKernelInterface()) - 3;
    switch (index) {
    case receiver_index: {
        L4_MsgTag_t tag = L4_Receive(root);
        printf("kdb-test: receiver got a message from the root task: %s\n",
               L4_IpcSucceeded(tag) ? "ok" : "failed");
        break;
    }
    case sender_index:
        L4_LoadMR(0, 0);
        L4_Send(ids[receiver_index]);
        break;
    default:
        for (;;)
            spins = spins + 1;
    }
    for (;;)
        L4_Sleep(L4_Never);
}

int main(void)
{
    root = L4_Myself();
    L4_ThreadId_t sigma0 = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
    for (unsigned i = 0; i < thread_count; ++i) {
        ids[i] = thread_start(i, sigma0, stacks[i] + 512);
        if (L4_IsNilThread(ids[i])) {
            printf("kdb-test: cannot start thread %u\n", i);
            return WALNUT_EXIT_TEST_FAILURE;
        }
    }
    /* The threads have a lower priority: they run (and block, or spin)
     * while the root task sleeps. */
    L4_Sleep(L4_TimePeriod(20000));
    printf("kdb-test: receiver %t, sender %t, spinner %t\n", ids[0], ids[1], ids[2]);
    L4_KDB_Enter("kdb-test stop");
    printf("kdb-test: continued after the debugger\n");
    L4_LoadMR(0, 0);
    if (L4_IpcFailed(L4_Send(ids[receiver_index]))) {
        printf("kdb-test: the receiver did not take the message\n");
        return WALNUT_EXIT_TEST_FAILURE;
    }
    return WALNUT_EXIT_SUCCESS;
}
