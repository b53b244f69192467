// SPDX-License-Identifier: BSD-2-Clause
// sigma0, first cut: greets and gives the processor away forever. Serving
// memory to other spaces (the sigma0 protocol) needs IPC, which the kernel
// does not have yet.
#include <l4/kip.h>
#include <l4/walnut/runtime.h>
#include <l4io.h>

extern "C" int main()
{
    printf("sigma0: Walnut sigma0 running, KIP at %p\n", __walnut_kip);
    for (;;)
        L4_ThreadSwitch(L4_nilthread);
}
