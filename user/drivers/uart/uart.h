/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A user-level UART receive driver (docs/interrupts.md): the calling thread
 * becomes the handler of the UART's interrupt thread and gets characters
 * through interrupt IPC. The kernel console keeps writing to the same UART;
 * the driver only reads (RBR / DR) and owns the receive-interrupt enable.
 */
#ifndef WALNUT_UART_H
#define WALNUT_UART_H

#include <l4/types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum uart_kind {
    UART_NS16550_PORT,  /* 16550 in x86 I/O port space (needs a privileged space) */
    UART_NS16550_MMIO,  /* 16550, byte registers in memory */
    UART_PL011,         /* ARM PrimeCell PL011 */
};

struct uart_config {
    enum uart_kind kind;
    L4_Word_t base;      /* I/O port or physical address of the registers */
    L4_Word_t irq_line;  /* interrupt thread number (docs/interrupts.md) */
};

struct uart {
    struct uart_config config;
    L4_ThreadId_t irq;          /* the interrupt thread */
    L4_Word_t interrupts;       /* interrupt messages received */
    unsigned head, tail;        /* received bytes not yet returned */
    unsigned char buffer[64];
};

/* The console UART of this architecture's QEMU board: COM1 (port 0x3F8,
 * ISA IRQ 4 = GSI 4) on pc, PL011 at 0x09000000 (SPI 1 = INTID 33) on
 * aarch64 virt, the 16550 at 0x10000000 (PLIC source 10) on riscv64 virt. */
void uart_board_config(struct uart_config *config);

/* Maps the registers (sigma0, device memory), associates the interrupt with
 * the calling thread and enables the receive interrupt. 0 on success, else
 * -1 (mapping refused) or -2 (association refused, ErrorCode tells why). */
int uart_open(struct uart *uart, const struct uart_config *config);

/* The next received character; blocks on the interrupt. -1 if the
 * interrupt IPC failed. */
int uart_getc(struct uart *uart);

/* Disables the receive interrupt and dissociates the interrupt thread. */
void uart_close(struct uart *uart);

#ifdef __cplusplus
}
#endif

#endif
