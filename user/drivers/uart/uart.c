/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User-level UART receive driver: 16550 (port or MMIO) and PL011, fed by
 * interrupt IPC (x2-api 7.4). See uart.h and docs/interrupts.md.
 */
#include "uart.h"

#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/sigma0.h>
#include <l4/thread.h>

/* 16550 registers and bits. */
enum { NS_RBR = 0, NS_IER = 1, NS_LSR = 5 };
enum { NS_IER_RX = 0x01, NS_LSR_DATA = 0x01 };
/* PL011 registers (byte offsets) and bits. */
enum { PL_DR = 0x00, PL_FR = 0x18, PL_IMSC = 0x38, PL_ICR = 0x44 };
enum { PL_FR_RXFE = 0x10, PL_INT_RX = 0x10, PL_INT_RT = 0x40 };

/* An interrupt message: label -1 in the upper bits, u = t = 0 (the flag
 * bits 15..12 are not part of it). */
#define UART_IRQ_TAG 0xFFFFFFFFFFF00000UL

void uart_board_config(struct uart_config *config)
{
#if defined(__x86_64__)
    config->kind = UART_NS16550_PORT;
    config->base = 0x3F8;
    config->irq_line = 4;
#elif defined(__aarch64__)
    config->kind = UART_PL011;
    config->base = 0x09000000;
    config->irq_line = 33;
#else
    config->kind = UART_NS16550_MMIO;
    config->base = 0x10000000;
    config->irq_line = 10;
#endif
}

static unsigned reg_read(const struct uart *u, unsigned reg)
{
#if defined(__x86_64__)
    if (u->config.kind == UART_NS16550_PORT) {
        unsigned char v;
        __asm__ volatile("inb %w1, %0" : "=a"(v) : "Nd"((unsigned short)(u->config.base + reg)));
        return v;
    }
#endif
    if (u->config.kind == UART_PL011)
        return *(volatile unsigned *)(u->config.base + reg);
    return *(volatile unsigned char *)(u->config.base + reg);
}

static void reg_write(const struct uart *u, unsigned reg, unsigned value)
{
#if defined(__x86_64__)
    if (u->config.kind == UART_NS16550_PORT) {
        __asm__ volatile("outb %0, %w1" ::"a"((unsigned char)value),
                         "Nd"((unsigned short)(u->config.base + reg)));
        return;
    }
#endif
    if (u->config.kind == UART_PL011)
        *(volatile unsigned *)(u->config.base + reg) = value;
    else
        *(volatile unsigned char *)(u->config.base + reg) = (unsigned char)value;
}

static int rx_ready(const struct uart *u)
{
    if (u->config.kind == UART_PL011)
        return !(reg_read(u, PL_FR) & PL_FR_RXFE);
    return reg_read(u, NS_LSR) & NS_LSR_DATA;
}

static void rx_interrupt(const struct uart *u, int on)
{
    if (u->config.kind == UART_PL011) {
        reg_write(u, PL_ICR, PL_INT_RX | PL_INT_RT);
        reg_write(u, PL_IMSC, on ? PL_INT_RX | PL_INT_RT : 0);
    } else {
        reg_write(u, NS_IER, on ? NS_IER_RX : 0);
    }
}

/* Moves every received byte into the buffer (a full buffer drops bytes):
 * a level-triggered line goes quiet only when the receiver is empty. */
static void drain(struct uart *u)
{
    while (rx_ready(u)) {
        unsigned char c = (unsigned char)reg_read(u, u->config.kind == UART_PL011 ? PL_DR : NS_RBR);
        unsigned next = (u->tail + 1) % sizeof u->buffer;
        if (next != u->head) {
            u->buffer[u->tail] = c;
            u->tail = next;
        }
    }
}

int uart_open(struct uart *u, const struct uart_config *config)
{
    u->config = *config;
    u->head = u->tail = 0;
    u->interrupts = 0;
    u->irq = L4_GlobalId(config->irq_line, 1);
    if (config->kind != UART_NS16550_PORT) {
        /* Device registers are "on request" at sigma0 and mapped uncached
         * (device memory), 1:1 like all of sigma0's memory. */
        L4_Word_t page = config->base & ~0xFFFUL;
        L4_Fpage_t got = L4_Sigma0_GetPage(L4_nilthread, L4_FpageLog2(page, 12));
        if (L4_IsNilFpage(got))
            return -1;
    }
    if (!L4_AssociateInterrupt(u->irq, L4_Myself()))
        return -2;
    rx_interrupt(u, 1);
    return 0;
}

int uart_getc(struct uart *u)
{
    for (;;) {
        drain(u);
        if (u->head != u->tail) {
            unsigned char c = u->buffer[u->head];
            u->head = (u->head + 1) % sizeof u->buffer;
            return c;
        }
        L4_MsgTag_t tag = L4_Receive(u->irq);
        if (L4_IpcFailed(tag) || (tag.raw & ~0xF000UL) != UART_IRQ_TAG)
            return -1;
        u->interrupts++;
        /* Serve the device first, then acknowledge: the line is unmasked
         * only once the receiver is empty. */
        drain(u);
        L4_Reply(u->irq);
    }
}

void uart_close(struct uart *u)
{
    rx_interrupt(u, 0);
    L4_DeassociateInterrupt(u->irq);
}
