/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/space.h>: Unmap in its common forms (convenience interface section
 * 10). The fpages travel in MR0 ... MRk; each comes back with its rights
 * bits replaced by the access status (R 4, W 2, X 1) of what was affected.
 * The rights of an fpage name what to revoke (0: only read the status).
 */
#ifndef __L4__SPACE_H__
#define __L4__SPACE_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>


/* Unmap control word: k (fpages MR0 ... MRk) and f (flush: the caller's own
 * mappings too). */
#define __L4_UNMAP_FLUSH     0x40UL
#define __L4_UNMAP_MAX_PAGES 64

L4_INLINE L4_Fpage_t __L4_Unmap1(L4_Fpage_t f, L4_Word_t flush)
{
    L4_LoadMR(0, f.raw);
    L4_Unmap(flush);
    L4_StoreMR(0, &f.raw);
    return f;
}

/* Any number of fpages, 64 per system call (the most one Unmap takes). */
L4_INLINE void __L4_UnmapN(L4_Word_t n, L4_Fpage_t *fpages, L4_Word_t flush)
{
    while (n > 0) {
        int k = n > __L4_UNMAP_MAX_PAGES ? __L4_UNMAP_MAX_PAGES : (int)n;
        L4_LoadMRs(0, k, &fpages->raw);
        L4_Unmap(flush | (L4_Word_t)(k - 1));
        L4_StoreMRs(0, k, &fpages->raw);
        fpages += k;
        n -= (L4_Word_t)k;
    }
}

L4_INLINE L4_Fpage_t L4_UnmapFpage(L4_Fpage_t f)
{
    return __L4_Unmap1(f, 0);
}

L4_INLINE void L4_UnmapFpages(L4_Word_t n, L4_Fpage_t *fpages)
{
    __L4_UnmapN(n, fpages, 0);
}

L4_INLINE L4_Fpage_t L4_Flush(L4_Fpage_t f)
{
    return __L4_Unmap1(f, __L4_UNMAP_FLUSH);
}

L4_INLINE void L4_FlushFpages(L4_Word_t n, L4_Fpage_t *fpages)
{
    __L4_UnmapN(n, fpages, __L4_UNMAP_FLUSH);
}

/* Revokes nothing: only reads (and resets) the status bits. */
L4_INLINE L4_Fpage_t L4_GetStatus(L4_Fpage_t f)
{
    f.raw &= ~0xFUL;
    return __L4_Unmap1(f, 0);
}

L4_INLINE L4_Bool_t L4_WasWritten(L4_Fpage_t f)
{
    return (f.raw & L4_Writable) != 0;
}

L4_INLINE L4_Bool_t L4_WasReferenced(L4_Fpage_t f)
{
    return (f.raw & L4_Readable) != 0;
}

L4_INLINE L4_Bool_t L4_WaseXecuted(L4_Fpage_t f)
{
    return (f.raw & L4_eXecutable) != 0;
}

#if defined(__cplusplus)
L4_INLINE L4_Fpage_t L4_Unmap(L4_Fpage_t f)
{
    return L4_UnmapFpage(f);
}

L4_INLINE void L4_Unmap(L4_Word_t n, L4_Fpage_t *fpages)
{
    L4_UnmapFpages(n, fpages);
}

L4_INLINE void L4_Flush(L4_Word_t n, L4_Fpage_t *fpages)
{
    L4_FlushFpages(n, fpages);
}
#endif /* __cplusplus */

#endif /* !__L4__SPACE_H__ */
