/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task of the ReadChar break-in test: waits in KDB ReadChar_Blocked
 * (inside the kernel, where no tick polls) while the harness types the
 * break key. ReadChar itself must stop in the debugger and, after 'g',
 * return the next character typed ('q'), not the break key.
 */
#include <l4/kdebug.h>
#include <l4io.h>

#include "../tap.h"

int main(void)
{
    tap_plan(1);
    printf("kdb-read: type\n");
    char c = L4_KDB_ReadChar_Blocked();
    if (!tap_ok(c == 'q', "ReadChar_Blocked stops at the break key, then returns the next character"))
        printf("#   got 0x%x\n", (unsigned)(unsigned char)c);
    return tap_exit_status();
}
