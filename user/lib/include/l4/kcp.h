/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/kcp.h>: the KIP as a boot loader sees it, the "kernel configuration
 * page" (convenience interface section 15, word positions in x2-api 9.5).
 */
#ifndef __L4__KCP_H__
#define __L4__KCP_H__

#include <l4/types.h>

#if !defined(L4_MAGIC)
# if defined(L4_BIG_ENDIAN)
#  define L4_MAGIC (('L' << 24) + ('4' << 16) + (230 << 8) + 'K')
# else
#  define L4_MAGIC (('K' << 24) + (230 << 16) + ('4' << 8) + 'L')
# endif
#endif

/* For the kernel debugger, sp is its init entry and ip its entry point. */
typedef struct L4_KernelRootServer {
    L4_Word_t sp;
    L4_Word_t ip;
    L4_Word_t low;
    L4_Word_t high;
} L4_KernelRootServer_t;

typedef struct L4_KernelConfigurationPage {
    L4_Word_t magic;                      /* word 0 */
    L4_Word_t __padding04[3];
    L4_KernelRootServer_t Kdebug;         /* words 4..7 */
    L4_KernelRootServer_t sigma0;         /* words 8..11 */
    L4_KernelRootServer_t sigma1;         /* words 12..15 */
    L4_KernelRootServer_t root_server;    /* words 16..19 */
    L4_Word_t __padding50[1];
    struct {
        L4_BITFIELD2(L4_Word_t,
                     n : L4_BITS_PER_WORD / 2,
                     MemDescPtr : L4_BITS_PER_WORD / 2);
    } MemoryInfo;                         /* word 21 */
    L4_Word_t Kdebug_config[2];           /* words 22..23 */
    struct {
        L4_Word_t low;
        L4_Word_t high;
    } MainMem;                            /* words 24..25 */
    L4_Word_t __padding68[4];
    struct {
        L4_Word_t low;
        L4_Word_t high;
    } DedicatedMem[5];                    /* words 30..39 */
    L4_Word_t __paddingA0[6];
    L4_Word_t BootInfo;                   /* word 46 */
    L4_Word_t __paddingBC[1];
} L4_KernelConfigurationPage_t;

#endif /* !__L4__KCP_H__ */
