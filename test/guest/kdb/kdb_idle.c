/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task of the break-in-from-idle test: sleeps (an IPC with a 3 s
 * timeout), so the CPU idles with interrupts enabled when the harness types
 * the break key. The debugger must stop in the idle thread and show the
 * root task's sleep on the timeout list; after 'g' the sleep ends normally.
 */
#include <l4/ipc.h>
#include <l4io.h>

int main(void)
{
    /* First let sigma0 start and block, so the CPU truly idles below. */
    L4_Sleep(L4_TimePeriod(50000));
    printf("kdb-idle: sleeping\n");
    L4_Sleep(L4_TimePeriod(3000000));
    printf("kdb-idle: woke\n");
    return 0;
}
