// SPDX-License-Identifier: BSD-2-Clause
// Constants shared by the x86_64 assembly (.S) and C++: segment selectors,
// the kernel's virtual layout, offsets into Cpu_data and User_frame. Plain
// #defines because the assembler reads this file too; C++ code checks every
// offset against the real structures with static_assert.
#pragma once

// Virtual layout (docs/boot-x86_64.md).
#define X86_KERNEL_VMA          0xFFFFFFFF80000000  // + physical address of the image
#define X86_PHYSMAP_BASE        0xFFFF800000000000  // + physical address of RAM
#define X86_IO_WINDOW_BASE      0xFFFFFFFFC0000000  // port::io_map() hands out from here
#define X86_IO_WINDOW_SIZE      0x40000000          // 1 GiB (last PDPT slot)

// GDT selectors. The order is fixed by SYSCALL/SYSRET: STAR[47:32] = kernel
// CS (SS = +8), STAR[63:48] = 0x18 gives SYSRET SS = 0x20|3 and CS = 0x28|3.
#define X86_KERNEL_CS           0x08
#define X86_KERNEL_DS           0x10
#define X86_USER_CS32           0x1B
#define X86_USER_DS             0x23
#define X86_USER_CS             0x2B
#define X86_TSS_SEL             0x30
#define X86_GDT_ENTRIES         8

// Offsets in arch::Cpu_data (start of kern::Cpu_local, found at %gs:0 in
// the kernel).
#define CPU_SELF                0   // pointer to this Cpu_data / Cpu_local
#define CPU_USER_RSP            8   // user RSP while the syscall entry switches stacks
#define CPU_FPU_OWNER           24  // arch::Context whose FPU state the registers hold, or 0
#define CPU_FPU_DISABLED        32  // CR0.TS as last written (1 byte): user FP traps (#NM)
#define CPU_TSS_RSP0            116 // tss.rsp[0]: kernel stack for traps from user mode
// Top of the current thread's kernel stack, for SYSCALL too: the TSS's
// RSP0 is the only copy, so a thread switch writes one word.
#define CPU_KERNEL_RSP          CPU_TSS_RSP0

// Offsets in arch::Context and the frame x86_switch_stacks pops (r15, r14,
// r13, r12, rbp, rbx, return address) below a saved kernel stack pointer.
#define CONTEXT_RSP             0
#define SWITCH_FRAME_SIZE       56
#define SWITCH_FRAME_RET        48

// Offsets in arch::User_frame (lowest address first).
#define FRAME_R15               0
#define FRAME_R14               8
#define FRAME_R13               16
#define FRAME_R12               24
#define FRAME_R11               32
#define FRAME_R10               40
#define FRAME_R9                48
#define FRAME_R8                56
#define FRAME_RBP               64
#define FRAME_RDI               72
#define FRAME_RSI               80
#define FRAME_RDX               88
#define FRAME_RCX               96
#define FRAME_RBX               104
#define FRAME_RAX               112
#define FRAME_VECTOR            120
#define FRAME_ERROR             128
#define FRAME_RIP               136
#define FRAME_CS                144
#define FRAME_RFLAGS            152
#define FRAME_RSP               160
#define FRAME_SS                168
#define FRAME_SIZE              176

// Value in User_frame::vector for a frame built by the SYSCALL entry.
#define X86_SYSCALL_VECTOR      0x100

// MSRs the assembly touches.
#define MSR_EFER                0xC0000080
#define MSR_STAR                0xC0000081
#define MSR_LSTAR               0xC0000082
#define MSR_FMASK               0xC0000084
#define MSR_GS_BASE             0xC0000101
#define MSR_KERNEL_GS_BASE      0xC0000102

#define X86_CR0_TS              (1 << 3)   // task switched: FP/SIMD instructions raise #NM

#define EFER_SCE                (1 << 0)
#define EFER_LME                (1 << 8)
#define EFER_NXE                (1 << 11)
