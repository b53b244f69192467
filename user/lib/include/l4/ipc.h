/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/ipc.h>: the IPC forms of the convenience interface (section 7) -
 * call, send, reply, receive, wait, reply-and-wait, sleep and their local
 * variants - as combinations of the Ipc/Lipc system calls, plus the
 * message-tag flag tests. All of them use the MRs and BRs as loaded and
 * return the resulting MR0.
 */
#ifndef __L4__IPC_H__
#define __L4__IPC_H__

#include <l4/types.h>
#include <l4/walnut/syscalls.h>
#include <l4/message.h>
#include <l4/thread.h>


/* Flag bits of a received message tag (x2-api 1.6). */
#define __L4_TAG_FLAG_P  (1UL << 12)  /* propagated */
#define __L4_TAG_FLAG_R  (1UL << 13)  /* redirected */
#define __L4_TAG_FLAG_X  (1UL << 14)  /* from another processor */
#define __L4_TAG_FLAG_E  (1UL << 15)  /* the IPC failed; see L4_ErrorCode() */
#define __L4_TAG_FLAGS   (0xFUL << 12)

L4_INLINE L4_Bool_t L4_IpcSucceeded(L4_MsgTag_t t)
{
    return (t.raw & __L4_TAG_FLAG_E) == 0;
}

L4_INLINE L4_Bool_t L4_IpcFailed(L4_MsgTag_t t)
{
    return (t.raw & __L4_TAG_FLAG_E) != 0;
}

L4_INLINE L4_Bool_t L4_IpcPropagated(L4_MsgTag_t t)
{
    return (t.raw & __L4_TAG_FLAG_P) != 0;
}

L4_INLINE L4_Bool_t L4_IpcRedirected(L4_MsgTag_t t)
{
    return (t.raw & __L4_TAG_FLAG_R) != 0;
}

L4_INLINE L4_Bool_t L4_IpcXcpu(L4_MsgTag_t t)
{
    return (t.raw & __L4_TAG_FLAG_X) != 0;
}

/* Asks for propagation: the flags become p alone. */
L4_INLINE void L4_Set_Propagation(L4_MsgTag_t *t)
{
    t->raw = (t->raw & ~__L4_TAG_FLAGS) | __L4_TAG_FLAG_P;
}

/* The Timeouts word of Ipc: send timeout in the upper, receive timeout in
 * the lower 16 bits. */
L4_INLINE L4_Word_t L4_Timeouts(L4_Time_t SndTimeout, L4_Time_t RcvTimeout)
{
    return ((L4_Word_t)SndTimeout.raw << 16) | RcvTimeout.raw;
}

/* ---- Ipc ------------------------------------------------------------------- */

/* Send to 'to', then receive from 'to' (the reply). */
L4_INLINE L4_MsgTag_t L4_Call_Timeouts(L4_ThreadId_t to, L4_Time_t SndTimeout,
                                       L4_Time_t RcvTimeout)
{
    L4_ThreadId_t from;
    return L4_Ipc(to, to, L4_Timeouts(SndTimeout, RcvTimeout), &from);
}

L4_INLINE L4_MsgTag_t L4_Call(L4_ThreadId_t to)
{
    return L4_Call_Timeouts(to, L4_Never, L4_Never);
}

L4_INLINE L4_MsgTag_t L4_Send_Timeout(L4_ThreadId_t to, L4_Time_t SndTimeout)
{
    L4_ThreadId_t from;
    return L4_Ipc(to, L4_nilthread, L4_Timeouts(SndTimeout, L4_Never), &from);
}

L4_INLINE L4_MsgTag_t L4_Send(L4_ThreadId_t to)
{
    return L4_Send_Timeout(to, L4_Never);
}

/* A reply never waits: a partner that is not receiving misses it. */
L4_INLINE L4_MsgTag_t L4_Reply(L4_ThreadId_t to)
{
    return L4_Send_Timeout(to, L4_ZeroTime);
}

/* Closed receive: only from 'from'. */
L4_INLINE L4_MsgTag_t L4_Receive_Timeout(L4_ThreadId_t from, L4_Time_t RcvTimeout)
{
    L4_ThreadId_t sender;
    return L4_Ipc(L4_nilthread, from, L4_Timeouts(L4_Never, RcvTimeout), &sender);
}

L4_INLINE L4_MsgTag_t L4_Receive(L4_ThreadId_t from)
{
    return L4_Receive_Timeout(from, L4_Never);
}

/* Open receive: from any thread; *from tells who sent. */
L4_INLINE L4_MsgTag_t L4_Wait_Timeout(L4_Time_t RcvTimeout, L4_ThreadId_t *from)
{
    return L4_Ipc(L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, RcvTimeout), from);
}

L4_INLINE L4_MsgTag_t L4_Wait(L4_ThreadId_t *from)
{
    return L4_Wait_Timeout(L4_Never, from);
}

/* Reply to 'to' (zero send timeout), then wait for anyone. If the reply
 * fails there is no receive phase: the tag says so (L4_IpcFailed, ErrorCode
 * bit 0 clear). */
L4_INLINE L4_MsgTag_t L4_ReplyWait_Timeout(L4_ThreadId_t to, L4_Time_t RcvTimeout,
                                           L4_ThreadId_t *from)
{
    return L4_Ipc(to, L4_anythread, L4_Timeouts(L4_ZeroTime, RcvTimeout), from);
}

L4_INLINE L4_MsgTag_t L4_ReplyWait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
    return L4_ReplyWait_Timeout(to, L4_Never, from);
}

/* Waits for a message from the caller itself, which never comes: the
 * receive times out after t. MR0 holds the (error) tag afterwards. */
L4_INLINE void L4_Sleep(L4_Time_t t)
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_Myself(), L4_Timeouts(L4_Never, t), &from);
    L4_Set_MsgTag(tag);
}

/* ---- Lipc (partners in the caller's own address space) ------------------ */

L4_INLINE L4_MsgTag_t L4_Lcall(L4_ThreadId_t to)
{
    L4_ThreadId_t from;
    return L4_Lipc(to, to, L4_Timeouts(L4_Never, L4_Never), &from);
}

L4_INLINE L4_MsgTag_t L4_LreplyWait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
    return L4_Lipc(to, L4_anylocalthread, L4_Timeouts(L4_ZeroTime, L4_Never), from);
}

/* The name a comment in Pistachio's header uses (Walnut addition). */
L4_INLINE L4_MsgTag_t L4_Lreply_Wait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
    return L4_LreplyWait(to, from);
}

/* ---- C++ overloads ----------------------------------------------------------- */

#if defined(__cplusplus)
L4_INLINE L4_MsgTag_t L4_Call(L4_ThreadId_t to, L4_Time_t SndTimeout, L4_Time_t RcvTimeout)
{
    return L4_Call_Timeouts(to, SndTimeout, RcvTimeout);
}

L4_INLINE L4_MsgTag_t L4_Send(L4_ThreadId_t to, L4_Time_t SndTimeout)
{
    return L4_Send_Timeout(to, SndTimeout);
}

L4_INLINE L4_MsgTag_t L4_Receive(L4_ThreadId_t from, L4_Time_t RcvTimeout)
{
    return L4_Receive_Timeout(from, RcvTimeout);
}

L4_INLINE L4_MsgTag_t L4_Wait(L4_Time_t RcvTimeout, L4_ThreadId_t *from)
{
    return L4_Wait_Timeout(RcvTimeout, from);
}

L4_INLINE L4_MsgTag_t L4_ReplyWait(L4_ThreadId_t to, L4_Time_t RcvTimeout, L4_ThreadId_t *from)
{
    return L4_ReplyWait_Timeout(to, RcvTimeout, from);
}
#endif /* __cplusplus */

#endif /* !__L4__IPC_H__ */
