/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/types.h>: the basic X.2 data types (fpages, thread ids, clock, time
 * values, error codes) of the convenience interface, section 1. Compiles as
 * C11 and C++20; the C++ overloads and operators are at the end.
 */
#ifndef __L4__TYPES_H__
#define __L4__TYPES_H__

/* The architecture directory. User code may name architectures; the rest of
 * the library only uses what the arch headers define. L4_ARCH_IA32,
 * L4_ARCH_POWERPC and L4_ARCH_POWERPC64 stay undefined: programs test them
 * to pick code for those architectures. */
#if defined(__x86_64__)
# if !defined(__L4_ARCH__)
#  define __L4_ARCH__ amd64
# endif
# define L4_ARCH_AMD64
# include <l4/amd64/types.h>
#elif defined(__aarch64__)
# if !defined(__L4_ARCH__)
#  define __L4_ARCH__ aarch64
# endif
# define L4_ARCH_AARCH64
# include <l4/aarch64/types.h>
#elif defined(__riscv) && __riscv_xlen == 64
# if !defined(__L4_ARCH__)
#  define __L4_ARCH__ riscv64
# endif
# define L4_ARCH_RISCV64
# include <l4/riscv64/types.h>
#else
# error "Walnut's libl4 supports x86_64, aarch64 and riscv64 only"
#endif

/* Kept for programs written against Pistachio; Walnut's own headers name
 * their arch headers explicitly. */
#define __L4_INC_ARCH(file) <l4/__L4_ARCH__/file>

/* The 32-bit thread ids (`#include L4_COMPAT_H_LOCATION`); Pistachio defines
 * this on amd64 only, Walnut has them on every architecture. */
#define L4_COMPAT_H_LOCATION __L4_INC_ARCH(compat.h)

/* Word size and byte order, unless the arch header already said. */
#if !defined(L4_32BIT) && !defined(L4_64BIT)
# if defined(__LP64__)
#  define L4_64BIT
# else
#  define L4_32BIT
# endif
#endif
#if !defined(L4_LITTLE_ENDIAN) && !defined(L4_BIG_ENDIAN)
# if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#  define L4_BIG_ENDIAN
# else
#  define L4_LITTLE_ENDIAN
# endif
#endif

#define L4_HAVE_SIGNED_WORD
#define L4_INLINE static inline
#define L4_BITS_PER_WORD (sizeof(L4_Word_t) * 8)

/* Bit-field declarations in the order of increasing significance on little
 * endian machines (X.2 tables list fields from bit 0 upwards). */
#if defined(L4_BIG_ENDIAN)
# define L4_BITFIELD2(t, a, b) t b; t a
# define L4_BITFIELD3(t, a, b, c) t c; t b; t a
# define L4_BITFIELD4(t, a, b, c, d) t d; t c; t b; t a
# define L4_BITFIELD5(t, a, b, c, d, e) t e; t d; t c; t b; t a
# define L4_BITFIELD6(t, a, b, c, d, e, f) t f; t e; t d; t c; t b; t a
# define L4_BITFIELD7(t, a, b, c, d, e, f, g) t g; t f; t e; t d; t c; t b; t a
# define L4_BITFIELD8(t, a, b, c, d, e, f, g, h) t h; t g; t f; t e; t d; t c; t b; t a
# define L4_BITFIELD9(t, a, b, c, d, e, f, g, h, i) \
    t i; t h; t g; t f; t e; t d; t c; t b; t a
# define L4_SHUFFLE2(a, b) b, a
# define L4_SHUFFLE3(a, b, c) c, b, a
# define L4_SHUFFLE4(a, b, c, d) d, c, b, a
# define L4_SHUFFLE5(a, b, c, d, e) e, d, c, b, a
# define L4_SHUFFLE6(a, b, c, d, e, f) f, e, d, c, b, a
# define L4_SHUFFLE7(a, b, c, d, e, f, g) g, f, e, d, c, b, a
#else
# define L4_BITFIELD2(t, a, b) t a; t b
# define L4_BITFIELD3(t, a, b, c) t a; t b; t c
# define L4_BITFIELD4(t, a, b, c, d) t a; t b; t c; t d
# define L4_BITFIELD5(t, a, b, c, d, e) t a; t b; t c; t d; t e
# define L4_BITFIELD6(t, a, b, c, d, e, f) t a; t b; t c; t d; t e; t f
# define L4_BITFIELD7(t, a, b, c, d, e, f, g) t a; t b; t c; t d; t e; t f; t g
# define L4_BITFIELD8(t, a, b, c, d, e, f, g, h) t a; t b; t c; t d; t e; t f; t g; t h
# define L4_BITFIELD9(t, a, b, c, d, e, f, g, h, i) \
    t a; t b; t c; t d; t e; t f; t g; t h; t i
# define L4_SHUFFLE2(a, b) a, b
# define L4_SHUFFLE3(a, b, c) a, b, c
# define L4_SHUFFLE4(a, b, c, d) a, b, c, d
# define L4_SHUFFLE5(a, b, c, d, e) a, b, c, d, e
# define L4_SHUFFLE6(a, b, c, d, e, f) a, b, c, d, e, f
# define L4_SHUFFLE7(a, b, c, d, e, f, g) a, b, c, d, e, f, g
#endif

/* A constant of one of the word-sized union types, given its raw value:
 * a compound literal in C, a designated initialiser in C++20. */
#if defined(__cplusplus)
# define __L4_RAW(type, value) (type{ .raw = (value) })
#else
# define __L4_RAW(type, value) ((type){ .raw = (value) })
#endif

typedef L4_Word_t L4_Bool_t;

#if defined(L4_ARCH_AMD64)
# include <l4/amd64/specials.h>
#elif defined(L4_ARCH_AARCH64)
# include <l4/aarch64/specials.h>
#elif defined(L4_ARCH_RISCV64)
# include <l4/riscv64/specials.h>
#endif

/* ---- 1.3 Error codes (ErrorCode TCR, x2-api 1.9) ------------------------ */

#define L4_ErrOk                0
#define L4_ErrNoPrivilege       1
#define L4_ErrInvalidThread     2
#define L4_ErrInvalidSpace      3
#define L4_ErrInvalidScheduler  4
#define L4_ErrInvalidParam      5
#define L4_ErrUtcbArea          6
#define L4_ErrKipArea           7
#define L4_ErrNoMem             8

/* ---- 1.4 Fpages --------------------------------------------------------- */

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     rwx : 3,
                     extended : 1,
                     s : 6,
                     b : L4_BITS_PER_WORD - 10);
    } X;
} L4_Fpage_t;

#define L4_Readable         (0x04)
#define L4_Writable         (0x02)
#define L4_eXecutable       (0x01)
#define L4_FullyAccessible  (0x07)
#define L4_ReadWriteOnly    (0x06)
#define L4_ReadeXecOnly     (0x05)
#define L4_NoAccess         (0x00)

#define __L4_FPAGE_RIGHTS_MASK 0x7UL
#define __L4_FPAGE_SIZE_SHIFT  4
#define __L4_FPAGE_SIZE_MASK   (0x3FUL << __L4_FPAGE_SIZE_SHIFT)
#define __L4_FPAGE_BASE_MASK   (~0x3FFUL)

#define L4_Nilpage              __L4_RAW(L4_Fpage_t, 0UL)
/* b = 0, s = 1, no rights. */
#define L4_CompleteAddressSpace __L4_RAW(L4_Fpage_t, 1UL << __L4_FPAGE_SIZE_SHIFT)

L4_INLINE L4_Bool_t L4_IsNilFpage(L4_Fpage_t f)
{
    return f.raw == 0;
}

L4_INLINE L4_Word_t L4_Rights(L4_Fpage_t f)
{
    return f.raw & __L4_FPAGE_RIGHTS_MASK;
}

L4_INLINE L4_Fpage_t L4_Set_Rights(L4_Fpage_t *f, L4_Word_t rwx)
{
    f->raw = (f->raw & ~__L4_FPAGE_RIGHTS_MASK) | (rwx & __L4_FPAGE_RIGHTS_MASK);
    return *f;
}

L4_INLINE L4_Fpage_t L4_FpageAddRights(L4_Fpage_t f, L4_Word_t rwx)
{
    f.raw |= rwx & __L4_FPAGE_RIGHTS_MASK;
    return f;
}

L4_INLINE L4_Fpage_t L4_FpageAddRightsTo(L4_Fpage_t *f, L4_Word_t rwx)
{
    f->raw |= rwx & __L4_FPAGE_RIGHTS_MASK;
    return *f;
}

L4_INLINE L4_Fpage_t L4_FpageRemoveRights(L4_Fpage_t f, L4_Word_t rwx)
{
    f.raw &= ~(rwx & __L4_FPAGE_RIGHTS_MASK);
    return f;
}

L4_INLINE L4_Fpage_t L4_FpageRemoveRightsFrom(L4_Fpage_t *f, L4_Word_t rwx)
{
    f->raw &= ~(rwx & __L4_FPAGE_RIGHTS_MASK);
    return *f;
}

/* Fpage of 2^FpageSize bytes at BaseAddress, no rights. Unlike Pistachio
 * the 'extended' bit (bit 3) is always cleared, so a base address with bit 3
 * set cannot turn the fpage into a sigma0 'high' request by accident. */
L4_INLINE L4_Fpage_t L4_FpageLog2(L4_Word_t BaseAddress, int FpageSize)
{
    L4_Fpage_t f;
    f.raw = (BaseAddress & __L4_FPAGE_BASE_MASK) |
            (((L4_Word_t)FpageSize << __L4_FPAGE_SIZE_SHIFT) & __L4_FPAGE_SIZE_MASK);
    return f;
}

/* The size is rounded up to the next power of two. */
L4_INLINE L4_Fpage_t L4_Fpage(L4_Word_t BaseAddress, L4_Word_t FpageSize)
{
    int log2 = 0;
    if (FpageSize > 1) {
        log2 = __L4_Msb(FpageSize);
        if ((1UL << log2) < FpageSize)
            log2++;
    }
    return L4_FpageLog2(BaseAddress, log2);
}

L4_INLINE L4_Word_t L4_SizeLog2(L4_Fpage_t f)
{
    return (f.raw & __L4_FPAGE_SIZE_MASK) >> __L4_FPAGE_SIZE_SHIFT;
}

/* 0 for s = 0 (the nil fpage); 2 for the complete address space, as in X.2. */
L4_INLINE L4_Word_t L4_Size(L4_Fpage_t f)
{
    L4_Word_t s = L4_SizeLog2(f);
    return s == 0 ? 0 : 1UL << s;
}

L4_INLINE L4_Word_t L4_Address(L4_Fpage_t f)
{
    L4_Word_t s = L4_SizeLog2(f);
    return f.raw & __L4_FPAGE_BASE_MASK & ~((1UL << s) - 1);
}

/* ---- 1.5 Thread ids ----------------------------------------------------- */

#if defined(L4_64BIT)
# define __L4_VERSION_BITS 32
#else
# define __L4_VERSION_BITS 14
#endif
#define __L4_VERSION_MASK ((1UL << __L4_VERSION_BITS) - 1)

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD2(L4_Word_t,
                     version : __L4_VERSION_BITS,
                     thread_no : L4_BITS_PER_WORD - __L4_VERSION_BITS);
    } X;
} L4_GthreadId_t;

typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD2(L4_Word_t,
                     __zeros : 6,
                     local_id : L4_BITS_PER_WORD - 6);
    } X;
} L4_LthreadId_t;

typedef union {
    L4_Word_t raw;
    L4_GthreadId_t global;
    L4_LthreadId_t local;
} L4_ThreadId_t;

#define L4_nilthread      __L4_RAW(L4_ThreadId_t, 0UL)
#define L4_anythread      __L4_RAW(L4_ThreadId_t, ~0UL)
#define L4_anylocalthread __L4_RAW(L4_ThreadId_t, ~0x3FUL)

L4_INLINE L4_ThreadId_t L4_GlobalId(L4_Word_t threadno, L4_Word_t version)
{
    L4_ThreadId_t t;
    t.raw = (threadno << __L4_VERSION_BITS) | (version & __L4_VERSION_MASK);
    return t;
}

L4_INLINE L4_Word_t L4_Version(L4_ThreadId_t t)
{
    return t.raw & __L4_VERSION_MASK;
}

L4_INLINE L4_Word_t L4_ThreadNo(L4_ThreadId_t t)
{
    return t.raw >> __L4_VERSION_BITS;
}

L4_INLINE L4_Bool_t L4_IsThreadEqual(const L4_ThreadId_t l, const L4_ThreadId_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsThreadNotEqual(const L4_ThreadId_t l, const L4_ThreadId_t r)
{
    return l.raw != r.raw;
}

L4_INLINE L4_Bool_t L4_IsNilThread(L4_ThreadId_t t)
{
    return t.raw == 0;
}

/* The form is decided by bits 5..0 alone (x2-api 1.2). */
L4_INLINE L4_Bool_t L4_IsLocalId(L4_ThreadId_t t)
{
    return (t.raw & 0x3F) == 0;
}

L4_INLINE L4_Bool_t L4_IsGlobalId(L4_ThreadId_t t)
{
    return (t.raw & 0x3F) != 0;
}

/* ---- 1.6 Clock (microseconds) ------------------------------------------- */

typedef union {
    L4_Word64_t raw;
    struct {
#if defined(L4_BIG_ENDIAN)
        L4_Word32_t high;
        L4_Word32_t low;
#else
        L4_Word32_t low;
        L4_Word32_t high;
#endif
    } X;
} L4_Clock_t;

L4_INLINE L4_Clock_t L4_ClockAddUsec(const L4_Clock_t c, const L4_Word64_t r)
{
    L4_Clock_t n;
    n.raw = c.raw + r;
    return n;
}

L4_INLINE L4_Clock_t L4_ClockSubUsec(const L4_Clock_t c, const L4_Word64_t r)
{
    L4_Clock_t n;
    n.raw = c.raw - r;
    return n;
}

L4_INLINE L4_Bool_t L4_IsClockEarlier(const L4_Clock_t l, const L4_Clock_t r)
{
    return l.raw < r.raw;
}

L4_INLINE L4_Bool_t L4_IsClockLater(const L4_Clock_t l, const L4_Clock_t r)
{
    return l.raw > r.raw;
}

L4_INLINE L4_Bool_t L4_IsClockEqual(const L4_Clock_t l, const L4_Clock_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsClockNotEqual(const L4_Clock_t l, const L4_Clock_t r)
{
    return l.raw != r.raw;
}

/* ---- 1.7 Time values (x2-api 1.4) --------------------------------------- */

typedef union {
    L4_Word16_t raw;
    struct {
        L4_BITFIELD3(L4_Word16_t,
                     m : 10,
                     e : 5,
                     a : 1);
    } period;
    struct {
        L4_BITFIELD4(L4_Word16_t,
                     m : 10,
                     c : 1,
                     e : 4,
                     a : 1);
    } point;
} L4_Time_t;

#define L4_Never    __L4_RAW(L4_Time_t, 0)
#define L4_ZeroTime __L4_RAW(L4_Time_t, 0x0400)  /* period m = 0, e = 1 */

/* Relative time of at least 'microseconds' rounded down to what a 10-bit
 * mantissa with the smallest exponent can say. Unlike Pistachio, 0 gives
 * L4_ZeroTime (not Never); periods that need e > 31 give L4_Never. */
L4_INLINE L4_Time_t L4_TimePeriod(L4_Word64_t microseconds)
{
    L4_Time_t t;
    L4_Word64_t e = 0;
    if (microseconds == 0)
        return L4_ZeroTime;
    while ((microseconds >> e) >= 1024) {
        if (++e > 31)
            return L4_Never;
    }
    t.raw = (L4_Word16_t)((e << 10) | (microseconds >> e));
    return t;
}

/* ---- C++ overloads and operators ---------------------------------------- */

#if defined(__cplusplus)
static inline L4_Fpage_t operator+(const L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageAddRights(f, rwx);
}

static inline L4_Fpage_t operator+=(L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageAddRightsTo(&f, rwx);
}

static inline L4_Fpage_t operator-(const L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageRemoveRights(f, rwx);
}

static inline L4_Fpage_t operator-=(L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageRemoveRightsFrom(&f, rwx);
}

static inline L4_Bool_t operator==(const L4_ThreadId_t &l, const L4_ThreadId_t &r)
{
    return l.raw == r.raw;
}

static inline L4_Bool_t operator!=(const L4_ThreadId_t &l, const L4_ThreadId_t &r)
{
    return l.raw != r.raw;
}

static inline L4_Clock_t operator+(const L4_Clock_t &l, const int r)
{
    return L4_ClockAddUsec(l, (L4_Word64_t)r);
}

static inline L4_Clock_t operator+(const L4_Clock_t &l, const L4_Word64_t r)
{
    return L4_ClockAddUsec(l, r);
}

static inline L4_Clock_t operator+(const L4_Clock_t &l, const L4_Clock_t r)
{
    return L4_ClockAddUsec(l, r.raw);
}

static inline L4_Clock_t operator-(const L4_Clock_t &l, const int r)
{
    return L4_ClockSubUsec(l, (L4_Word64_t)r);
}

static inline L4_Clock_t operator-(const L4_Clock_t &l, const L4_Word64_t r)
{
    return L4_ClockSubUsec(l, r);
}

static inline L4_Clock_t operator-(const L4_Clock_t &l, const L4_Clock_t r)
{
    return L4_ClockSubUsec(l, r.raw);
}

static inline L4_Bool_t operator<(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw < r.raw;
}

static inline L4_Bool_t operator>(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw > r.raw;
}

static inline L4_Bool_t operator<=(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw <= r.raw;
}

static inline L4_Bool_t operator>=(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw >= r.raw;
}

static inline L4_Bool_t operator==(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw == r.raw;
}

static inline L4_Bool_t operator!=(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw != r.raw;
}
#endif /* __cplusplus */

#endif /* !__L4__TYPES_H__ */
