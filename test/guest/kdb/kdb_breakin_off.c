/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task of the break-in-off test: after KDB ToggleBreakin the kernel
 * must neither stop at the break key nor read the console behind the
 * program's back: the harness types the break key and 'b', and the root
 * task reads both as ordinary characters. ToggleBreakin again turns
 * break-in back on.
 */
#include <l4/kdebug.h>
#include <l4/misc.h>
#include <l4/schedule.h>
#include <l4io.h>

#include "../tap.h"

#define WAIT_US 5000000u

/* The next typed character, or WALNUT_KDB_NO_CHAR after WAIT_US. */
static char next_char(void)
{
    L4_Word64_t start = L4_SystemClock().raw;
    while (L4_SystemClock().raw - start < WAIT_US) {
        char c = L4_KDB_ReadChar();
        if (c != WALNUT_KDB_NO_CHAR)
            return c;
    }
    return WALNUT_KDB_NO_CHAR;
}

int main(void)
{
    tap_plan(2);
    L4_KDB_ToggleBreakin();
    printf("kdb-off: type\n");
    char c1 = next_char();
    char c2 = next_char();
    L4_KDB_ToggleBreakin();
    if (!tap_ok(c1 == 0x1d, "with break-in off, the break key is an ordinary character"))
        printf("#   got 0x%x\n", (unsigned)(unsigned char)c1);
    if (!tap_ok(c2 == 'b', "... and the character after it follows"))
        printf("#   got 0x%x\n", (unsigned)(unsigned char)c2);
    return tap_exit_status();
}
