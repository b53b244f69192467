/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the user-fault tests: the root task announces the TAP plan and
 * then faults; the watchdog (sigma1) reports the only result once the
 * kernel has kept running for a while.
 */
#ifndef WALNUT_TEST_GUEST_FAULT_H
#define WALNUT_TEST_GUEST_FAULT_H

#include <l4/thread.h>
#include <l4io.h>

/* An address no board has RAM or devices at, inside every architecture's
 * user part (riscv64 Sv39: below 256 GiB) and below the initial servers'
 * UTCB and KIP areas. Word aligned, so only the missing mapping faults. */
#define FAULT_DATA_ADDRESS 0x0000002000000040ul

/* Until sigma0 serves page faults, a fault sent to it as page-fault IPC
 * would block the root task forever; without a pager the kernel reports
 * the fault and halts the thread, which is what these tests check. */
static inline void fault_test_begin(const char *what)
{
    L4_Set_Pager(L4_nilthread);
    printf("1..1\n");
    printf("# %s: root task %t is about to fault; the watchdog reports\n", what, L4_Myself());
}

/* Reached only if the kernel resumed the faulting thread. */
static inline int fault_test_survived(const char *what)
{
    printf("not ok 1 - %s: the root task ran on after its fault\n", what);
    return 1;
}

#endif /* WALNUT_TEST_GUEST_FAULT_H */
