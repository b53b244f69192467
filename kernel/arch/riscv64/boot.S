/* SPDX-License-Identifier: BSD-2-Clause
 * riscv64 entry: from OpenSBI (S-mode, MMU off, running at the physical
 * load address) to C++ in the higher half. Builds a throw-away Sv39 table
 * (identity gigapage for this code, the physmap of the first 128 GiB in
 * gigapages, the image in 2 MiB pages), turns the MMU on and calls
 * arch_boot_main, which replaces the table with the real one. */
#include <arch/asm_offsets.h>

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define PTE_KERNEL (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PTE_PHYSMAP (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
#define SATP_SV39 (8 << 60)
#define BOOT_STACK_SIZE 16384

    .section .text.boot, "ax", @progbits
    .globl _start
    .type _start, @function
/* In: a0 = hart id, a1 = physical address of the DTB. Only the boot hart
 * gets here (the others stay stopped in OpenSBI's HSM). Never returns. */
_start:
    csrw    sie, zero
    csrci   sstatus, 2                  /* SIE off */
    csrw    satp, zero
    mv      s0, a0                      /* s0 = hart id */
    mv      s1, a1                      /* s1 = DTB */

    /* lla is pc-relative, so with the MMU off it yields physical addresses. */
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    /* s2 = kernel virtual - physical offset of the image. */
    lla     t0, _start
    ld      s2, .Lstart_va
    sub     s2, s2, t0
    /* The image must sit at the same offset in a 2 MiB page as it is linked. */
    li      t1, 0x1fffff
    and     t1, t1, s2
    bnez    t1, .Lhang

    lla     s3, boot_root
    /* Identity gigapage containing this code (keeps the pc valid across
     * the satp write). */
    lla     t0, _start
    srli    t1, t0, 30                  /* gigapage number = root index */
    slli    t2, t1, 28                  /* ppn of the gigapage << 10 */
    ori     t2, t2, PTE_KERNEL
    slli    t1, t1, 3
    add     t1, t1, s3
    sd      t2, 0(t1)

    /* Physmap: root[256 + i] = gigapage i, for i < 128. */
    li      t0, 0
    li      t1, 128
    li      t3, 256 * 8
    add     t3, t3, s3
3:  slli    t2, t0, 28
    ori     t2, t2, PTE_PHYSMAP
    sd      t2, 0(t3)
    addi    t3, t3, 8
    addi    t0, t0, 1
    bltu    t0, t1, 3b

    /* Image: root[510] -> boot_l1_kernel, 2 MiB pages from the 2 MiB page
     * holding _start to the one holding __kernel_end. */
    lla     t0, boot_l1_kernel
    srli    t0, t0, 12
    slli    t0, t0, 10
    ori     t0, t0, PTE_V
    li      t1, 510 * 8
    add     t1, t1, s3
    sd      t0, 0(t1)
    ld      t3, .Lstart_va
    li      t1, ~0x1fffff
    and     t3, t3, t1                  /* t3 = va of the first 2 MiB page */
    ld      t4, .Lend_va
    lla     t5, boot_l1_kernel
4:  sub     t0, t3, s2                  /* pa */
    srli    t0, t0, 12
    slli    t0, t0, 10
    ori     t0, t0, PTE_KERNEL | PTE_G
    srli    t1, t3, 21
    andi    t1, t1, 511
    slli    t1, t1, 3
    add     t1, t1, t5
    sd      t0, 0(t1)
    li      t1, 0x200000
    add     t3, t3, t1
    bltu    t3, t4, 4b

    srli    t0, s3, 12
    li      t1, SATP_SV39
    or      t0, t0, t1
    sfence.vma
    csrw    satp, t0
    sfence.vma
    ld      t0, .Lhigh_va
    jr      t0

.Lhang:
    wfi
    j       .Lhang

    .balign 8
.Lstart_va: .quad _start
.Lend_va:   .quad __kernel_end
.Lhigh_va:  .quad .Lhigh

    .text
/* Now at the link address. */
.Lhigh:
    lla     sp, walnut_boot_stacks + BOOT_STACK_SIZE
    mv      tp, zero
    csrw    sscratch, zero              /* 0 = "trap came from the kernel" */
    lla     t0, arch_trap_vector
    csrw    stvec, t0
    mv      a0, s0
    mv      a1, s1
    mv      a2, s2
    call    arch_boot_main
5:  wfi
    j       5b

    .section .bss.boot_tables, "aw", @nobits
    .balign 4096
boot_root:      .space 4096
boot_l1_kernel: .space 4096
