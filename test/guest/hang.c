/* SPDX-License-Identifier: BSD-2-Clause */
/* A root task that never ends: the harness self-test checks that
 * tools/qemu_test.py fails such a run with a timeout. */
#include <l4io.h>

int main(void)
{
    printf("# hang: spinning forever\n");
    for (;;)
        __asm__ __volatile__("" ::: "memory");
}
