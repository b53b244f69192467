// SPDX-License-Identifier: BSD-2-Clause
// Program start and end: __L4_Init asks the kernel for its interface page
// before main runs; __walnut_exit ends the machine with main's status.
#include <l4/kip.h>
#include <l4/walnut/runtime.h>

extern "C" {

void* __walnut_kip = nullptr;
L4_Word_t __walnut_api_version = 0;
L4_Word_t __walnut_api_flags = 0;
L4_Word_t __walnut_kernel_id = 0;

void __L4_Init(void)
{
    // System calls trap directly (no KIP links to resolve), so the KIP and
    // the API words are all later calls may want.
    __walnut_kip = L4_KernelInterface(&__walnut_api_version, &__walnut_api_flags,
                                      &__walnut_kernel_id);
}

void __walnut_exit(int status)
{
    L4_KDB_Walnut_Exit(static_cast<L4_Word_t>(status) & 0xFF);
    // Only reached in a kernel without the debugger: stay out of the way.
    for (;;)
        L4_ThreadSwitch(L4_nilthread);
}

}  // extern "C"
