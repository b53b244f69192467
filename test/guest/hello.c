/* SPDX-License-Identifier: BSD-2-Clause */
/* The smallest root task (in C): greets with its own thread id and exits
 * with status 0. Also the demo image of scripts/boot-default. */
#include <l4/thread.h>
#include <l4io.h>

int main(void)
{
    printf("Hello from the Walnut root task, I am %t\n", L4_Myself());
    return 0;
}
