/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * 32-bit thread ids (convenience interface section 16.2, Pistachio's
 * <l4/amd64/compat.h>) on every architecture: the 32-bit X.2 id format and
 * conversions to and from the native 64-bit ids, for programs that store or
 * exchange ids in 32-bit form. Walnut has no 32-bit compatibility threads;
 * these are plain data conversions. Reach it as <l4/ARCH/compat.h> or
 * `#include L4_COMPAT_H_LOCATION`.
 */
#ifndef __L4__WALNUT__COMPAT32_H__
#define __L4__WALNUT__COMPAT32_H__

#include <l4/types.h>

typedef union {
    L4_Word32_t raw;
    struct {
        L4_BITFIELD2(L4_Word32_t,
                     version : 14,
                     thread_no : 18);
    } X;
} L4_GthreadId32_t;

typedef union {
    L4_Word32_t raw;
    struct {
        L4_BITFIELD2(L4_Word32_t,
                     __zeros : 6,
                     local_id : 26);
    } X;
} L4_LthreadId32_t;

typedef union {
    L4_Word32_t raw;
    L4_GthreadId32_t global;
    L4_LthreadId32_t local;
} L4_ThreadId32_t;

#define __L4_VERSION32_MASK  0x3FFFu
#define __L4_THREAD_NO32_MASK 0x3FFFFu

#define L4_nilthread32      __L4_RAW(L4_ThreadId32_t, 0u)
#define L4_anythread32      __L4_RAW(L4_ThreadId32_t, 0xFFFFFFFFu)
#define L4_anylocalthread32 __L4_RAW(L4_ThreadId32_t, 0xFFFFFFC0u)  /* local_id all ones */

/* Thread number and version are cut to 18 and 14 bits, as the format has. */
L4_INLINE L4_ThreadId32_t L4_GlobalId32(L4_Word32_t threadno, L4_Word32_t version)
{
    L4_ThreadId32_t t;
    t.raw = ((threadno & __L4_THREAD_NO32_MASK) << 14) | (version & __L4_VERSION32_MASK);
    return t;
}

L4_INLINE L4_Word32_t L4_Version32(L4_ThreadId32_t t)
{
    return t.raw & __L4_VERSION32_MASK;
}

L4_INLINE L4_Word32_t L4_ThreadNo32(L4_ThreadId32_t t)
{
    return t.raw >> 14;
}

L4_INLINE L4_Bool_t L4_IsThreadEqual32(const L4_ThreadId32_t l, const L4_ThreadId32_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsThreadNotEqual32(const L4_ThreadId32_t l, const L4_ThreadId32_t r)
{
    return l.raw != r.raw;
}

L4_INLINE L4_Bool_t L4_IsNilThread32(L4_ThreadId32_t t)
{
    return t.raw == 0;
}

/* As for native ids, bits 5..0 decide the form (nilthread32 is local). */
L4_INLINE L4_Bool_t L4_IsLocalId32(L4_ThreadId32_t t)
{
    return (t.raw & 0x3F) == 0;
}

L4_INLINE L4_Bool_t L4_IsGlobalId32(L4_ThreadId32_t t)
{
    return (t.raw & 0x3F) != 0;
}

/* 64 -> 32 bits. anythread and anylocalthread map to their 32-bit forms;
 * a global id keeps the low 18 bits of its thread number (all Walnut has,
 * WALNUT_THREAD_BITS) and the low 14 bits of its version. A local id is a
 * UTCB address; one that does not fit in 32 bits (Walnut's initial servers
 * have their UTCBs at 0x3F_FF00_0000) gives L4_nilthread32 rather than a
 * truncated id that would name some other thread (Pistachio truncates). */
L4_INLINE L4_ThreadId32_t L4_ThreadId32(L4_ThreadId_t id)
{
    L4_ThreadId32_t t;
    if (L4_IsThreadEqual(id, L4_anythread))
        return L4_anythread32;
    if (L4_IsGlobalId(id))
        return L4_GlobalId32((L4_Word32_t)L4_ThreadNo(id), (L4_Word32_t)L4_Version(id));
    if (L4_IsThreadEqual(id, L4_anylocalthread))
        return L4_anylocalthread32;
    if (id.raw > 0xFFFFFFFFul)
        return L4_nilthread32;
    t.raw = (L4_Word32_t)id.raw;
    return t;
}

/* 32 -> 64 bits; the special ids map to their native forms. */
L4_INLINE L4_ThreadId_t L4_ThreadIdFrom32(L4_ThreadId32_t id)
{
    L4_ThreadId_t t;
    if (L4_IsThreadEqual32(id, L4_anythread32))
        return L4_anythread;
    if (L4_IsGlobalId32(id))
        return L4_GlobalId(L4_ThreadNo32(id), L4_Version32(id));
    if (L4_IsThreadEqual32(id, L4_anylocalthread32))
        return L4_anylocalthread;
    t.raw = id.raw;
    return t;
}

#if defined(__cplusplus)
static inline L4_Bool_t operator==(const L4_ThreadId32_t &l, const L4_ThreadId32_t &r)
{
    return l.raw == r.raw;
}

static inline L4_Bool_t operator!=(const L4_ThreadId32_t &l, const L4_ThreadId32_t &r)
{
    return l.raw != r.raw;
}

L4_INLINE L4_ThreadId_t L4_ThreadId(L4_ThreadId32_t id)
{
    return L4_ThreadIdFrom32(id);
}
#endif /* __cplusplus */

#endif /* !__L4__WALNUT__COMPAT32_H__ */
