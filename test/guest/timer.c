/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task: the periodic timer interrupts user code (the tick count grows
 * while this thread spins without entering the kernel other than to read
 * it) and SystemClock advances plausibly meanwhile.
 */
#include <l4/kip.h>
#include <l4io.h>

#include "tap.h"

enum {
    wanted_ticks = 10,
    max_spins = 50000000,            /* upper bound if ticks never come */
    give_up_us = 5 * 1000 * 1000,    /* or if the clock says this much passed */
    tick_us_min = 100,               /* tick_hz is at most 10000 */
    max_elapsed_us = 10 * 1000 * 1000,
};

/* Spins until the kernel has counted wanted_ticks more timer interrupts;
 * returns the ticks seen and stores the spins and elapsed microseconds. */
static L4_Word_t spin_for_ticks(unsigned long *spins, L4_Word64_t *elapsed_us)
{
    L4_Word_t start = L4_KDB_Walnut_TimerTicks();
    L4_Clock_t t0 = L4_SystemClock();
    L4_Word_t now = start;
    unsigned long n = 0;
    while (now - start < wanted_ticks && n < max_spins) {
        n++;
        now = L4_KDB_Walnut_TimerTicks();
        if (n % 1024 == 0 && L4_SystemClock().raw - t0.raw > give_up_us)
            break;
    }
    *elapsed_us = L4_SystemClock().raw - t0.raw;
    *spins = n;
    return now - start;
}

static int clock_monotonic(unsigned reads)
{
    L4_Clock_t last = L4_SystemClock();
    for (unsigned i = 0; i < reads; i++) {
        L4_Clock_t c = L4_SystemClock();
        if (L4_IsClockEarlier(c, last))
            return 0;
        last = c;
    }
    return 1;
}

int main(void)
{
    void *kip = L4_GetKernelInterface();
    unsigned long spins;
    L4_Word64_t elapsed;

    tap_plan(4);
    L4_Word_t ticks = spin_for_ticks(&spins, &elapsed);
    printf("# %lu ticks in %lu us (%lu spins); KIP ClockInfo read %lu us, schedule %lu us\n",
           ticks, (unsigned long)elapsed, spins, L4_ReadPrecision(kip),
           L4_SchedulePrecision(kip));

    tap_ok(ticks >= wanted_ticks, "timer ticks while a user thread spins");
    tap_ok(elapsed > 0, "SystemClock advances");

    /* wanted_ticks ticks take at least (wanted_ticks - 1) tick periods; the
     * KIP's SchedulePrecision is the tick period if the kernel fills it. */
    L4_Word64_t tick_us = L4_SchedulePrecision(kip) ? L4_SchedulePrecision(kip) : tick_us_min;
    /* The timer and the clock are separate devices calibrated against each
     * other at boot (x86_64: LAPIC timer against the TSC): allow 2 %. */
    L4_Word64_t low = (wanted_ticks - 1) * tick_us * 98 / 100;
    if (!tap_ok(ticks >= wanted_ticks && elapsed >= low && elapsed <= max_elapsed_us,
                "SystemClock elapsed matches the ticks"))
        printf("# expected %lu..%lu us\n", (unsigned long)low, (unsigned long)max_elapsed_us);

    tap_ok(clock_monotonic(1000), "SystemClock never goes backwards");
    return tap_exit_status();
}
