/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root task: a real device interrupt through interrupt IPC. The UART driver
 * (user/drivers/uart) takes the console UART's receive interrupt; the
 * harness types a line after the prompt, the driver receives it character
 * by character as interrupts and the task echoes it. Then the association
 * is undone and interrupt-thread IPC must fail again.
 */
#include <l4/ipc.h>
#include <l4/thread.h>
#include <l4io.h>
#include <uart.h>

#include "tap.h"
#include "threads.h"

static char prompt_stack[4096] __attribute__((aligned(16)));

/* The prompt comes from a thread of lower priority than main: it runs only
 * once main is blocked waiting for the UART's interrupt, so the harness
 * types after the driver waits and at least one interrupt is needed. */
void thread_main(void)
{
    printf("uart> \n");
    for (;;)
        L4_Sleep(L4_Never);
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

int main(void)
{
    struct uart_config config;
    struct uart uart;
    char line[40];
    unsigned n = 0;

    tap_plan(5);
    uart_board_config(&config);
    if (!tap_ok(uart_open(&uart, &config) == 0, "uart_open maps the UART and associates its interrupt"))
        printf("#   error code %lu\n", L4_ErrorCode());
    printf("# interrupt thread %lu, type a line\n", config.irq_line);
    if (L4_IsNilThread(thread_start(0, L4_Pager(), prompt_stack + sizeof prompt_stack)))
        printf("# no prompt thread: nobody will type\n");
    while (n + 1 < sizeof line) {
        int c = uart_getc(&uart);
        if (c < 0 || c == '\r' || c == '\n')
            break;
        line[n++] = (char)c;
    }
    line[n] = 0;
    printf("echo: %s\n", line);
    printf("# %lu interrupt messages for %u characters\n", uart.interrupts, n);
    tap_ok(same(line, "walnut irq"), "the typed line arrives through interrupt IPC");
    /* At least one: the driver waited before anything was typed. At most
     * two per character: a PLIC may deliver a request it latched for a
     * byte the driver had already read (docs/interrupts.md). */
    tap_ok(uart.interrupts >= 1 && uart.interrupts <= 2 * (n + 1),
           "at least one interrupt, at most two per character (+ the return)");
    uart_close(&uart);
    /* Dissociated: acknowledging and waiting fail with "no partner". */
    L4_MsgTag_t tag = L4_Reply(uart.irq);
    tap_ok(L4_IpcFailed(tag) && ((L4_ErrorCode() >> 1) & 7) == 2, "acknowledge after dissociation: no partner");
    tag = L4_Receive_Timeout(uart.irq, L4_ZeroTime);
    tap_ok(L4_IpcFailed(tag) && ((L4_ErrorCode() >> 1) & 7) == 2, "receive after dissociation: no partner");
    return tap_exit_status();
}
