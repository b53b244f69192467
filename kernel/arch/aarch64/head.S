// SPDX-License-Identifier: BSD-2-Clause
// Kernel entry: the arm64 Linux Image header (so QEMU -kernel and U-Boot
// booti load us and pass the DTB in x0), the drop from EL2 to EL1, the boot
// page tables and the switch into the higher half. See docs/boot-aarch64.md.
#include <arch/asm_offsets.h>
#include <arch/mmu_defs.h>

// ---- Image header (Documentation/arch/arm64/booting.rst) -------------------
    .section .text.head, "ax"
    .global _start
_start:
    b       primary_entry               // code0
    .long   0                           // code1
    .quad   KERNEL_TEXT_OFFSET          // text_offset: load at a 2 MiB boundary + this
    .quad   __kernel_size               // image_size, including .bss and boot tables
    .quad   0x2                         // flags: little endian, 4 KiB pages, base near RAM start
    .quad   0, 0, 0                     // res2..res4
    .ascii  "ARM\x64"                   // magic
    .long   0                           // no PE/COFF header

// ---- Physical-address code (MMU off) ---------------------------------------
// Register use until arch_boot: x19 = DTB (physical), x20 = physical address
// of _start, x21 = exception level at entry. No stack is used before the
// MMU is on, so nothing is written to memory uncached except the tables.
    .section .text.boot, "ax"
primary_entry:
    mov     x19, x0
    adrp    x20, _start
    add     x20, x20, :lo12:_start
    mrs     x21, CurrentEL
    lsr     x21, x21, #2
    bl      drop_to_el1
    msr     daifset, #0xf
    ldr     x0, =SCTLR_MMU_OFF
    msr     sctlr_el1, x0
    isb
    bl      create_boot_tables
    bl      enable_mmu
    ldr     x0, =high_entry             // absolute link address: into TTBR1
    br      x0

// drop_to_el1: in: lr; clobbers x0-x1. At EL2 (QEMU virtualization=on,
// firmware that leaves EL2 to the OS) configures EL2 to stay out of the way
// and returns to the caller at EL1h with all exceptions masked. At EL1
// returns at once. EL3 is not supported (Image loaders never enter there).
drop_to_el1:
    cmp     x21, #1
    b.eq    9f
    cmp     x21, #2
    b.ne    dead_stop
    mov     x0, #(1 << 31)              // HCR_EL2.RW: EL1 is AArch64; no other traps
    msr     hcr_el2, x0
    mrs     x0, cnthctl_el2
    orr     x0, x0, #3                  // EL1PCTEN | EL1PCEN: EL1 owns the counters
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr            // virtual count = physical count
    mov     x0, #0x33ff                 // CPTR_EL2: no FP/SIMD traps to EL2
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    msr     vttbr_el2, xzr
    mrs     x0, midr_el1                // EL1 reads the real identity
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    msr     mdcr_el2, xzr               // no debug traps; HPMN = N below if there is a PMU
    mrs     x0, id_aa64dfr0_el1         // PMUv3: EL1 and EL0 get every counter (arch/pmu.hpp)
    ubfx    x0, x0, #8, #4              // PMUVer: 0 none, 0xf IMPLEMENTATION DEFINED
    cbz     x0, 2f
    cmp     x0, #0xf
    b.eq    2f
    mrs     x0, pmcr_el0
    ubfx    x0, x0, #11, #5             // PMCR_EL0.N
    msr     mdcr_el2, x0                // HPMN = N; TPM, TPMCR clear: no PMU traps to EL2
2:  mrs     x0, id_aa64pfr0_el1         // GICv3 system registers: let EL1 use them
    ubfx    x0, x0, #24, #4
    cbz     x0, 1f
    mrs     x0, S3_4_C12_C9_5           // ICC_SRE_EL2
    orr     x0, x0, #0x1                // SRE
    orr     x0, x0, #0x8                // Enable: EL1 may set its own SRE
    msr     S3_4_C12_C9_5, x0
    isb
1:  ldr     x0, =SCTLR_MMU_OFF
    msr     sctlr_el1, x0
    mov     x0, #0x3c5                  // SPSR: EL1h, D, A, I, F masked
    msr     spsr_el2, x0
    msr     elr_el2, lr
    eret
9:  ret

dead_stop:
    wfe
    b       dead_stop

// create_boot_tables: clobbers x0-x15. Builds, in the .page_tables area:
//  - an identity map (TTBR0) of the 1 GiB holding this code, used only for
//    the few instructions between turning the MMU on and the branch high;
//  - the kernel root (TTBR1, kept for good) with the image mapped page by
//    page at its link address: text RX, rodata R, data and bss RW;
//  - the 4 MiB at the DTB in the physmap, so C++ can read it before the
//    rest of RAM is mapped.
create_boot_tables:
    adrp    x0, __boot_tables_start
    adrp    x1, __boot_tables_end
1:  stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    1b

    // Identity map: id_l0[pa >> 39] -> id_l1; id_l1[pa >> 30] = 1 GiB block.
    adrp    x0, boot_id_l0
    adrp    x1, boot_id_l1
    ubfx    x2, x20, #39, #9
    orr     x3, x1, #PTE_TYPE_TABLE
    str     x3, [x0, x2, lsl #3]
    ubfx    x2, x20, #30, #9
    lsr     x4, x20, #30
    lsl     x4, x4, #30
    ldr     x3, =PTE_KERNEL_BLOCK_RWX
    orr     x3, x3, x4
    str     x3, [x1, x2, lsl #3]

    // Image: kernel_l0 -> img_l1 -> img_l2 -> BOOT_IMAGE_L3_TABLES L3 tables.
    adrp    x0, kernel_l0
    adrp    x1, boot_img_l1
    adrp    x2, boot_img_l2
    adrp    x3, boot_img_l3
    ldr     x4, =_start                 // virtual address of the image
    ubfx    x5, x4, #39, #9
    orr     x6, x1, #PTE_TYPE_TABLE
    str     x6, [x0, x5, lsl #3]
    ubfx    x5, x4, #30, #9
    orr     x6, x2, #PTE_TYPE_TABLE
    str     x6, [x1, x5, lsl #3]
    ubfx    x5, x4, #21, #9             // first L2 slot; the L3 tables follow each other
    mov     x6, x3
    mov     x7, #BOOT_IMAGE_L3_TABLES
2:  orr     x8, x6, #PTE_TYPE_TABLE
    str     x8, [x2, x5, lsl #3]
    add     x5, x5, #1
    add     x6, x6, #4096
    subs    x7, x7, #1
    b.ne    2b
    lsr     x13, x4, #21                // x13 = the 2 MiB boundary the L3 array starts at
    lsl     x13, x13, #21
    mov     x9, x20                     // x9 = physical address of the page at x4
    ldr     x10, =__kernel_end
    ldr     x11, =__text_end
    ldr     x12, =__rodata_end
3:  sub     x14, x4, x13
    lsr     x14, x14, #12
    ldr     x15, =PTE_KERNEL_TEXT
    cmp     x4, x11
    b.lo    4f
    ldr     x15, =PTE_KERNEL_RODATA
    cmp     x4, x12
    b.lo    4f
    ldr     x15, =PTE_KERNEL_DATA
4:  orr     x15, x15, x9
    str     x15, [x3, x14, lsl #3]
    add     x4, x4, #4096
    add     x9, x9, #4096
    cmp     x4, x10
    b.lo    3b

    // DTB window: physmap L0 -> dtb_l1 -> dtb_l2, two 2 MiB blocks from the
    // DTB's 2 MiB boundary (the second only if it is in the same L2 table).
    cbz     x19, 5f
    adrp    x1, boot_dtb_l1
    adrp    x2, boot_dtb_l2
    ubfx    x5, x19, #39, #9
    orr     x6, x1, #PTE_TYPE_TABLE
    str     x6, [x0, x5, lsl #3]
    ubfx    x5, x19, #30, #9
    orr     x6, x2, #PTE_TYPE_TABLE
    str     x6, [x1, x5, lsl #3]
    ubfx    x5, x19, #21, #9
    lsr     x6, x19, #21
    lsl     x6, x6, #21
    ldr     x7, =PTE_KERNEL_BLOCK_RW
    orr     x8, x7, x6
    str     x8, [x2, x5, lsl #3]
    add     x5, x5, #1
    cmp     x5, #512
    b.hs    5f
    add     x6, x6, #0x200000
    orr     x8, x7, x6
    str     x8, [x2, x5, lsl #3]

    // The tables were written with the MMU (and so the caches) off; drop
    // any stale lines so the walker, which reads through the cache, sees them.
5:  dsb     sy
    adrp    x0, __boot_tables_start
    adrp    x1, __boot_tables_end
    mrs     x2, ctr_el0
    ubfx    x2, x2, #16, #4             // DminLine: log2(words per line)
    mov     x3, #4
    lsl     x3, x3, x2
6:  dc      ivac, x0
    add     x0, x0, x3
    cmp     x0, x1
    b.lo    6b
    dsb     sy
    ret

// enable_mmu: clobbers x0-x3. Programs MAIR, TCR (IPS from the CPU's
// physical address size, 16-bit ASIDs if it has them, hardware access flag
// and dirty state if it has them), both TTBRs, and turns the MMU and caches on.
enable_mmu:
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =TCR_VALUE
    mrs     x1, id_aa64mmfr0_el1
    and     x2, x1, #0xf                // PARange
    cmp     x2, #5                      // at most 48 bits (52 needs LPA)
    mov     x3, #5
    csel    x2, x2, x3, ls
    bfi     x0, x2, #TCR_IPS_SHIFT, #3
    ubfx    x2, x1, #4, #4              // ASIDBits: 2 = 16 bits
    cmp     x2, #2
    b.ne    1f
    orr     x0, x0, #TCR_AS
1:  mrs     x1, id_aa64mmfr1_el1
    ubfx    x2, x1, #0, #4              // HAFDBS: 1 = AF, 2 = AF and dirty state
    cbz     x2, 2f
    orr     x0, x0, #TCR_HA
    cmp     x2, #2
    b.lo    2f
    orr     x0, x0, #TCR_HD
2:  msr     tcr_el1, x0
    adrp    x0, boot_id_l0
    msr     ttbr0_el1, x0
    adrp    x0, kernel_l0
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_MMU_ON
    msr     sctlr_el1, x0
    isb
    ic      iallu
    dsb     nsh
    isb
    ret

    .ltorg

// ---- Higher half -----------------------------------------------------------
    .text
high_entry:
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  adrp    x0, boot_stack_top
    add     x0, x0, :lo12:boot_stack_top
    mov     sp, x0
    adrp    x0, arch_vectors
    add     x0, x0, :lo12:arch_vectors
    msr     vbar_el1, x0
    mov     x0, #CPACR_FP_EL1           // FP/SIMD traps at EL0 until a thread owns it (fpu.cc)
    msr     cpacr_el1, x0
    msr     tpidr_el1, xzr              // no per-CPU block yet (trap.cc checks)
    isb
    mov     x29, #0
    mov     x30, #0
    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    bl      arch_boot                   // does not return
    b       dead_stop

// ---- Boot page tables and stack ---------------------------------------------
    .section .page_tables, "aw", %nobits
    .balign 4096
    .global kernel_l0
kernel_l0:      .space 4096             // TTBR1 root for good
boot_id_l0:     .space 4096
boot_id_l1:     .space 4096
    .global boot_img_l1, boot_img_l2
boot_img_l1:    .space 4096
boot_img_l2:    .space 4096
boot_img_l3:    .space 4096 * BOOT_IMAGE_L3_TABLES
    .global boot_dtb_l1, boot_dtb_l2
boot_dtb_l1:    .space 4096
boot_dtb_l2:    .space 4096

    .section .bss.boot_stack, "aw", %nobits
    .balign 16
    .global boot_stack_top
boot_stack:     .space 16384
boot_stack_top:
