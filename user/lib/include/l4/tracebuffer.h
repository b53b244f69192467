/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/tracebuffer.h>: Pistachio's user-level event tracing into a kernel
 * trace buffer (convenience interface section 16.3).
 *
 * Walnut's kernel has no trace buffer: L4_GetTraceBuffer() always returns
 * NULL, so L4_Tbuf_NextRecord returns NULL and L4_Tbuf_IncCounter and all
 * L4_Tbuf_RecordEvent* calls do nothing. The types and the recording code
 * are Pistachio's layout, so programs that trace compile and run unchanged;
 * the code that fills a buffer is not exercised on Walnut.
 */
#ifndef __L4__TRACEBUFFER_H__
#define __L4__TRACEBUFFER_H__

#include <l4/types.h>
#include <l4/thread.h>

#if defined(L4_64BIT)
# define L4_TRACEBUFFER_MAGIC        (0x1464b123acebfUL)
#else
# define L4_TRACEBUFFER_MAGIC        (0x1464b123UL)
#endif
#define L4_TRACEBUFFER_NUM_ARGS      (9)
#define L4_TRACEBUFFER_USERID_START  (100)
#define L4_TRACEBUFFER_DEFAULT_TYPE  (0x1)

/* How the kernel configured the buffer: pmon asks records to carry two
 * performance-counter values (pmon_cpu: which counters), pmon_e energy
 * estimates. */
typedef union {
    struct {
        L4_BITFIELD5(L4_Word_t,
                     smp : 1,
                     pmon : 1,
                     pmon_cpu : 2,
                     pmon_e : 2,
                     __reserved : L4_BITS_PER_WORD - 6);
    } X;
    L4_Word_t raw;
} L4_TraceConfig_t;

/* One event: user type, CPU and event id, a time stamp, the thread, two
 * counter values, the format string's address and up to nine arguments. */
typedef struct {
    struct {
        L4_BITFIELD2(L4_Word_t,
                     utype : 16,
                     __pad0 : L4_BITS_PER_WORD - 16);
        L4_BITFIELD2(L4_Word_t,
                     cpu : 16,
                     id : L4_BITS_PER_WORD - 16);
    } X;
    L4_Word_t tsc;
    L4_Word_t thread;
    L4_Word_t pmc0;
    L4_Word_t pmc1;
    L4_Word_t str;
    L4_Word_t data[L4_TRACEBUFFER_NUM_ARGS];
} L4_TraceRecord_t;

/* The buffer: a ring of max records, current the next one; mask bits
 * 31..16 enable event types 15..0. The records are a flexible array
 * member, which C++ has only as an extension. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
typedef struct {
    L4_Word_t magic;
    L4_Word_t current;
    L4_Word_t mask;
    L4_Word_t max;
    L4_TraceConfig_t config;
    L4_Word_t __pad[3];
    L4_Word_t counters[8];
    L4_TraceRecord_t tracerecords[];
} L4_TraceBuffer_t;
#pragma GCC diagnostic pop

#if defined(__cplusplus)
extern "C"
#endif
/* The kernel's trace buffer mapped into this space, or NULL: always NULL on
 * Walnut (libl4). */
L4_TraceBuffer_t *L4_GetTraceBuffer(void);

/* The architecture's part of a record: a time stamp (x86_64 TSC, aarch64
 * virtual counter, riscv64 time CSR). Walnut lets no user code read
 * performance counters, so pmc0 and pmc1 are 0 whatever config asks. */
L4_INLINE void L4_Tbuf_StoreRecordArch(L4_TraceRecord_t *rec, const L4_TraceConfig_t config)
{
    (void)config;
#if defined(L4_ARCH_AMD64)
    rec->tsc = __L4_Rdtsc();
#elif defined(L4_ARCH_AARCH64)
    rec->tsc = __L4_Cntvct();
#elif defined(L4_ARCH_RISCV64)
    rec->tsc = __L4_Rdtime();
#endif
    rec->pmc0 = 0;
    rec->pmc1 = 0;
}

L4_INLINE void L4_Tbuf_StoreRecord(L4_TraceRecord_t *rec, const L4_TraceConfig_t config,
                                   L4_Word_t type, L4_Word_t id)
{
    rec->X.utype = type & 0xFFFF;
    rec->X.id = id;
    rec->X.cpu = L4_ProcessorNo() & 0xFFFF;
    rec->thread = L4_Myself().raw;
    L4_Tbuf_StoreRecordArch(rec, config);
}

/* The next record for an event of the given type, filled with the common
 * fields; NULL if there is no buffer or the type is masked out. */
L4_INLINE L4_TraceRecord_t *L4_Tbuf_NextRecord(L4_Word_t type, L4_Word_t id)
{
    L4_TraceBuffer_t *tbuf = L4_GetTraceBuffer();
    L4_TraceRecord_t *rec;
    if (!tbuf || tbuf->max == 0 || (tbuf->mask & ((type & 0xFFFF) << 16)) == 0)
        return 0;
    if (tbuf->current >= tbuf->max)
        tbuf->current = 0;
    rec = &tbuf->tracerecords[tbuf->current++];
    L4_Tbuf_StoreRecord(rec, tbuf->config, type, id);
    return rec;
}

L4_INLINE void L4_Tbuf_IncCounter(L4_Word_t counter)
{
    L4_TraceBuffer_t *tbuf = L4_GetTraceBuffer();
    if (tbuf)
        tbuf->counters[counter & 0x7]++;
}

/* Event id, format string and 0..4 arguments, with the default type. */
L4_INLINE void L4_Tbuf_RecordEvent_t0(L4_Word_t id, const char *str)
{
    L4_TraceRecord_t *rec = L4_Tbuf_NextRecord(L4_TRACEBUFFER_DEFAULT_TYPE, id);
    if (rec)
        rec->str = (L4_Word_t)str;
}

L4_INLINE void L4_Tbuf_RecordEvent_t1(L4_Word_t id, const char *str, L4_Word_t p0)
{
    L4_TraceRecord_t *rec = L4_Tbuf_NextRecord(L4_TRACEBUFFER_DEFAULT_TYPE, id);
    if (!rec)
        return;
    rec->str = (L4_Word_t)str;
    rec->data[0] = p0;
}

L4_INLINE void L4_Tbuf_RecordEvent_t2(L4_Word_t id, const char *str, L4_Word_t p0,
                                      L4_Word_t p1)
{
    L4_TraceRecord_t *rec = L4_Tbuf_NextRecord(L4_TRACEBUFFER_DEFAULT_TYPE, id);
    if (!rec)
        return;
    rec->str = (L4_Word_t)str;
    rec->data[0] = p0;
    rec->data[1] = p1;
}

L4_INLINE void L4_Tbuf_RecordEvent_t3(L4_Word_t id, const char *str, L4_Word_t p0,
                                      L4_Word_t p1, L4_Word_t p2)
{
    L4_TraceRecord_t *rec = L4_Tbuf_NextRecord(L4_TRACEBUFFER_DEFAULT_TYPE, id);
    if (!rec)
        return;
    rec->str = (L4_Word_t)str;
    rec->data[0] = p0;
    rec->data[1] = p1;
    rec->data[2] = p2;
}

L4_INLINE void L4_Tbuf_RecordEvent_t4(L4_Word_t id, const char *str, L4_Word_t p0,
                                      L4_Word_t p1, L4_Word_t p2, L4_Word_t p3)
{
    L4_TraceRecord_t *rec = L4_Tbuf_NextRecord(L4_TRACEBUFFER_DEFAULT_TYPE, id);
    if (!rec)
        return;
    rec->str = (L4_Word_t)str;
    rec->data[0] = p0;
    rec->data[1] = p1;
    rec->data[2] = p2;
    rec->data[3] = p3;
}

/* The same under Pistachio's other names. */
L4_INLINE void L4_Tbuf_RecordEvent_0(L4_Word_t id, const char *str)
{
    L4_Tbuf_RecordEvent_t0(id, str);
}

L4_INLINE void L4_Tbuf_RecordEvent_1(L4_Word_t id, const char *str, L4_Word_t p0)
{
    L4_Tbuf_RecordEvent_t1(id, str, p0);
}

L4_INLINE void L4_Tbuf_RecordEvent_2(L4_Word_t id, const char *str, L4_Word_t p0,
                                     L4_Word_t p1)
{
    L4_Tbuf_RecordEvent_t2(id, str, p0, p1);
}

L4_INLINE void L4_Tbuf_RecordEvent_3(L4_Word_t id, const char *str, L4_Word_t p0,
                                     L4_Word_t p1, L4_Word_t p2)
{
    L4_Tbuf_RecordEvent_t3(id, str, p0, p1, p2);
}

L4_INLINE void L4_Tbuf_RecordEvent_4(L4_Word_t id, const char *str, L4_Word_t p0,
                                     L4_Word_t p1, L4_Word_t p2, L4_Word_t p3)
{
    L4_Tbuf_RecordEvent_t4(id, str, p0, p1, p2, p3);
}

#if defined(__cplusplus)
L4_INLINE void L4_Tbuf_RecordEvent(L4_Word_t id, const char *str)
{
    L4_Tbuf_RecordEvent_t0(id, str);
}

L4_INLINE void L4_Tbuf_RecordEvent(L4_Word_t id, const char *str, L4_Word_t p0)
{
    L4_Tbuf_RecordEvent_t1(id, str, p0);
}

L4_INLINE void L4_Tbuf_RecordEvent(L4_Word_t id, const char *str, L4_Word_t p0,
                                   L4_Word_t p1)
{
    L4_Tbuf_RecordEvent_t2(id, str, p0, p1);
}

L4_INLINE void L4_Tbuf_RecordEvent(L4_Word_t id, const char *str, L4_Word_t p0,
                                   L4_Word_t p1, L4_Word_t p2)
{
    L4_Tbuf_RecordEvent_t3(id, str, p0, p1, p2);
}

L4_INLINE void L4_Tbuf_RecordEvent(L4_Word_t id, const char *str, L4_Word_t p0,
                                   L4_Word_t p1, L4_Word_t p2, L4_Word_t p3)
{
    L4_Tbuf_RecordEvent_t4(id, str, p0, p1, p2, p3);
}
#endif /* __cplusplus */

#endif /* !__L4__TRACEBUFFER_H__ */
