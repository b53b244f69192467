/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/exception.h>: the exception message (x2-api 7.2) a thread's
 * ExceptionHandler receives, and replies with, in portable terms. The
 * message registers that carry each register are architecture-defined
 * (<l4/ARCH/exception.h>, docs/abi-<arch>.md); a handler written with the
 * names below works on every architecture:
 *   L4_EXC_MR_COUNT   u of the message (words after MR0)
 *   L4_EXC_IP, L4_EXC_SP          MR index of the faulting IP and the SP
 *   L4_EXC_RESULT                 MR index of the first argument/result
 *                                 register (rax, x0, a0)
 *   L4_EXC_CODE                   MR index of the raw cause (vector, ESR, scause)
 *   L4_EXC_FLAGS                  MR index of the user flags, 0 if none
 *   L4_Exception_kind(code)       the cause as one of the kinds below
 */
#ifndef __L4__EXCEPTION_H__
#define __L4__EXCEPTION_H__

#include <l4/types.h>

/* The label of the message: -5 in the label's upper bits (48-bit label). */
#define L4_EXCEPTION_LABEL (((L4_Word_t)-5 << 4) & 0xFFFFFFFFFFFFul)

enum {
    L4_EXC_KIND_OTHER = 0,
    L4_EXC_KIND_ILLEGAL,      /* undefined or privileged instruction */
    L4_EXC_KIND_BREAKPOINT,   /* breakpoint instruction (int3, brk, ebreak) */
    L4_EXC_KIND_ALIGNMENT,    /* misaligned access */
    L4_EXC_KIND_ARITHMETIC,   /* divide error, FP trap */
    L4_EXC_KIND_PROTECTION,   /* other protection violation */
};

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/exception.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/exception.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/exception.h>
#endif

/* True if tag is an exception message (label -5, t = 0). */
L4_INLINE int L4_IsExceptionTag(L4_Word_t tag_raw)
{
    return (tag_raw >> 16) == L4_EXCEPTION_LABEL && ((tag_raw >> 6) & 0x3f) == 0;
}

#endif /* !__L4__EXCEPTION_H__ */
