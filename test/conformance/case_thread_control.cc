// SPDX-License-Identifier: BSD-2-Clause
// ThreadControl (x2-api 4.3, 7.5): creation inactive and active,
// activation, the start protocol, modification, version changes, deletion
// and every error the call can report (NoMem excepted).
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::facts;
using env::main_id;

constexpr L4_Word_t keep = ~L4_Word_t{0};

L4_Word_t tc(L4_ThreadId_t dest, L4_ThreadId_t space, L4_ThreadId_t scheduler, L4_ThreadId_t pager,
             L4_Word_t utcb)
{
    return L4_ThreadControl(dest, space, scheduler, pager, reinterpret_cast<void*>(utcb));
}

L4_ThreadId_t id_of(L4_Word_t raw)
{
    L4_ThreadId_t t;
    t.raw = raw;
    return t;
}

// The state Schedule reports (no change requested); 0 = error.
L4_Word_t state_of(L4_ThreadId_t t)
{
    L4_Word_t old;
    return L4_Schedule(t, keep, keep, keep, keep, &old);
}

// ThreadControl failed with 'error' and left no thread behind.
void expect_refused(L4_Word_t result, L4_Word_t error, L4_ThreadId_t dest, const char* what)
{
    L4_Word_t got_error = L4_ErrorCode();
    if (expect_eq(result, 0, what))
        expect_eq(got_error, error, "ErrorCode");
    if (!L4_IsNilThread(dest) && L4_IsGlobalId(dest)) {
        expect_eq(state_of(dest), 0, "no thread was created (Schedule fails)");
    }
}

// Thread bodies ---------------------------------------------------------------------

void report_ids(L4_Word_t)
{
    env::signal_main(L4_MyGlobalId().raw, L4_MyLocalId().raw, L4_Pager().raw);
}

void report_start_message(L4_Word_t)
{
    L4_Word_t mr1, mr2;
    L4_StoreMR(1, &mr1);
    L4_StoreMR(2, &mr2);
    env::signal_main(L4_MyGlobalId().raw, mr1, mr2);
}

// Answers every message from main with its current ids.
void serve_ids(L4_Word_t)
{
    for (;;) {
        (void)L4_Receive(main_id);
        env::signal_main(L4_MyGlobalId().raw, L4_MyLocalId().raw, 0);
    }
}

// Run in a client (an unprivileged space): ThreadControl with in[0..4].
unsigned run_thread_control(const L4_Word_t* in, L4_Word_t* out)
{
    out[0] = L4_ThreadControl(id_of(in[0]), id_of(in[1]), id_of(in[2]), id_of(in[3]),
                              reinterpret_cast<void*>(in[4]));
    out[1] = L4_ErrorCode();
    return 2;
}

// Run in a client: Schedule(in[0], priority in[1]).
unsigned run_set_priority(const L4_Word_t* in, L4_Word_t* out)
{
    out[0] = L4_Set_Priority(id_of(in[0]), in[1]);
    out[1] = L4_ErrorCode();
    return 2;
}

// Cases ---------------------------------------------------------------------------------

void create_inactive()
{
    L4_ThreadId_t t = env::fresh_id();
    expect_eq(tc(t, main_id, main_id, L4_nilthread, keep), 1, "ThreadControl(create inactive)");
    env::adopt(t, keep);
    expect_eq(state_of(t), L4_SCHEDRESULT_INACTIVE, "Schedule reports Inactive");
    L4_Word_t c, sp, ip, fl, h;
    L4_ThreadId_t pager;
    L4_ThreadId_t r = L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &c, &sp, &ip, &fl, &h,
                                           &pager);
    expect(L4_IsNilThread(r), "ExchangeRegisters refuses an inactive thread");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode");
}

void activate_and_start_message()
{
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t utcb = env::root_utcb_slot();
    expect_eq(tc(t, main_id, main_id, L4_nilthread, utcb), 1, "create inactive, UTCB recorded");
    env::adopt(t, utcb, report_start_message);
    expect_eq(tc(t, t, L4_nilthread, main_id, keep), 1, "activate with pager = main");
    expect(L4_IsThreadEqual(L4_PagerOf(t), main_id), "Pager TCR = main");
    if (conf::failed())
        return;
    // X.2 7.5: the new thread waits for a message from its pager, u = 2:
    // MR1 = IP, MR2 = SP.
    L4_Word_t ip = reinterpret_cast<L4_Word_t>(env::conf_thread_entry);
    L4_Word_t sp = env::stack_top_of(t);
    L4_Msg_t msg;
    L4_MsgClear(&msg);
    L4_MsgAppendWord(&msg, ip);
    L4_MsgAppendWord(&msg, sp);
    L4_MsgLoad(&msg);
    L4_MsgTag_t tag = L4_Send_Timeout(t, env::us(env::wait_us));
    expect(!env::ipc_failed(tag), "start message delivered");
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the thread runs")) {
        expect_eq(got[0], t.raw, "its MyGlobalId");
        expect_eq(got[1], ip, "its MR1 = the start IP");
        expect_eq(got[2], sp, "its MR2 = the start SP");
    }
}

void activated_thread_waits()
{
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t utcb = env::root_utcb_slot();
    expect_eq(tc(t, main_id, main_id, main_id, utcb), 1, "create active");
    env::adopt(t, utcb, report_ids);
    // Immediately: the thread is blocked in its receive phase for the
    // start message (x2-api 4.2 / 7.5), whether or not it has run yet.
    L4_Word_t c, sp, ip, fl, h;
    L4_ThreadId_t pager;
    L4_ThreadId_t r = L4_ExchangeRegisters(t, 1u << 9, 0, 0, 0, 0, L4_nilthread, &c, &sp, &ip, &fl,
                                           &h, &pager);
    expect(!L4_IsNilThread(r), "ExchangeRegisters accepts the active thread");
    expect_eq(c & 7, 2, "its state: receiving (R), not halted, not sending");
    expect_eq(state_of(t), L4_SCHEDRESULT_WAITING, "Schedule reports Waiting");
}

void start_right_after_create()
{
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t utcb = env::root_utcb_slot();
    expect_eq(tc(t, main_id, main_id, main_id, utcb), 1, "create active");
    env::adopt(t, utcb, report_ids);
    // No pause: the usual idiom of root tasks (ThreadControl, then Start).
    L4_Start_SpIp(t, env::stack_top_of(t), reinterpret_cast<L4_Word_t>(env::conf_thread_entry));
    L4_Word_t got[3];
    if (expect(env::wait_done(t, got), "the thread runs at the given IP")) {
        expect_eq(got[0], t.raw, "its MyGlobalId");
        expect_eq(got[1], utcb + 512, "its MyLocalId = UTCB location + 512");
        expect_eq(got[2], main_id.raw, "its Pager TCR");
    }
}

void create_active_other_space()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_ThreadId_t t = env::space_thread(c, report_ids, 0);
    L4_Word_t got[3];
    if (expect(!L4_IsNilThread(t) && env::wait_done(t, got), "a second thread there runs")) {
        expect_eq(got[0], t.raw, "its MyGlobalId");
        expect(got[1] - 512 >= env::client_utcb_area &&
                   got[1] - 512 < env::client_utcb_area + (1ul << env::client_utcb_log2),
               "its UTCB lies in that space's UTCB area");
        expect_eq(got[2], env::pager_id.raw, "its Pager TCR");
    }
}

void modify_pager()
{
    L4_ThreadId_t t = env::spawn(serve_ids, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    expect_eq(tc(t, t, L4_nilthread, env::pager_id, keep), 1, "ThreadControl(new pager)");
    expect(L4_IsThreadEqual(L4_PagerOf(t), env::pager_id), "Pager TCR changed");
    expect_eq(tc(t, t, L4_nilthread, main_id, keep), 1, "ThreadControl(pager back)");
    expect(L4_IsThreadEqual(L4_PagerOf(t), main_id), "Pager TCR changed again");
}

void modify_scheduler()
{
    L4_ThreadId_t c = env::new_client();
    L4_ThreadId_t t = env::spawn(serve_ids, 0);
    if (!expect(!L4_IsNilThread(c) && !L4_IsNilThread(t), "a client and a worker"))
        return;
    // Until the worker is in its receive phase (not just waiting for its start).
    env::wait_for_state(t, L4_SCHEDRESULT_WAITING, "the worker waits for main");
    L4_Word_t in[2] = {t.raw, 90};
    L4_Word_t out[2];
    if (env::client_run(c, run_set_priority, 2, in, out, 2)) {
        expect_eq(out[0], 0, "before: the client may not schedule the worker");
        expect_eq(out[1], L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    expect_eq(tc(t, t, c, L4_nilthread, keep), 1, "ThreadControl(scheduler = client)");
    if (env::client_run(c, run_set_priority, 2, in, out, 2))
        expect_eq(out[0], L4_SCHEDRESULT_WAITING, "after: Schedule works, worker is Waiting");
}

void move_inactive_thread()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_ThreadId_t t = env::fresh_id();
    expect_eq(tc(t, main_id, main_id, L4_nilthread, keep), 1, "an inactive thread in the root space");
    env::adopt(t, keep);
    expect_eq(tc(t, c, L4_nilthread, L4_nilthread, keep), 1, "moved to the client's space");
    L4_Word_t location = env::client_utcb_area + 6 * 1024;
    expect_eq(tc(t, t, L4_nilthread, env::pager_id, location), 1, "activated there");
    L4_Word_t got[3];
    if (expect(env::launch(t, report_ids, 0) && env::wait_done(t, got), "it runs")) {
        expect_eq(got[1], location + 512, "with its UTCB in the client's UTCB area");
        expect(L4_IsNilThread(L4_LocalIdOf(t)), "and is no thread of the root space any more");
    }
}

void err_move_active_thread()
{
    L4_ThreadId_t c = env::new_client();
    L4_ThreadId_t w = env::spawn(serve_ids, 0);
    if (!expect(!L4_IsNilThread(c) && !L4_IsNilThread(w), "a client and an active worker"))
        return;
    expect_refused(tc(w, c, L4_nilthread, L4_nilthread, keep), L4_ErrInvalidSpace, L4_nilthread,
                   "moving an active thread to another space (decision 20)");
    expect(!L4_IsNilThread(L4_LocalIdOf(w)), "it stays in the root space");
}

void version_change()
{
    L4_ThreadId_t old = env::spawn(serve_ids, 0);
    if (!expect(!L4_IsNilThread(old), "a worker"))
        return;
    env::wait_for_state(old, L4_SCHEDRESULT_WAITING, "the worker waits for main");
    L4_ThreadId_t renewed = env::with_version(old, 2);
    expect_eq(tc(renewed, main_id, L4_nilthread, L4_nilthread, keep), 1,
              "ThreadControl(same number, version 2)");
    env::renamed(old, renewed);
    expect_eq(state_of(old), 0, "the old id is invalid for Schedule");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode");
    L4_MsgTag_t tag = L4_Send_Timeout(old, L4_ZeroTime);
    expect(env::ipc_failed(tag), "IPC to the old id fails");
    expect_eq(L4_ErrorCode(), 0x4, "error: non-existing partner, send phase");
    L4_ThreadId_t local = L4_LocalIdOf(renewed);
    expect(L4_IsThreadEqual(L4_GlobalIdOf(local), renewed), "its local id leads to the new id");
    L4_Set_MsgTag(L4_Niltag);
    tag = L4_Send_Timeout(renewed, env::us(env::wait_us));
    L4_Word_t got[3];
    if (expect(!env::ipc_failed(tag) && env::wait_done(renewed, got), "the thread answers")) {
        expect_eq(got[0], renewed.raw, "its MyGlobalId TCR has the new version");
        expect_eq(got[1], local.raw, "its local id is unchanged");
    }
}

void delete_thread()
{
    L4_ThreadId_t t = env::spawn(serve_ids, 0);
    if (!expect(!L4_IsNilThread(t), "a worker"))
        return;
    expect_eq(tc(t, L4_nilthread, L4_nilthread, L4_nilthread, keep), 1, "ThreadControl(delete)");
    env::forget(t);
    expect_eq(state_of(t), 0, "Schedule on the deleted thread fails");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidThread, "ErrorCode");
    L4_Word_t c, sp, ip, fl, h;
    L4_ThreadId_t pager;
    L4_ThreadId_t r = L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &c, &sp, &ip, &fl, &h,
                                           &pager);
    expect(L4_IsNilThread(r), "ExchangeRegisters on it fails");
    L4_MsgTag_t tag = L4_Send_Timeout(t, L4_ZeroTime);
    expect(env::ipc_failed(tag) && L4_ErrorCode() == 0x4, "IPC to it: non-existing partner");
}

void recreate_new_version()
{
    L4_ThreadId_t t = env::spawn(report_ids, 0);
    if (!expect(!L4_IsNilThread(t) && env::wait_done(t), "a worker ran"))
        return;
    expect(env::kill(t), "deleted");
    L4_ThreadId_t again = env::with_version(t, 5);
    L4_Word_t utcb = env::root_utcb_slot();
    expect_eq(tc(again, main_id, main_id, env::sigma0_id, utcb), 1,
              "ThreadControl(create the same number, version 5)");
    env::adopt(again, utcb, report_ids);
    env::sleep_us(1000);
    L4_Start_SpIp(again, env::stack_top_of(again), reinterpret_cast<L4_Word_t>(env::conf_thread_entry));
    L4_Word_t got[3];
    if (expect(env::wait_done(again, got), "the new thread runs"))
        expect_eq(got[0], again.raw, "its MyGlobalId has version 5");
}

void delete_nonexistent()
{
    L4_ThreadId_t t = env::fresh_id();
    expect_eq(tc(t, L4_nilthread, L4_nilthread, L4_nilthread, keep), 1,
              "deleting a thread that does not exist succeeds");
}

void err_no_privilege()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t in[5] = {t.raw, c.raw, c.raw, L4_nilthread.raw, keep};
    L4_Word_t out[2];
    if (expect(env::client_run(c, run_thread_control, 5, in, out, 2), "client ran ThreadControl")) {
        expect_eq(out[0], 0, "ThreadControl from an unprivileged space fails");
        expect_eq(out[1], L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    expect_eq(state_of(t), 0, "nothing was created");
}

void err_invalid_thread_local()
{
    expect_refused(tc(L4_MyLocalId(), main_id, main_id, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "dest = a local id");
    expect_refused(tc(L4_anylocalthread, main_id, main_id, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "dest = anylocalthread");
    expect_refused(tc(L4_anythread, main_id, main_id, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "dest = anythread");
}

void err_invalid_thread_kernel()
{
    L4_ThreadId_t first = L4_GlobalId(facts.system_base, 1);
    L4_ThreadId_t last = L4_GlobalId(facts.user_base - 1, 1);
    L4_Word_t utcb = env::root_utcb_slot();
    expect_refused(tc(first, main_id, main_id, main_id, utcb), L4_ErrInvalidThread, L4_nilthread,
                   "dest = first kernel thread (SystemBase)");
    expect_refused(tc(last, main_id, main_id, main_id, utcb), L4_ErrInvalidThread, L4_nilthread,
                   "dest = last kernel thread (UserBase - 1)");
    expect_refused(tc(first, L4_nilthread, L4_nilthread, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "deleting a kernel thread");
}

void err_invalid_thread_interrupt()
{
    // An interrupt thread with a handler that does not exist (x2-api 4.3
    // step 3): InvalidThread whether or not the kernel associates IRQs.
    L4_ThreadId_t irq = L4_GlobalId(1, 1);
    L4_ThreadId_t nobody = env::fresh_id();
    expect_refused(tc(irq, irq, L4_nilthread, nobody, keep), L4_ErrInvalidThread, L4_nilthread,
                   "interrupt thread 1, handler does not exist");
    expect_refused(tc(irq, L4_nilthread, L4_nilthread, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "deleting an interrupt thread");
}

void err_invalid_thread_out_of_range()
{
    L4_ThreadId_t big = L4_GlobalId(L4_Word_t{1} << facts.thread_bits, 1);
    L4_Word_t utcb = env::root_utcb_slot();
    expect_refused(tc(big, main_id, main_id, main_id, utcb), L4_ErrInvalidThread, L4_nilthread,
                   "thread number 2^t");
    L4_ThreadId_t alias = L4_GlobalId((L4_Word_t{1} << facts.thread_bits) + L4_ThreadNo(main_id), 1);
    expect_refused(tc(alias, L4_nilthread, L4_nilthread, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "deleting 2^t + the root task's number (no aliasing)");
    expect(state_of(main_id) != 0, "the root task still exists");
}

void err_delete_self()
{
    expect_refused(tc(main_id, L4_nilthread, L4_nilthread, L4_nilthread, keep), L4_ErrInvalidThread,
                   L4_nilthread, "deleting the calling thread");
    expect(state_of(main_id) != 0, "still here");
}

void err_invalid_space()
{
    L4_ThreadId_t t = env::fresh_id();
    L4_ThreadId_t nobody = env::fresh_id();
    expect_refused(tc(t, nobody, main_id, L4_nilthread, keep), L4_ErrInvalidSpace, t,
                   "SpaceSpecifier names no thread");
    expect_refused(tc(t, env::with_version(main_id, 7), main_id, L4_nilthread, keep),
                   L4_ErrInvalidSpace, t, "SpaceSpecifier with a wrong version");
}

void err_invalid_scheduler()
{
    L4_ThreadId_t t = env::fresh_id();
    expect_refused(tc(t, main_id, L4_nilthread, L4_nilthread, keep), L4_ErrInvalidScheduler, t,
                   "creation with scheduler nilthread");
}

void err_utcb_misaligned()
{
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t utcb = env::root_utcb_slot();
    expect_refused(tc(t, main_id, main_id, env::sigma0_id, utcb + 0x200), L4_ErrUtcbArea, t,
                   "UTCB location not 1 KiB aligned");
    expect_refused(tc(t, main_id, main_id, env::sigma0_id, utcb + 8), L4_ErrUtcbArea, t,
                   "UTCB location off by one word");
    // The failed calls had no effect: the same creation now works.
    expect_eq(tc(t, main_id, main_id, env::sigma0_id, utcb), 1, "then an aligned location works");
    env::adopt(t, utcb);
}

void err_utcb_outside()
{
    L4_ThreadId_t t = env::fresh_id();
    expect_refused(tc(t, main_id, main_id, env::sigma0_id, facts.utcb_area - 1024), L4_ErrUtcbArea,
                   t, "UTCB location below the UTCB area");
    expect_refused(tc(t, main_id, main_id, env::sigma0_id, facts.utcb_area + (1ul << 20)),
                   L4_ErrUtcbArea, t, "UTCB location above the UTCB area");
    expect_refused(tc(t, main_id, main_id, env::sigma0_id, facts.image_start), L4_ErrUtcbArea, t,
                   "UTCB location in ordinary memory");
}

void err_utcb_in_use()
{
    // Probed with an inactive thread: if the kernel wrongly accepted the
    // location, nothing is written to the UTCB in use until activation.
    L4_ThreadId_t t = env::fresh_id();
    L4_Word_t r = tc(t, main_id, main_id, L4_nilthread, facts.utcb_area);
    if (r == 1)
        env::adopt(t, keep);
    expect_refused(r, L4_ErrUtcbArea, t, "the root task's own UTCB location");
    L4_ThreadId_t w = env::spawn(serve_ids, 0);
    L4_ThreadId_t local = L4_LocalIdOf(w);
    if (!expect(!L4_IsNilThread(local), "a worker"))
        return;
    L4_ThreadId_t u = env::fresh_id();
    r = tc(u, main_id, main_id, env::sigma0_id, local.raw - 512);
    if (r == 1)
        env::adopt(u, keep);
    expect_refused(r, L4_ErrUtcbArea, u, "a worker's UTCB location");
}

void err_utcb_change_active()
{
    L4_ThreadId_t w = env::spawn(serve_ids, 0);
    if (!expect(!L4_IsNilThread(w), "a worker"))
        return;
    L4_Word_t other = env::root_utcb_slot();
    expect_refused(tc(w, w, L4_nilthread, L4_nilthread, other), L4_ErrUtcbArea, L4_nilthread,
                   "moving the UTCB of an active thread");
    expect_eq(L4_LocalIdOf(w).raw == other + 512, 0, "its UTCB did not move");
}

void err_activate_uninitialized()
{
    L4_ThreadId_t t = env::fresh_id();
    expect_refused(tc(t, t, main_id, main_id, env::client_utcb_area), L4_ErrInvalidSpace, t,
                   "creating an active thread in a new (uninitialized) space");
    expect_eq(tc(t, t, main_id, L4_nilthread, env::client_utcb_area), 1,
              "the inactive thread in a new space is fine");
    env::adopt(t, keep);
    expect_eq(tc(t, t, L4_nilthread, main_id, keep), 0,
              "activating it before SpaceControl fails");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidSpace, "ErrorCode");
    expect_eq(state_of(t), L4_SCHEDRESULT_INACTIVE, "it stays inactive");
}

constexpr conf::Case cases[] = {
    {"create_inactive", create_inactive},
    {"activate_and_start_message", activate_and_start_message},
    {"activated_thread_waits", activated_thread_waits},
    {"start_right_after_create", start_right_after_create},
    {"create_active_other_space", create_active_other_space},
    {"modify_pager", modify_pager},
    {"modify_scheduler", modify_scheduler},
    {"move_inactive_thread", move_inactive_thread},
    {"err_move_active_thread", err_move_active_thread},
    {"version_change", version_change},
    {"delete", delete_thread},
    {"recreate_new_version", recreate_new_version},
    {"delete_nonexistent", delete_nonexistent},
    {"err_no_privilege", err_no_privilege},
    {"err_invalid_thread_local", err_invalid_thread_local},
    {"err_invalid_thread_kernel", err_invalid_thread_kernel},
    {"err_invalid_thread_interrupt", err_invalid_thread_interrupt},
    {"err_invalid_thread_out_of_range", err_invalid_thread_out_of_range},
    {"err_delete_self", err_delete_self},
    {"err_invalid_space", err_invalid_space},
    {"err_invalid_scheduler", err_invalid_scheduler},
    {"err_utcb_misaligned", err_utcb_misaligned},
    {"err_utcb_outside", err_utcb_outside},
    {"err_utcb_in_use", err_utcb_in_use},
    {"err_utcb_change_active", err_utcb_change_active},
    {"err_activate_uninitialized", err_activate_uninitialized},
};

}  // namespace

const conf::Group thread_control_group = {"thread_control", cases, sizeof cases / sizeof cases[0]};
