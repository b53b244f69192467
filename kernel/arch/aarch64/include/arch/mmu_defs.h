/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The aarch64 kernel's virtual layout and the translation-table, MAIR, TCR
 * and SCTLR values that the boot assembly and C++ both use (VMSAv8-64,
 * 4 KiB granule, 48-bit virtual addresses in TTBR0 and TTBR1).
 */
#ifndef WALNUT_ARCH_MMU_DEFS_H
#define WALNUT_ARCH_MMU_DEFS_H

/* An unsigned 64-bit constant in C++, a plain number in assembly. */
#ifdef __ASSEMBLER__
#define WALNUT_UL(x) x
#else
#define WALNUT_UL(x) x##ul
#endif

/* Kernel virtual layout (TTBR1). The image is linked at KERNEL_VIRT_BASE +
 * KERNEL_TEXT_OFFSET and mapped to wherever the loader put it; RAM is also
 * reachable at PHYSMAP_BASE + pa; devices are mapped into the I/O window. */
#define KERNEL_VIRT_BASE     WALNUT_UL(0xFFFFFFFF80000000)
#define KERNEL_TEXT_OFFSET   WALNUT_UL(0x200000)
#define IO_WINDOW_BASE       WALNUT_UL(0xFFFFFFFFC0000000)
#define IO_WINDOW_SIZE       WALNUT_UL(0x40000000)
#define PHYSMAP_BASE         WALNUT_UL(0xFFFF000000000000)
#define PHYSMAP_SIZE         WALNUT_UL(0x0000FF8000000000) /* L0 slots 0..510 */
#define USER_TOP             WALNUT_UL(0x0001000000000000)

/* Boot page tables: L3 tables that map the image page by page. */
#define BOOT_IMAGE_L3_TABLES WALNUT_UL(4)            /* image + bss up to 8 MiB */

/* Descriptor bits (D8.3 in the Arm ARM). */
#define PTE_VALID            (WALNUT_UL(1) << 0)
#define PTE_TYPE_TABLE       (WALNUT_UL(3) << 0)     /* levels 0-2 */
#define PTE_TYPE_BLOCK       (WALNUT_UL(1) << 0)     /* levels 1-2 */
#define PTE_TYPE_PAGE        (WALNUT_UL(3) << 0)     /* level 3 */
#define PTE_ATTR(i)          ((i) << 2)              /* MAIR_EL1 index */
#define PTE_AP_EL0           (WALNUT_UL(1) << 6)     /* AP[1]: EL0 may access */
#define PTE_AP_RO            (WALNUT_UL(1) << 7)     /* AP[2]: read-only */
#define PTE_SH_INNER         (WALNUT_UL(3) << 8)
#define PTE_AF               (WALNUT_UL(1) << 10)
#define PTE_NG               (WALNUT_UL(1) << 11)    /* not global: tagged with the ASID */
#define PTE_DBM              (WALNUT_UL(1) << 51)    /* dirty bit modifier (see pt_format.hpp) */
#define PTE_PXN              (WALNUT_UL(1) << 53)
#define PTE_UXN              (WALNUT_UL(1) << 54)
#define PTE_SW_EXEC          (WALNUT_UL(1) << 55)    /* software: executed since last cleared */
#define PTE_ADDR_MASK        WALNUT_UL(0x0000FFFFFFFFF000)

/* MAIR_EL1 indices, equal to the values of kern::Mem_attr. */
#define MAIR_IDX_NORMAL      WALNUT_UL(0)            /* 0xff: write-back, read/write-allocate */
#define MAIR_IDX_DEVICE      WALNUT_UL(1)            /* 0x04: Device-nGnRE */
#define MAIR_IDX_UNCACHED    WALNUT_UL(2)            /* 0x44: Normal non-cacheable */
#define MAIR_IDX_WC          WALNUT_UL(3)            /* 0x44: the same, for write combining */
#define MAIR_VALUE           WALNUT_UL(0x444404FF)

#define PTE_KERNEL_COMMON    (PTE_AF | PTE_SH_INNER | PTE_ATTR(MAIR_IDX_NORMAL))
#define PTE_KERNEL_TEXT      (PTE_TYPE_PAGE | PTE_KERNEL_COMMON | PTE_AP_RO | PTE_UXN)
#define PTE_KERNEL_RODATA    (PTE_TYPE_PAGE | PTE_KERNEL_COMMON | PTE_AP_RO | PTE_UXN | PTE_PXN)
#define PTE_KERNEL_DATA      (PTE_TYPE_PAGE | PTE_KERNEL_COMMON | PTE_UXN | PTE_PXN)
#define PTE_KERNEL_BLOCK_RWX (PTE_TYPE_BLOCK | PTE_KERNEL_COMMON | PTE_UXN)
#define PTE_KERNEL_BLOCK_RW  (PTE_TYPE_BLOCK | PTE_KERNEL_COMMON | PTE_UXN | PTE_PXN)
#define PTE_KERNEL_DEVICE    (PTE_TYPE_PAGE | PTE_AF | PTE_ATTR(MAIR_IDX_DEVICE) | PTE_UXN | \
                              PTE_PXN)

/* TCR_EL1 without IPS (set from ID_AA64MMFR0_EL1) and AS (16-bit ASIDs when
 * the CPU has them): T0SZ = T1SZ = 16, 4 KiB granules, walks inner
 * shareable and write-back cacheable. */
#define TCR_T0SZ             WALNUT_UL(16)
#define TCR_T1SZ             (WALNUT_UL(16) << 16)
#define TCR_WALK0            ((WALNUT_UL(1) << 8) | (WALNUT_UL(1) << 10) | (WALNUT_UL(3) << 12))
#define TCR_WALK1            ((WALNUT_UL(1) << 24) | (WALNUT_UL(1) << 26) | (WALNUT_UL(3) << 28))
#define TCR_TG1_4K           (WALNUT_UL(2) << 30)
#define TCR_IPS_SHIFT        WALNUT_UL(32)
#define TCR_AS               (WALNUT_UL(1) << 36)
#define TCR_HA               (WALNUT_UL(1) << 39)
#define TCR_HD               (WALNUT_UL(1) << 40)
#define TCR_VALUE            (TCR_T0SZ | TCR_T1SZ | TCR_WALK0 | TCR_WALK1 | TCR_TG1_4K)

/* SCTLR_EL1. RES1 bits of ARMv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE),
 * then: MMU, data and instruction caches, stack alignment checks, EL0 may
 * use DC ZVA, read CTR_EL0, do cache maintenance, WFI and WFE. A = 0:
 * unaligned accesses to normal memory are allowed. UMA = 0: EL0 cannot mask
 * interrupts. */
#define SCTLR_RES1           WALNUT_UL(0x30D00800)
#define SCTLR_MMU_OFF        SCTLR_RES1
#define SCTLR_M              (WALNUT_UL(1) << 0)
#define SCTLR_C              (WALNUT_UL(1) << 2)
#define SCTLR_SA             (WALNUT_UL(1) << 3)
#define SCTLR_SA0            (WALNUT_UL(1) << 4)
#define SCTLR_I              (WALNUT_UL(1) << 12)
#define SCTLR_DZE            (WALNUT_UL(1) << 14)
#define SCTLR_UCT            (WALNUT_UL(1) << 15)
#define SCTLR_NTWI           (WALNUT_UL(1) << 16)
#define SCTLR_NTWE           (WALNUT_UL(1) << 18)
#define SCTLR_SPAN           (WALNUT_UL(1) << 23)    /* 0: exceptions set PSTATE.PAN */
#define SCTLR_UCI            (WALNUT_UL(1) << 26)
#define SCTLR_MMU_ON         (SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_I | \
                              SCTLR_DZE | SCTLR_UCT | SCTLR_NTWI | SCTLR_NTWE | SCTLR_UCI)

#endif
