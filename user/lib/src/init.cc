// SPDX-License-Identifier: BSD-2-Clause
// Program start and end, and what libl4 takes from the KIP: __L4_Init asks
// the kernel for its interface page before main runs and fills Pistachio's
// system-call pointers; L4_GetTraceBuffer; __walnut_exit ends the machine
// with main's status.
#include <l4/kip.h>
#include <l4/tracebuffer.h>
#include <l4/walnut/runtime.h>

namespace {

// The stub a KIP link word names: links are offsets from the KIP base.
template <typename Pointer>
void link(Pointer& pointer, L4_Word_t kip, L4_Word_t offset)
{
    pointer = reinterpret_cast<Pointer>(kip + offset);
}

}  // namespace

extern "C" {

void* __walnut_kip = nullptr;
L4_Word_t __walnut_api_version = 0;
L4_Word_t __walnut_api_flags = 0;
L4_Word_t __walnut_kernel_id = 0;

__L4_Ipc_t __L4_Ipc = nullptr;
__L4_Lipc_t __L4_Lipc = nullptr;
__L4_Unmap_t __L4_Unmap = nullptr;
__L4_Schedule_t __L4_Schedule = nullptr;
__L4_ThreadSwitch_t __L4_ThreadSwitch = nullptr;
__L4_SystemClock_t __L4_SystemClock = nullptr;
__L4_ExchangeRegisters_t __L4_ExchangeRegisters = nullptr;
__L4_ThreadControl_t __L4_ThreadControl = nullptr;
__L4_SpaceControl_t __L4_SpaceControl = nullptr;
__L4_ProcessorControl_t __L4_ProcessorControl = nullptr;
__L4_MemoryControl_t __L4_MemoryControl = nullptr;

void __L4_init_syscalls(void)
{
    L4_Word_t version, flags, id;
    auto* kip = static_cast<L4_KernelInterfacePage_t*>(L4_KernelInterface(&version, &flags, &id));
    auto base = reinterpret_cast<L4_Word_t>(kip);
    link(__L4_Ipc, base, kip->Ipc);
    link(__L4_Lipc, base, kip->Lipc);
    link(__L4_Unmap, base, kip->Unmap);
    link(__L4_Schedule, base, kip->Schedule);
    link(__L4_ThreadSwitch, base, kip->ThreadSwitch);
    link(__L4_SystemClock, base, kip->SystemClock);
    link(__L4_ExchangeRegisters, base, kip->ExchangeRegisters);
    link(__L4_ThreadControl, base, kip->ThreadControl);
    link(__L4_SpaceControl, base, kip->SpaceControl);
    link(__L4_ProcessorControl, base, kip->ProcessorControl);
    link(__L4_MemoryControl, base, kip->MemoryControl);
}

void __L4_Init(void)
{
    // The wrappers trap inline and need nothing from the KIP; the pointers
    // are for code written against Pistachio's libl4.
    __walnut_kip = L4_KernelInterface(&__walnut_api_version, &__walnut_api_flags,
                                      &__walnut_kernel_id);
    __L4_init_syscalls();
}

// Walnut's kernel keeps no trace buffer (Pistachio's announces one with
// the KIP feature "tracebuffer" and a memory descriptor), so there is none
// to find.
L4_TraceBuffer_t* L4_GetTraceBuffer(void)
{
    return nullptr;
}

void __walnut_exit(int status)
{
    L4_KDB_Walnut_Exit(static_cast<L4_Word_t>(status) & 0xFF);
    // Only reached in a kernel without the debugger: stay out of the way.
    for (;;)
        L4_ThreadSwitch(L4_nilthread);
}

}  // extern "C"
