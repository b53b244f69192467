/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4io.h>: console input and output of libio (convenience interface
 * section 17.2). Output goes to the kernel debugger's console
 * (L4_KDB_PrintString), input comes from L4_KDB_ReadChar_Blocked. Every
 * function is a weak alias of an __l4_ version, so programs can replace it.
 *
 * Formats: flags "-+ 0#", width and precision (also '*'), length h, hh, l,
 * ll, L, z; conversions d i u o x X b (binary) p c s % n f, and %t for an
 * L4_ThreadId_t ("GlobThread=<no>,ver=<version>", "LocThread=<id>",
 * "NIL_ID"). Also in libio, but not declared here (as in Pistachio):
 * int puts(const char *), int putchar(int), L4_Word_t get_hex(void).
 */
#ifndef __L4IO_H__
#define __L4IO_H__

#include <l4/types.h>
#include <stdarg.h>

#if defined(__cplusplus)
extern "C" {
#endif

int printf(const char *fmt, ...);
int snprintf(char *str, L4_Size_t size, const char *fmt, ...);
int vsnprintf(char *str, L4_Size_t size, const char *fmt, va_list ap);
/* Not the stdio signatures: one character, no stream. */
void putc(int c);
int getc(void);

#if defined(__cplusplus)
}
#endif

#endif /* !__L4IO_H__ */
