// SPDX-License-Identifier: BSD-2-Clause
// x86_64 boot entry: the multiboot1 header (with the a.out-kludge address
// fields QEMU's -kernel needs for an ELF64) and the 32-bit entry, which
// builds temporary page tables (identity map of the low 4 GiB plus the
// kernel window), enters long mode and calls x86_boot_main in the higher
// half. Register contract at _start32 (multiboot): EAX = 0x2BADB002,
// EBX = physical address of the multiboot information, protected mode,
// paging off, interrupts off.
#include <arch/asm_defs.hpp>

#define MB_MAGIC        0x1BADB002
#define MB_FLAGS        0x00010003  // page-align modules, memory map, address fields
#define BOOT_STACK_SIZE 16384

// Physical address of a symbol linked in the higher half.
#define PHYS(sym) ((sym) - X86_KERNEL_VMA)

    .section .boot.header, "a"
    .balign 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header             // header_addr
    .long __kernel_phys_start   // load_addr
    .long __load_end_phys       // load_end_addr
    .long __bss_end_phys        // bss_end_addr
    .long _start32              // entry_addr

    .section .boot, "ax"
    .code32
    .globl _start32
_start32:
    cli
    cld
    mov %eax, %edi              // multiboot magic, kept in EDI/ESI for x86_boot_main
    mov %ebx, %esi
    lgdt boot_gdtr
    mov $X86_KERNEL_DS, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $boot_stack32_top, %esp

    // Long mode available? (CPUID 0x80000001 EDX.LM)
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode

    // Clear .bss (QEMU and GRUB do it too; this makes no loader assumptions).
    push %edi
    mov $__bss_start_phys, %edi
    mov $__bss_end_phys, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    pop %edi

    // Boot page tables (in .bss): PML4[0] -> PDPT_low -> 4 PDs of 2 MiB pages
    // identity-mapping 0..4 GiB; PML4[511] -> PDPT_high[510] -> the first PD,
    // so the kernel window 0xFFFFFFFF80000000 shows physical 0..1 GiB.
    mov $PHYS(boot_pd), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax              // present | writable | large
    mov %eax, (%ebx, %ecx, 8)
    mov %ecx, %eax
    shr $11, %eax               // bits 32+ of (ecx << 21)
    mov %eax, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jb 1b

    mov $PHYS(boot_pdpt_low), %edx
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $12, %eax
    add $PHYS(boot_pd) + 3, %eax
    mov %eax, (%edx, %ecx, 8)
    inc %ecx
    cmp $4, %ecx
    jb 2b

    movl $PHYS(boot_pd) + 3, PHYS(boot_pdpt_high) + 510 * 8
    movl $PHYS(boot_pdpt_low) + 3, PHYS(boot_pml4)
    movl $PHYS(boot_pdpt_high) + 3, PHYS(boot_pml4) + 511 * 8

    // PAE, then EFER.LME, then paging: long mode (compatibility submode).
    mov %cr4, %eax
    or $(1 << 5), %eax
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax        // PG | WP | PE
    mov %eax, %cr0
    ljmp $X86_KERNEL_CS, $long_mode_entry

no_long_mode:
    mov $no_long_mode_msg, %esi
3:  lodsb
    test %al, %al
    jz 5f
    mov %al, %bl
    mov $0x3fd, %dx             // COM1 line status: wait for THR empty
4:  in %dx, %al
    test $0x20, %al
    jz 4b
    mov $0x3f8, %dx
    mov %bl, %al
    out %al, %dx
    jmp 3b
5:  hlt
    jmp 5b

    .code64
long_mode_entry:
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp
    // EDI = multiboot magic, ESI = multiboot info (zero-extended by the moves above).
    movabs $x86_boot_main, %rax
    call *%rax
    ud2

    .balign 16
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF    // 0x08: 64-bit kernel code
    .quad 0x00CF92000000FFFF    // 0x10: kernel data
boot_gdt_end:
boot_gdtr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

no_long_mode_msg:
    .asciz "Walnut: this CPU has no long mode (x86_64); halted.\r\n"

    .balign 16
    .space 256
boot_stack32_top:

    .section .bss
    .balign 4096
boot_pml4:      .space 4096
boot_pdpt_low:  .space 4096
boot_pdpt_high: .space 4096
boot_pd:        .space 4 * 4096
    .balign 16
    .space BOOT_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:
