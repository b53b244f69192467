/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task: console input through libio (getc, get_hex) and the kernel
 * debugger's blocking ReadChar. The harness types the text once it sees
 * the prompt (--send-after).
 */
#include <l4/types.h>
#include <l4io.h>

#include "tap.h"

L4_Word_t get_hex(void);

int main(void)
{
    tap_plan(2);
    printf("# console_input: type a character, then a hex number and return\n");
    printf("input> \n");
    int c = getc();
    tap_ok(c == 'w', "getc returns the typed character");
    L4_Word_t value = get_hex();
    if (!tap_ok(value == 0xbeef, "get_hex reads a hexadecimal number"))
        printf("#   got 0x%lx\n", value);
    return tap_exit_status();
}
