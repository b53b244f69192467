/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task of the break-key test: spins in user mode (no system calls but
 * SystemClock) while the harness types 'a' and then the break key. The
 * timer tick finds the break key and stops the system in the debugger;
 * after 'g' the root task checks that the 'a' typed before the break key
 * was kept for it (KDB ReadChar), not swallowed by the kernel's polling.
 */
#include <l4/kdebug.h>
#include <l4/misc.h>
#include <l4/schedule.h>
#include <l4io.h>

#include "../tap.h"

/* Long enough for the harness to answer the prompt below. */
#define SPIN_US 3000000u

int main(void)
{
    tap_plan(2);
    printf("kdb-break: spinning\n");
    L4_Word64_t start = L4_SystemClock().raw;
    while (L4_SystemClock().raw - start < SPIN_US) {
    }
    printf("# spun for %lu us\n", (unsigned long)(L4_SystemClock().raw - start));
    char c = L4_KDB_ReadChar();
    if (!tap_ok(c == 'a', "a character typed before the break key reaches user code"))
        printf("#   got 0x%x\n", (unsigned)(unsigned char)c);
    tap_ok(L4_KDB_ReadChar() == WALNUT_KDB_NO_CHAR, "the break key itself is not passed on");
    return tap_exit_status();
}
