// SPDX-License-Identifier: BSD-2-Clause
// The #NM entry (IDT vector 7, arch/idt.cc): the cheap case of lazy FPU
// switching in a few instructions. A thread switch sets CR0.TS when it
// leaves the FPU owner and never clears it (arch::fpu_switch, fastpath.S),
// so the owner's first FP/SIMD instruction after it runs again traps here:
// its state is still in the registers, and clearing TS is all there is to
// do. Every other #NM (another thread's state must move: xsave/xrstor in
// arch::fpu_claim) takes the generic trap path.
#include <arch/asm_defs.hpp>
#include <kern_asm_offsets.h>

    .text
    .globl walnut_nm_entry
walnut_nm_entry:
    testb $3, 8(%rsp)               // CS of the hardware frame: user mode?
    jz 2f                           // (the kernel has no FP code: report it)
    swapgs
    push %rax
    mov %gs:CPU_LOCAL_CURRENT, %rax // its arch::Context is at TCB_CONTEXT = 0
    cmp %rax, %gs:CPU_FPU_OWNER
    jne 1f
    clts
    movb $0, %gs:CPU_FPU_DISABLED
    pop %rax
    swapgs
    iretq
1:  pop %rax
    swapgs
2:  jmp x86_trap_stubs + 16 * 7     // the generic stub of vector 7 (entry.S)

.if TCB_CONTEXT != 0
    .error "fpu_trap.S compares TCB pointers with arch::Context pointers"
.endif
