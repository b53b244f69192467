/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sigma1 of the fault tests: gives the processor away until the timer has
 * ticked watch_ticks times (long after the root task's fault), then reports
 * that the kernel is still alive and ends the machine with status 0.
 */
#include <l4/thread.h>
#include <l4io.h>

enum { watch_ticks = 200 };

int main(void)
{
    L4_Word_t start = L4_KDB_Walnut_TimerTicks();
    while (L4_KDB_Walnut_TimerTicks() - start < watch_ticks)
        L4_ThreadSwitch(L4_nilthread);
    printf("ok 1 - kernel alive after user fault\n");
    return 0;
}
