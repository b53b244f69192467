/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/message.h>: message tags, map/grant/string items, message objects and
 * acceptors (convenience interface section 6). Nothing here enters the
 * kernel; the functions only build words in memory, MRs and BRs.
 */
#ifndef __L4__MESSAGE_H__
#define __L4__MESSAGE_H__

#include <l4/types.h>
#include <l4/walnut/vregs.h>

#define __L4_NUM_MRS 64
#define __L4_NUM_BRS 33

/* Some item layouts below have a zero-length trailing array (the item
 * continues in memory) or an unnamed member Pistachio programs use: GNU
 * extensions the interface requires, so -Wpedantic is quiet about them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#if defined(__clang__)
# pragma clang diagnostic ignored "-Wzero-length-array"
# pragma clang diagnostic ignored "-Wgnu-anonymous-struct"
# pragma clang diagnostic ignored "-Wnested-anon-types"
#endif

/* ---- 6.1 Message tag (MR0) ---------------------------------------------- */

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     u : 6,
                     t : 6,
                     flags : 4,
                     label : L4_BITS_PER_WORD - 16);
    } X;
} L4_MsgTag_t;

#define __L4_TAG_U_MASK      0x3FUL
#define __L4_TAG_T_SHIFT     6
#define __L4_TAG_T_MASK      (0x3FUL << __L4_TAG_T_SHIFT)
#define __L4_TAG_FLAGS_SHIFT 12
#define __L4_TAG_LABEL_SHIFT 16

#define L4_Niltag __L4_RAW(L4_MsgTag_t, 0UL)

L4_INLINE L4_Bool_t L4_IsMsgTagEqual(const L4_MsgTag_t l, const L4_MsgTag_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsMsgTagNotEqual(const L4_MsgTag_t l, const L4_MsgTag_t r)
{
    return l.raw != r.raw;
}

/* The label keeps its low 48 bits (16 on 32-bit), like a bit-field store. */
L4_INLINE L4_MsgTag_t L4_MsgTagAddLabel(const L4_MsgTag_t t, int label)
{
    L4_MsgTag_t n;
    n.raw = (t.raw & ((1UL << __L4_TAG_LABEL_SHIFT) - 1)) |
            ((L4_Word_t)label << __L4_TAG_LABEL_SHIFT);
    return n;
}

L4_INLINE L4_MsgTag_t L4_MsgTagAddLabelTo(L4_MsgTag_t *t, int label)
{
    *t = L4_MsgTagAddLabel(*t, label);
    return *t;
}

L4_INLINE L4_Word_t L4_Label(L4_MsgTag_t t)
{
    return t.raw >> __L4_TAG_LABEL_SHIFT;
}

L4_INLINE L4_Word_t L4_UntypedWords(L4_MsgTag_t t)
{
    return t.raw & __L4_TAG_U_MASK;
}

L4_INLINE L4_Word_t L4_TypedWords(L4_MsgTag_t t)
{
    return (t.raw & __L4_TAG_T_MASK) >> __L4_TAG_T_SHIFT;
}

L4_INLINE void L4_Set_Label(L4_MsgTag_t *t, L4_Word_t label)
{
    t->raw = (t->raw & ((1UL << __L4_TAG_LABEL_SHIFT) - 1)) | (label << __L4_TAG_LABEL_SHIFT);
}

L4_INLINE L4_MsgTag_t L4_MsgTag(void)
{
    L4_MsgTag_t t;
    L4_StoreMR(0, &t.raw);
    return t;
}

L4_INLINE void L4_Set_MsgTag(L4_MsgTag_t t)
{
    L4_LoadMR(0, t.raw);
}

/* ---- 6.2 Map and grant items -------------------------------------------- */

typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD4(L4_Word_t,
                     C : 1,
                     __type : 3,
                     __zeros : 6,
                     snd_base : L4_BITS_PER_WORD - 10);
        L4_Fpage_t snd_fpage;
    } X;
} L4_MapItem_t;

typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD4(L4_Word_t,
                     C : 1,
                     __type : 3,
                     __zeros : 6,
                     snd_base : L4_BITS_PER_WORD - 10);
        L4_Fpage_t snd_fpage;
    } X;
} L4_GrantItem_t;

#define __L4_ITEM_C            0x1UL
#define __L4_ITEM_TYPE_SHIFT   1
#define __L4_ITEM_TYPE_MASK    (0x7UL << __L4_ITEM_TYPE_SHIFT)
#define __L4_ITEM_TYPE_MAP     0x4UL
#define __L4_ITEM_TYPE_GRANT   0x5UL
#define __L4_ITEM_TYPE_CTRLXFER 0x6UL

L4_INLINE L4_Word_t __L4_ItemType(L4_Word_t word0)
{
    return (word0 & __L4_ITEM_TYPE_MASK) >> __L4_ITEM_TYPE_SHIFT;
}

L4_INLINE L4_MapItem_t L4_MapItem(L4_Fpage_t f, L4_Word_t SndBase)
{
    L4_MapItem_t m;
    m.raw[0] = (SndBase & ~0x3FFUL) | (__L4_ITEM_TYPE_MAP << __L4_ITEM_TYPE_SHIFT);
    m.raw[1] = f.raw;
    return m;
}

L4_INLINE L4_Bool_t L4_IsMapItem(L4_MapItem_t m)
{
    return __L4_ItemType(m.raw[0]) == __L4_ITEM_TYPE_MAP;
}

L4_INLINE L4_Fpage_t L4_MapItemSndFpage(L4_MapItem_t m)
{
    L4_Fpage_t f;
    f.raw = m.raw[1];
    return f;
}

L4_INLINE L4_Word_t L4_MapItemSndBase(L4_MapItem_t m)
{
    return m.raw[0] & ~0x3FFUL;
}

L4_INLINE L4_GrantItem_t L4_GrantItem(L4_Fpage_t f, L4_Word_t SndBase)
{
    L4_GrantItem_t g;
    g.raw[0] = (SndBase & ~0x3FFUL) | (__L4_ITEM_TYPE_GRANT << __L4_ITEM_TYPE_SHIFT);
    g.raw[1] = f.raw;
    return g;
}

L4_INLINE L4_Bool_t L4_IsGrantItem(L4_GrantItem_t g)
{
    return __L4_ItemType(g.raw[0]) == __L4_ITEM_TYPE_GRANT;
}

L4_INLINE L4_Fpage_t L4_GrantItemSndFpage(L4_GrantItem_t g)
{
    L4_Fpage_t f;
    f.raw = g.raw[1];
    return f;
}

L4_INLINE L4_Word_t L4_GrantItemSndBase(L4_GrantItem_t g)
{
    return g.raw[0] & ~0x3FFUL;
}

/* ---- 6.3 String items ----------------------------------------------------
 * A string item is one header word followed by j + 1 substring addresses;
 * c = 1 says the next item continues the same (compound) string, C = 1 that
 * another string follows. Items therefore extend past sizeof(L4_StringItem_t)
 * and the helpers below walk raw words. */

typedef union {
    L4_Word_t raw[2];
    struct {
        L4_BITFIELD5(L4_Word_t,
                     C : 1,
                     __type : 3,
                     j : 5,
                     c : 1,
                     string_length : L4_BITS_PER_WORD - 10);
        union {
            void *string_ptr;
            void *substring_ptr[0];
        } str;
    } X;
} L4_StringItem_t;

#define __L4_STRING_J_SHIFT  4
#define __L4_STRING_J_MASK   (0x1FUL << __L4_STRING_J_SHIFT)
#define __L4_STRING_c        (1UL << 9)
#define __L4_STRING_LEN_SHIFT 10

L4_INLINE L4_Word_t __L4_StringJ(const L4_StringItem_t *s)
{
    return (s->raw[0] & __L4_STRING_J_MASK) >> __L4_STRING_J_SHIFT;
}

L4_INLINE L4_StringItem_t L4_StringItem(int size, void *address)
{
    L4_StringItem_t s;
    s.raw[0] = (L4_Word_t)size << __L4_STRING_LEN_SHIFT;
    s.X.str.string_ptr = address;
    return s;
}

L4_INLINE L4_Bool_t L4_IsStringItem(L4_StringItem_t *s)
{
    return (__L4_ItemType(s->raw[0]) & 0x4) == 0;
}

L4_INLINE L4_Bool_t L4_CompoundString(L4_StringItem_t *s)
{
    return (s->raw[0] & __L4_STRING_c) != 0;
}

L4_INLINE L4_Word_t L4_Substrings(L4_StringItem_t *s)
{
    return __L4_StringJ(s) + 1;
}

/* n counts from 1. */
L4_INLINE void *L4_Substring(L4_StringItem_t *s, L4_Word_t n)
{
    return ((void **)((L4_Word_t *)s + 1))[n - 1];
}

/* The first word after the compound string starting at s; *p (if p is not
 * null) is set to the string's last item. */
L4_INLINE L4_StringItem_t *__L4_EndOfString(L4_StringItem_t *s, L4_StringItem_t **p)
{
    L4_StringItem_t *item;
    do {
        item = s;
        s = (L4_StringItem_t *)((L4_Word_t *)item + 2 + __L4_StringJ(item));
    } while (item->raw[0] & __L4_STRING_c);
    if (p)
        *p = item;
    return s;
}

/* The first word after the list of strings starting at s (linked by C);
 * *p is set to the last string's first item. */
L4_INLINE L4_StringItem_t *__L4_EndOfStrings(L4_StringItem_t *s, L4_StringItem_t **p)
{
    L4_StringItem_t *string;
    do {
        string = s;
        s = __L4_EndOfString(string, (L4_StringItem_t **)0);
    } while (string->raw[0] & __L4_ITEM_C);
    if (p)
        *p = string;
    return s;
}

L4_INLINE void __L4_Copy_String(L4_StringItem_t *d, L4_StringItem_t *s)
{
    L4_Word_t *to = (L4_Word_t *)d;
    L4_Word_t *from = (L4_Word_t *)s;
    L4_Word_t *end = (L4_Word_t *)__L4_EndOfString(s, (L4_StringItem_t **)0);
    while (from < end)
        *to++ = *from++;
}

/* Appends the (compound) string substr after dest's last item and marks
 * that item as continued; returns where substr was placed. */
L4_INLINE L4_StringItem_t *L4_AddSubstringTo(L4_StringItem_t *dest, L4_StringItem_t *substr)
{
    L4_StringItem_t *last;
    L4_StringItem_t *end = __L4_EndOfString(dest, &last);
    last->raw[0] |= __L4_STRING_c;
    __L4_Copy_String(end, substr);
    return end;
}

/* Adds one substring address to dest's last item (j + 1). */
L4_INLINE L4_StringItem_t *L4_AddSubstringAddressTo(L4_StringItem_t *dest, void *substring_addr)
{
    L4_StringItem_t *last;
    L4_Word_t j;
    __L4_EndOfString(dest, &last);
    j = __L4_StringJ(last) + 1;
    last->raw[0] = (last->raw[0] & ~__L4_STRING_J_MASK) | (j << __L4_STRING_J_SHIFT);
    ((void **)((L4_Word_t *)last + 1))[j] = substring_addr;
    return dest;
}

/* ---- 6.5 Control-transfer items (Pistachio extension) --------------------
 * The item word is followed in memory by the register words it covers:
 * register r at raw[r + 1]. Both the named view X and Pistachio's unnamed
 * view (c->mask) are provided. */

typedef union {
    L4_Word_t raw[0];
    struct {
        L4_BITFIELD4(L4_Word_t,
                     C : 1,
                     __type : 3,
                     id : 8,
                     mask : L4_BITS_PER_WORD - 12);
    };
    struct {
        L4_BITFIELD4(L4_Word_t,
                     C : 1,
                     __type : 3,
                     id : 8,
                     mask : L4_BITS_PER_WORD - 12);
    } X;
} L4_CtrlXferItem_t;

#define __L4_CTRLXFER_ID_SHIFT   4
#define __L4_CTRLXFER_MASK_SHIFT 12

L4_INLINE L4_Word_t *__L4_CtrlXferWords(L4_CtrlXferItem_t *c)
{
    return (L4_Word_t *)c;
}

L4_INLINE L4_Bool_t L4_IsCtrlXferItem(L4_CtrlXferItem_t *s)
{
    return __L4_ItemType(__L4_CtrlXferWords(s)[0]) == __L4_ITEM_TYPE_CTRLXFER;
}

L4_INLINE void L4_FaultConfCtrlXferItemInit(L4_CtrlXferItem_t *c, L4_Word_t fault_id,
                                            L4_Word_t fault_mask)
{
    __L4_CtrlXferWords(c)[0] = (__L4_ITEM_TYPE_CTRLXFER << __L4_ITEM_TYPE_SHIFT) |
                               ((fault_id & 0xFFUL) << __L4_CTRLXFER_ID_SHIFT) |
                               (fault_mask << __L4_CTRLXFER_MASK_SHIFT);
}

L4_INLINE void L4_CtrlXferItemInit(L4_CtrlXferItem_t *c, L4_Word_t id)
{
    L4_FaultConfCtrlXferItemInit(c, id, 0);
}

/* ---- 6.4 Cache-allocation hints ----------------------------------------- */

typedef struct L4_CacheAllocationHint {
    L4_Word_t raw;
} L4_CacheAllocationHint_t;

#define __L4_CACHE_HINT_MASK 0x6UL

#define L4_UseDefaultCacheAllocation __L4_RAW(L4_CacheAllocationHint_t, 0UL)

/* The misspelling is the interface's. */
L4_INLINE L4_CacheAllocationHint_t L4_CacheAlloctionHint(const L4_StringItem_t s)
{
    L4_CacheAllocationHint_t h;
    h.raw = s.raw[0] & __L4_CACHE_HINT_MASK;
    return h;
}

L4_INLINE L4_Bool_t L4_IsCacheAllocationHintEqual(const L4_CacheAllocationHint_t l,
                                                  const L4_CacheAllocationHint_t r)
{
    return (l.raw & __L4_CACHE_HINT_MASK) == (r.raw & __L4_CACHE_HINT_MASK);
}

L4_INLINE L4_Bool_t L4_IsCacheAllocationHintNotEqual(const L4_CacheAllocationHint_t l,
                                                     const L4_CacheAllocationHint_t r)
{
    return !L4_IsCacheAllocationHintEqual(l, r);
}

L4_INLINE L4_StringItem_t L4_AddCacheAllocationHint(const L4_StringItem_t dest,
                                                    const L4_CacheAllocationHint_t h)
{
    L4_StringItem_t s = dest;
    s.raw[0] |= h.raw & __L4_CACHE_HINT_MASK;
    return s;
}

L4_INLINE L4_StringItem_t L4_AddCacheAllocationHintTo(L4_StringItem_t *dest,
                                                      const L4_CacheAllocationHint_t h)
{
    dest->raw[0] |= h.raw & __L4_CACHE_HINT_MASK;
    return *dest;
}

/* ---- 6.6 Message objects: an in-memory image of MR0 ... MR63 ------------ */

typedef union {
    L4_Word_t raw[__L4_NUM_MRS];
    L4_Word_t msg[__L4_NUM_MRS];
    L4_MsgTag_t tag;
} L4_Msg_t;

L4_INLINE L4_Word_t __L4_MsgWords(const L4_Msg_t *msg)
{
    return L4_UntypedWords(msg->tag) + L4_TypedWords(msg->tag);
}

L4_INLINE void __L4_MsgSetCounts(L4_Msg_t *msg, L4_Word_t u, L4_Word_t t)
{
    msg->tag.raw = (msg->tag.raw & ~(__L4_TAG_U_MASK | __L4_TAG_T_MASK)) |
                   (u & __L4_TAG_U_MASK) | ((t << __L4_TAG_T_SHIFT) & __L4_TAG_T_MASK);
}

L4_INLINE void L4_MsgPut(L4_Msg_t *msg, L4_Word_t label, int u, L4_Word_t *Untyped, int t,
                         void *Items)
{
    int i;
    for (i = 0; i < u; i++)
        msg->msg[1 + i] = Untyped[i];
    for (i = 0; i < t; i++)
        msg->msg[1 + u + i] = ((L4_Word_t *)Items)[i];
    msg->tag.raw = label << __L4_TAG_LABEL_SHIFT;
    __L4_MsgSetCounts(msg, (L4_Word_t)u, (L4_Word_t)t);
}

L4_INLINE void L4_MsgGet(const L4_Msg_t *msg, L4_Word_t *Untyped, void *Items)
{
    L4_Word_t u = L4_UntypedWords(msg->tag);
    L4_Word_t t = L4_TypedWords(msg->tag);
    L4_Word_t i;
    for (i = 0; i < u; i++)
        Untyped[i] = msg->msg[1 + i];
    for (i = 0; i < t; i++)
        ((L4_Word_t *)Items)[i] = msg->msg[1 + u + i];
}

L4_INLINE L4_MsgTag_t L4_MsgMsgTag(const L4_Msg_t *msg)
{
    return msg->tag;
}

L4_INLINE void L4_Set_MsgMsgTag(L4_Msg_t *msg, L4_MsgTag_t t)
{
    msg->tag = t;
}

L4_INLINE L4_Word_t L4_MsgLabel(const L4_Msg_t *msg)
{
    return L4_Label(msg->tag);
}

L4_INLINE void L4_Set_MsgLabel(L4_Msg_t *msg, L4_Word_t label)
{
    L4_Set_Label(&msg->tag, label);
}

L4_INLINE void L4_MsgLoad(L4_Msg_t *msg)
{
    L4_LoadMRs(0, (int)(1 + __L4_MsgWords(msg)), &msg->msg[0]);
}

L4_INLINE void L4_MsgStore(L4_MsgTag_t t, L4_Msg_t *msg)
{
    L4_StoreMRs(1, (int)(L4_UntypedWords(t) + L4_TypedWords(t)), &msg->msg[1]);
    msg->tag = t;
}

L4_INLINE void L4_MsgClear(L4_Msg_t *msg)
{
    msg->msg[0] = 0;
}

/* Adds an untyped word; the typed words move up by one. */
L4_INLINE void L4_MsgAppendWord(L4_Msg_t *msg, L4_Word_t w)
{
    L4_Word_t u = L4_UntypedWords(msg->tag);
    L4_Word_t t = L4_TypedWords(msg->tag);
    L4_Word_t i;
    for (i = u + t + 1; i > u + 1; i--)
        msg->msg[i] = msg->msg[i - 1];
    msg->msg[u + 1] = w;
    __L4_MsgSetCounts(msg, u + 1, t);
}

L4_INLINE void __L4_MsgAppendTyped2(L4_Msg_t *msg, L4_Word_t w0, L4_Word_t w1)
{
    L4_Word_t end = 1 + __L4_MsgWords(msg);
    msg->msg[end] = w0;
    msg->msg[end + 1] = w1;
    __L4_MsgSetCounts(msg, L4_UntypedWords(msg->tag), L4_TypedWords(msg->tag) + 2);
}

L4_INLINE void L4_MsgAppendMapItem(L4_Msg_t *msg, L4_MapItem_t m)
{
    __L4_MsgAppendTyped2(msg, m.raw[0], m.raw[1]);
}

L4_INLINE void L4_MsgAppendGrantItem(L4_Msg_t *msg, L4_GrantItem_t g)
{
    __L4_MsgAppendTyped2(msg, g.raw[0], g.raw[1]);
}

L4_INLINE L4_Word_t __L4_SimpleString(L4_Word_t word0)
{
    return word0 & ~(__L4_STRING_J_MASK | __L4_STRING_c);
}

L4_INLINE void L4_MsgAppendSimpleStringItem(L4_Msg_t *msg, L4_StringItem_t s)
{
    __L4_MsgAppendTyped2(msg, __L4_SimpleString(s.raw[0]), s.raw[1]);
}

L4_INLINE void L4_MsgAppendStringItem(L4_Msg_t *msg, L4_StringItem_t *s)
{
    L4_Word_t at = 1 + __L4_MsgWords(msg);
    L4_Word_t words = (L4_Word_t)((L4_Word_t *)__L4_EndOfString(s, (L4_StringItem_t **)0) -
                                  (L4_Word_t *)s);
    __L4_Copy_String((L4_StringItem_t *)&msg->msg[at], s);
    __L4_MsgSetCounts(msg, L4_UntypedWords(msg->tag), L4_TypedWords(msg->tag) + words);
}

/* Copies the item and the registers its mask selects to msg[at ...];
 * returns the number of register words. */
L4_INLINE L4_Word_t __L4_CtrlXferToMsg(L4_Msg_t *msg, L4_Word_t at, L4_CtrlXferItem_t *c)
{
    const L4_Word_t *words = __L4_CtrlXferWords(c);
    L4_Word_t mask = words[0] >> __L4_CTRLXFER_MASK_SHIFT;
    L4_Word_t reg, num = 0;
    for (reg = 0; mask != 0; reg++, mask >>= 1) {
        if (mask & 1)
            msg->msg[at + 1 + num++] = words[reg + 1];
    }
    if (num)
        msg->msg[at] = words[0];
    return num;
}

/* Appends the item followed by the registers its mask selects (nothing if
 * the mask is empty). */
L4_INLINE void L4_MsgAppendCtrlXferItem(L4_Msg_t *msg, L4_CtrlXferItem_t *c)
{
    L4_Word_t num = __L4_CtrlXferToMsg(msg, 1 + __L4_MsgWords(msg), c);
    if (num)
        __L4_MsgSetCounts(msg, L4_UntypedWords(msg->tag), L4_TypedWords(msg->tag) + 1 + num);
}

/* Appends one fault-configuration item per set bit of fault_id_mask as
 * untyped words (the ConfCtrlXferItems request format), all with C = 1
 * except the last one, which gets C. */
L4_INLINE void L4_AppendFaultConfCtrlXferItems(L4_Msg_t *msg, L4_Word64_t fault_id_mask,
                                               L4_Word_t fault_mask, L4_Word_t C)
{
    L4_CtrlXferItem_t item;
    L4_Word_t id;
    int appended = 0;
    for (id = 0; id < 64; id++) {
        if (!(fault_id_mask & (1ULL << id)))
            continue;
        L4_FaultConfCtrlXferItemInit(&item, id, fault_mask);
        L4_MsgAppendWord(msg, __L4_CtrlXferWords(&item)[0] | __L4_ITEM_C);
        appended = 1;
    }
    if (appended) {
        L4_Word_t *last = &msg->msg[L4_UntypedWords(msg->tag)];
        *last = (*last & ~__L4_ITEM_C) | (C & __L4_ITEM_C);
    }
}

L4_INLINE void L4_MsgPutWord(L4_Msg_t *msg, L4_Word_t u, L4_Word_t w)
{
    msg->msg[u + 1] = w;
}

L4_INLINE void L4_MsgPutMapItem(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t m)
{
    L4_Word_t at = 1 + L4_UntypedWords(msg->tag) + t;
    msg->msg[at] = m.raw[0];
    msg->msg[at + 1] = m.raw[1];
}

L4_INLINE void L4_MsgPutGrantItem(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t g)
{
    L4_Word_t at = 1 + L4_UntypedWords(msg->tag) + t;
    msg->msg[at] = g.raw[0];
    msg->msg[at + 1] = g.raw[1];
}

L4_INLINE void L4_MsgPutSimpleStringItem(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t s)
{
    L4_Word_t at = 1 + L4_UntypedWords(msg->tag) + t;
    msg->msg[at] = __L4_SimpleString(s.raw[0]);
    msg->msg[at + 1] = s.raw[1];
}

L4_INLINE void L4_MsgPutStringItem(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
    __L4_Copy_String((L4_StringItem_t *)&msg->msg[1 + L4_UntypedWords(msg->tag) + t], s);
}

L4_INLINE void L4_MsgPutCtrlXferItem(L4_Msg_t *msg, L4_Word_t t, L4_CtrlXferItem_t *c)
{
    __L4_CtrlXferToMsg(msg, 1 + L4_UntypedWords(msg->tag) + t, c);
}

L4_INLINE L4_Word_t L4_MsgWord(L4_Msg_t *msg, L4_Word_t u)
{
    return msg->msg[u + 1];
}

L4_INLINE void L4_MsgGetWord(L4_Msg_t *msg, L4_Word_t u, L4_Word_t *w)
{
    *w = msg->msg[u + 1];
}

L4_INLINE L4_Word_t L4_MsgGetMapItem(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t *m)
{
    L4_Word_t at = 1 + L4_UntypedWords(msg->tag) + t;
    m->raw[0] = msg->msg[at];
    m->raw[1] = msg->msg[at + 1];
    return 2;
}

L4_INLINE L4_Word_t L4_MsgGetGrantItem(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t *g)
{
    L4_Word_t at = 1 + L4_UntypedWords(msg->tag) + t;
    g->raw[0] = msg->msg[at];
    g->raw[1] = msg->msg[at + 1];
    return 2;
}

/* Copies the (compound) string item at typed offset t to *s, which must
 * have room for all its words; returns the number of words. */
L4_INLINE L4_Word_t L4_MsgGetStringItem(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
    L4_StringItem_t *item = (L4_StringItem_t *)&msg->msg[1 + L4_UntypedWords(msg->tag) + t];
    L4_StringItem_t *end = __L4_EndOfString(item, (L4_StringItem_t **)0);
    __L4_Copy_String(s, item);
    return (L4_Word_t)((L4_Word_t *)end - (L4_Word_t *)item);
}

/* Reads the item at MR index mr and the registers its mask selects into *c;
 * returns the number of words used. */
L4_INLINE L4_Word_t L4_MsgGetCtrlXferItem(L4_Msg_t *msg, L4_Word_t mr, L4_CtrlXferItem_t *c)
{
    L4_Word_t *words = __L4_CtrlXferWords(c);
    L4_Word_t mask, reg, num = 0;
    words[0] = msg->msg[mr];
    mask = words[0] >> __L4_CTRLXFER_MASK_SHIFT;
    for (reg = 0; mask != 0; reg++, mask >>= 1) {
        if (mask & 1)
            words[reg + 1] = msg->msg[mr + 1 + num++];
    }
    return num + 1;
}

/* ---- 6.7 Acceptors (BR0) and receive buffers (BR1 ...) ------------------ */

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     s : 1,
                     c : 1,
                     __zeros : 2,
                     RcvWindow : L4_BITS_PER_WORD - 4);
    } X;
} L4_Acceptor_t;

typedef union {
    L4_Word_t raw[__L4_NUM_BRS - 1];
    L4_StringItem_t string[0];
} L4_MsgBuffer_t;

#define __L4_ACCEPT_STRINGS 0x1UL
#define __L4_ACCEPT_WINDOW  (~0xFUL)

#define L4_UntypedWordsAcceptor __L4_RAW(L4_Acceptor_t, 0UL)
#define L4_StringItemsAcceptor  __L4_RAW(L4_Acceptor_t, 1UL)
#define L4_CtrlXferAcceptor     __L4_RAW(L4_Acceptor_t, 2UL)

/* Bit 1 keeps the fpage's w bit, as in X.2: pass windows without rights. */
L4_INLINE L4_Acceptor_t L4_MapGrantItems(L4_Fpage_t RcvWindow)
{
    L4_Acceptor_t a;
    a.raw = RcvWindow.raw & ~0xDUL;
    return a;
}

L4_INLINE L4_Acceptor_t L4_AddAcceptor(const L4_Acceptor_t l, const L4_Acceptor_t r)
{
    L4_Acceptor_t a;
    L4_Word_t window = (r.raw & __L4_ACCEPT_WINDOW) ? r.raw : l.raw;
    a.raw = ((l.raw | r.raw) & __L4_ACCEPT_STRINGS) | (window & __L4_ACCEPT_WINDOW);
    return a;
}

L4_INLINE L4_Acceptor_t L4_AddAcceptorTo(L4_Acceptor_t l, const L4_Acceptor_t r)
{
    l.raw |= r.raw & __L4_ACCEPT_STRINGS;
    if (r.raw & __L4_ACCEPT_WINDOW)
        l.raw = (l.raw & ~__L4_ACCEPT_WINDOW) | (r.raw & __L4_ACCEPT_WINDOW);
    return l;
}

L4_INLINE L4_Acceptor_t L4_RemoveAcceptor(const L4_Acceptor_t l, const L4_Acceptor_t r)
{
    L4_Acceptor_t a = l;
    if (r.raw & __L4_ACCEPT_STRINGS)
        a.raw &= ~__L4_ACCEPT_STRINGS;
    if (r.raw & __L4_ACCEPT_WINDOW)
        a.raw &= ~__L4_ACCEPT_WINDOW;
    return a;
}

L4_INLINE L4_Acceptor_t L4_RemoveAcceptorFrom(L4_Acceptor_t l, const L4_Acceptor_t r)
{
    return L4_RemoveAcceptor(l, r);
}

L4_INLINE L4_Bool_t L4_HasStringItems(const L4_Acceptor_t a)
{
    return (a.raw & __L4_ACCEPT_STRINGS) != 0;
}

L4_INLINE L4_Bool_t L4_HasMapGrantItems(const L4_Acceptor_t a)
{
    return (a.raw & __L4_ACCEPT_WINDOW) != 0;
}

L4_INLINE L4_Fpage_t L4_RcvWindow(const L4_Acceptor_t a)
{
    L4_Fpage_t f;
    f.raw = a.raw & ~__L4_FPAGE_RIGHTS_MASK;
    return f;
}

L4_INLINE void L4_Accept(const L4_Acceptor_t a)
{
    L4_LoadBR(0, a.raw);
}

/* BR0 = a; the C-linked string buffers of b go to BR1 onwards. Loading
 * stops at the first item that would not fit into BR1 ... BR32: the UTCB
 * words below BR32 are not buffer registers and must not be overwritten. */
L4_INLINE void L4_AcceptStrings(const L4_Acceptor_t a, L4_MsgBuffer_t *b)
{
    L4_StringItem_t *string = (L4_StringItem_t *)&b->raw[0];
    L4_StringItem_t *item;
    int br = 1;
    L4_LoadBR(0, a.raw);
    for (;;) {
        L4_StringItem_t *first = string;
        do {
            int words = (int)(2 + __L4_StringJ(string));
            item = string;
            if (br + words > __L4_NUM_BRS)
                return;
            L4_LoadBRs(br, words, (const L4_Word_t *)item);
            br += words;
            string = (L4_StringItem_t *)((L4_Word_t *)item + words);
        } while (item->raw[0] & __L4_STRING_c);
        if (!(first->raw[0] & __L4_ITEM_C))
            break;
    }
}

L4_INLINE L4_Acceptor_t L4_Accepted(void)
{
    L4_Acceptor_t a;
    L4_StoreBR(0, &a.raw);
    return a;
}

/* Empty = words 0 and 2 both zero (the second word of the first item is
 * an address, so it cannot tell). */
L4_INLINE void L4_MsgBufferClear(L4_MsgBuffer_t *b)
{
    b->raw[0] = 0;
    b->raw[2] = 0;
}

L4_INLINE L4_Bool_t __L4_MsgBufferEmpty(const L4_MsgBuffer_t *b)
{
    return b->raw[0] == 0 && b->raw[2] == 0;
}

L4_INLINE void L4_MsgBufferAppendSimpleRcvString(L4_MsgBuffer_t *b, L4_StringItem_t s)
{
    L4_StringItem_t *at;
    s.raw[0] = __L4_SimpleString(s.raw[0]) & ~__L4_ITEM_C;
    if (__L4_MsgBufferEmpty(b)) {
        at = (L4_StringItem_t *)&b->raw[0];
        b->raw[2] = ~0UL;  /* non-empty even if s is all zero */
    } else {
        L4_StringItem_t *last;
        at = __L4_EndOfStrings((L4_StringItem_t *)&b->raw[0], &last);
        last->raw[0] |= __L4_ITEM_C;
    }
    at->raw[0] = s.raw[0];
    at->raw[1] = s.raw[1];
}

L4_INLINE void L4_MsgBufferAppendRcvString(L4_MsgBuffer_t *b, L4_StringItem_t *s)
{
    L4_StringItem_t *at;
    if (__L4_MsgBufferEmpty(b)) {
        at = (L4_StringItem_t *)&b->raw[0];
    } else {
        L4_StringItem_t *last;
        at = __L4_EndOfStrings((L4_StringItem_t *)&b->raw[0], &last);
        last->raw[0] |= __L4_ITEM_C;
    }
    __L4_Copy_String(at, s);
    at->raw[0] &= ~__L4_ITEM_C;
}

/* ---- C++ overloads and operators ---------------------------------------- */

#if defined(__cplusplus)
static inline L4_Bool_t operator==(const L4_MsgTag_t &l, const L4_MsgTag_t &r)
{
    return l.raw == r.raw;
}

static inline L4_Bool_t operator!=(const L4_MsgTag_t &l, const L4_MsgTag_t &r)
{
    return l.raw != r.raw;
}

static inline L4_MsgTag_t operator+(const L4_MsgTag_t &t, int label)
{
    return L4_MsgTagAddLabel(t, label);
}

static inline L4_MsgTag_t operator+=(L4_MsgTag_t &t, int label)
{
    return L4_MsgTagAddLabelTo(&t, label);
}

L4_INLINE L4_Bool_t L4_MapItem(L4_MapItem_t m)
{
    return L4_IsMapItem(m);
}

L4_INLINE L4_Fpage_t L4_SndFpage(L4_MapItem_t m)
{
    return L4_MapItemSndFpage(m);
}

L4_INLINE L4_Word_t L4_SndBase(L4_MapItem_t m)
{
    return L4_MapItemSndBase(m);
}

L4_INLINE L4_Bool_t L4_GrantItem(L4_GrantItem_t g)
{
    return L4_IsGrantItem(g);
}

L4_INLINE L4_Fpage_t L4_SndFpage(L4_GrantItem_t g)
{
    return L4_GrantItemSndFpage(g);
}

L4_INLINE L4_Word_t L4_SndBase(L4_GrantItem_t g)
{
    return L4_GrantItemSndBase(g);
}

L4_INLINE L4_Bool_t L4_StringItem(L4_StringItem_t *s)
{
    return L4_IsStringItem(s);
}

/* Appends a copy of substring as a simple (non-compound) item. */
static inline L4_StringItem_t *operator+=(L4_StringItem_t &dest, L4_StringItem_t substring)
{
    substring.raw[0] &= ~__L4_STRING_c;
    L4_AddSubstringTo(&dest, &substring);
    return &dest;
}

static inline L4_StringItem_t *operator+=(L4_StringItem_t &dest, L4_StringItem_t &substring)
{
    L4_AddSubstringTo(&dest, &substring);
    return &dest;
}

static inline L4_StringItem_t *operator+=(L4_StringItem_t &dest, void *substring_addr)
{
    L4_AddSubstringAddressTo(&dest, substring_addr);
    return &dest;
}

L4_INLINE L4_Bool_t L4_CtrlXferItem(L4_CtrlXferItem_t *s)
{
    return L4_IsCtrlXferItem(s);
}

L4_INLINE void L4_Init(L4_CtrlXferItem_t *c, L4_Word_t id)
{
    L4_CtrlXferItemInit(c, id);
}

L4_INLINE void L4_Init(L4_CtrlXferItem_t *c, L4_Word_t fault_id, L4_Word_t fault_mask)
{
    L4_FaultConfCtrlXferItemInit(c, fault_id, fault_mask);
}

L4_INLINE L4_CacheAllocationHint_t L4_CacheAlloctionHint(const L4_StringItem_t &s)
{
    L4_CacheAllocationHint_t h;
    h.raw = s.raw[0] & __L4_CACHE_HINT_MASK;
    return h;
}

static inline L4_Bool_t operator==(const L4_CacheAllocationHint_t &l,
                                   const L4_CacheAllocationHint_t &r)
{
    return L4_IsCacheAllocationHintEqual(l, r);
}

static inline L4_Bool_t operator!=(const L4_CacheAllocationHint_t &l,
                                   const L4_CacheAllocationHint_t &r)
{
    return L4_IsCacheAllocationHintNotEqual(l, r);
}

static inline L4_StringItem_t operator+(const L4_StringItem_t &dest,
                                        const L4_CacheAllocationHint_t &h)
{
    return L4_AddCacheAllocationHint(dest, h);
}

static inline L4_StringItem_t operator+=(L4_StringItem_t &dest, const L4_CacheAllocationHint_t &h)
{
    return L4_AddCacheAllocationHintTo(&dest, h);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t label, int u, L4_Word_t *Untyped, int t,
                      void *Items)
{
    L4_MsgPut(msg, label, u, Untyped, t, Items);
}

L4_INLINE void L4_Get(const L4_Msg_t *msg, L4_Word_t *Untyped, void *Items)
{
    L4_MsgGet(msg, Untyped, Items);
}

L4_INLINE L4_MsgTag_t L4_MsgTag(const L4_Msg_t *msg)
{
    return L4_MsgMsgTag(msg);
}

L4_INLINE void L4_Set_MsgTag(L4_Msg_t *msg, L4_MsgTag_t t)
{
    L4_Set_MsgMsgTag(msg, t);
}

L4_INLINE L4_Word_t L4_Label(const L4_Msg_t *msg)
{
    return L4_MsgLabel(msg);
}

L4_INLINE void L4_Set_Label(L4_Msg_t *msg, L4_Word_t label)
{
    L4_Set_MsgLabel(msg, label);
}

L4_INLINE void L4_Load(L4_Msg_t *msg)
{
    L4_MsgLoad(msg);
}

L4_INLINE void L4_Store(L4_MsgTag_t t, L4_Msg_t *msg)
{
    L4_MsgStore(t, msg);
}

L4_INLINE void L4_Clear(L4_Msg_t *msg)
{
    L4_MsgClear(msg);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_Word_t w)
{
    L4_MsgAppendWord(msg, w);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, int w)
{
    L4_MsgAppendWord(msg, (L4_Word_t)w);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_MapItem_t m)
{
    L4_MsgAppendMapItem(msg, m);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_GrantItem_t g)
{
    L4_MsgAppendGrantItem(msg, g);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_StringItem_t s)
{
    L4_MsgAppendSimpleStringItem(msg, s);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_StringItem_t *s)
{
    L4_MsgAppendStringItem(msg, s);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_CtrlXferItem_t *c)
{
    L4_MsgAppendCtrlXferItem(msg, c);
}

L4_INLINE void L4_Append(L4_Msg_t *msg, L4_Word64_t fault_id_mask, L4_Word_t fault_mask,
                         L4_Word_t C)
{
    L4_AppendFaultConfCtrlXferItems(msg, fault_id_mask, fault_mask, C);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t u, L4_Word_t w)
{
    L4_MsgPutWord(msg, u, w);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t m)
{
    L4_MsgPutMapItem(msg, t, m);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t g)
{
    L4_MsgPutGrantItem(msg, t, g);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t s)
{
    L4_MsgPutSimpleStringItem(msg, t, s);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
    L4_MsgPutStringItem(msg, t, s);
}

L4_INLINE void L4_Put(L4_Msg_t *msg, L4_Word_t t, L4_CtrlXferItem_t *c)
{
    L4_MsgPutCtrlXferItem(msg, t, c);
}

L4_INLINE L4_Word_t L4_Get(L4_Msg_t *msg, L4_Word_t u)
{
    return L4_MsgWord(msg, u);
}

L4_INLINE void L4_Get(L4_Msg_t *msg, L4_Word_t u, L4_Word_t *w)
{
    L4_MsgGetWord(msg, u, w);
}

L4_INLINE L4_Word_t L4_Get(L4_Msg_t *msg, L4_Word_t t, L4_MapItem_t *m)
{
    return L4_MsgGetMapItem(msg, t, m);
}

L4_INLINE L4_Word_t L4_Get(L4_Msg_t *msg, L4_Word_t t, L4_GrantItem_t *g)
{
    return L4_MsgGetGrantItem(msg, t, g);
}

L4_INLINE L4_Word_t L4_Get(L4_Msg_t *msg, L4_Word_t t, L4_StringItem_t *s)
{
    return L4_MsgGetStringItem(msg, t, s);
}

L4_INLINE L4_Word_t L4_Get(L4_Msg_t *msg, L4_Word_t mr, L4_CtrlXferItem_t *c)
{
    return L4_MsgGetCtrlXferItem(msg, mr, c);
}

static inline L4_Acceptor_t operator+(const L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    return L4_AddAcceptor(l, r);
}

static inline L4_Acceptor_t operator+=(L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    l = L4_AddAcceptorTo(l, r);
    return l;
}

static inline L4_Acceptor_t operator-(const L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    return L4_RemoveAcceptor(l, r);
}

static inline L4_Acceptor_t operator-=(L4_Acceptor_t &l, const L4_Acceptor_t &r)
{
    l = L4_RemoveAcceptorFrom(l, r);
    return l;
}

L4_INLINE L4_Bool_t L4_StringItems(const L4_Acceptor_t a)
{
    return L4_HasStringItems(a);
}

L4_INLINE L4_Bool_t L4_MapGrantItems(const L4_Acceptor_t a)
{
    return L4_HasMapGrantItems(a);
}

L4_INLINE void L4_Accept(const L4_Acceptor_t a, L4_MsgBuffer_t *b)
{
    L4_AcceptStrings(a, b);
}

L4_INLINE void L4_Clear(L4_MsgBuffer_t *b)
{
    L4_MsgBufferClear(b);
}

L4_INLINE void L4_Append(L4_MsgBuffer_t *b, L4_StringItem_t s)
{
    L4_MsgBufferAppendSimpleRcvString(b, s);
}

L4_INLINE void L4_Append(L4_MsgBuffer_t *b, L4_StringItem_t *s)
{
    L4_MsgBufferAppendRcvString(b, s);
}
#endif /* __cplusplus */

#pragma GCC diagnostic pop

#endif /* !__L4__MESSAGE_H__ */
