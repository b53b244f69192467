// SPDX-License-Identifier: BSD-2-Clause
// SpaceControl (x2-api 4.10): initializing a new space (its KIP and UTCB
// areas take effect), the UtcbArea, KipArea, InvalidSpace and NoPrivilege
// errors, and that the areas stay fixed once set.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

constexpr L4_Word_t keep = ~L4_Word_t{0};
// Areas of the spaces made here (inside every architecture's user part,
// away from the images and from the areas env.hpp uses).
constexpr L4_Word_t kip_x = 0x2000000000ul;
constexpr L4_Word_t utcb_x = 0x2000100000ul;
constexpr L4_Word_t utcb_y = 0x2000200000ul;
constexpr L4_Word_t outside_user = 0xFFFFFFFF00000000ul;  // kernel half everywhere

L4_Word_t sc(L4_ThreadId_t space, L4_Fpage_t kip, L4_Fpage_t utcb, L4_Word_t* old = nullptr)
{
    L4_Word_t ignored;
    return L4_SpaceControl(space, 0, kip, utcb, L4_nilthread, old ? old : &ignored);
}

L4_ThreadId_t id_of(L4_Word_t raw)
{
    L4_ThreadId_t t;
    t.raw = raw;
    return t;
}

// An inactive thread in a new, uninitialized space (cleaned up later).
L4_ThreadId_t uninitialized_space()
{
    L4_ThreadId_t t = env::fresh_id();
    if (!expect_eq(L4_ThreadControl(t, t, main_id, L4_nilthread, reinterpret_cast<void*>(keep)), 1,
                   "ThreadControl(inactive thread in a new space)"))
        return L4_nilthread;
    env::adopt(t, keep);
    return t;
}

void expect_error(L4_Word_t result, L4_Word_t error, const char* what)
{
    L4_Word_t got = L4_ErrorCode();
    if (expect_eq(result, 0, what))
        expect_eq(got, error, "ErrorCode");
}

// Runs in the new space: what KernelInterface and the UTCB say there.
void probe(L4_Word_t)
{
    L4_Word_t v, f, id;
    void* kip = L4_KernelInterface(&v, &f, &id);
    env::signal_main(reinterpret_cast<L4_Word_t>(kip), *static_cast<volatile L4_Word_t*>(kip),
                     L4_MyLocalId().raw);
}

// Run in a client: SpaceControl on in[0] with valid areas.
unsigned run_space_control(const L4_Word_t* in, L4_Word_t* out)
{
    L4_Word_t old;
    out[0] = L4_SpaceControl(id_of(in[0]), 0, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14),
                             L4_nilthread, &old);
    out[1] = L4_ErrorCode();
    return 2;
}

void init_new_space()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    L4_Word_t old = 0x1234;
    expect_eq(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14), &old), 1, "SpaceControl");
    expect_eq(old, 0, "old control");
    L4_Word_t location = utcb_x + 3 * 1024;
    expect_eq(L4_ThreadControl(t, t, L4_nilthread, env::pager_id, reinterpret_cast<void*>(location)),
              1, "activate the thread at a UTCB in the new area");
    L4_Word_t got[3];
    if (expect(env::launch(t, probe, 0) && env::wait_done(t, got), "the thread runs in its space")) {
        expect_eq(got[0], kip_x, "KernelInterface there = the KIP area given");
        expect_eq(got[1], 0x4BE6344C, "the KIP is mapped there");
        expect_eq(got[2], location + 512, "its MyLocalId = its UTCB location + 512");
    }
}

void err_utcb_too_small()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_error(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 11)), L4_ErrUtcbArea,
                 "UTCB area 2^11 < 2^UtcbAreaInfo.s");
    expect_error(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 10)), L4_ErrUtcbArea,
                 "UTCB area 2^10");
    expect_error(sc(t, L4_FpageLog2(kip_x, 12), L4_Nilpage), L4_ErrUtcbArea, "nil UTCB area");
    // The failures left the space uninitialized: the right call works.
    expect_eq(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 12)), 1,
              "then the minimal size (2^12) works");
}

void err_utcb_outside_user()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_error(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(outside_user, 20)), L4_ErrUtcbArea,
                 "UTCB area in the kernel half");
    expect_error(sc(t, L4_FpageLog2(kip_x, 12), L4_CompleteAddressSpace), L4_ErrUtcbArea,
                 "UTCB area = the complete address space");
    // Areas whose end wraps past 2^64 (host fuzzer: space-control-wrap).
    const L4_Word_t last_page = ~L4_Word_t{0} << 12;
    expect_error(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(last_page, 12)), L4_ErrUtcbArea,
                 "UTCB area in the last page of the address space");
    expect_error(sc(t, L4_FpageLog2(last_page, 12), L4_FpageLog2(utcb_x, 12)), L4_ErrKipArea,
                 "KIP area in the last page of the address space");
}

void err_kip_overlap()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_error(sc(t, L4_FpageLog2(utcb_x + 0x1000, 12), L4_FpageLog2(utcb_x, 14)), L4_ErrKipArea,
                 "KIP area inside the UTCB area");
    expect_error(sc(t, L4_FpageLog2(utcb_x, 16), L4_FpageLog2(utcb_x + 0x4000, 14)), L4_ErrKipArea,
                 "KIP area containing the UTCB area");
}

void err_kip_too_small()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_error(sc(t, L4_FpageLog2(kip_x, 11), L4_FpageLog2(utcb_x, 14)), L4_ErrKipArea,
                 "KIP area 2^11 < 2^KipAreaInfo.s");
    expect_error(sc(t, L4_Nilpage, L4_FpageLog2(utcb_x, 14)), L4_ErrKipArea, "nil KIP area");
}

void err_kip_outside_user()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_error(sc(t, L4_FpageLog2(outside_user, 12), L4_FpageLog2(utcb_x, 14)), L4_ErrKipArea,
                 "KIP area in the kernel half");
}

void err_invalid_space()
{
    L4_ThreadId_t nobody = env::fresh_id();
    expect_error(sc(nobody, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14)), L4_ErrInvalidSpace,
                 "SpaceSpecifier names no thread");
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_error(sc(env::with_version(t, 3), L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14)),
                 L4_ErrInvalidSpace, "SpaceSpecifier with a wrong version");
    expect_error(sc(L4_nilthread, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14)),
                 L4_ErrInvalidSpace, "SpaceSpecifier nilthread");
}

void err_no_privilege()
{
    L4_ThreadId_t c = env::new_client();
    L4_ThreadId_t t = uninitialized_space();
    if (!expect(!L4_IsNilThread(c) && !L4_IsNilThread(t), "a client and a new space"))
        return;
    L4_Word_t out[2];
    if (env::client_run(c, run_space_control, 1, &t.raw, out, 2)) {
        expect_eq(out[0], 0, "SpaceControl from an unprivileged space fails");
        expect_eq(out[1], L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
    // It had no effect: the space can still be initialized.
    expect_eq(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14)), 1,
              "the space was left uninitialized");
}

void second_utcb_area_ignored()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_eq(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 14)), 1, "first SpaceControl");
    L4_Word_t old = 0x77;
    expect_eq(sc(t, L4_FpageLog2(kip_x + 0x10000, 12), L4_FpageLog2(utcb_y, 14), &old), 1,
              "a second SpaceControl on the initialized space");
    expect_eq(old, 0, "its old control");
    // The areas stay fixed: a UTCB in the second area is refused, one in
    // the first is accepted.
    L4_ThreadId_t u = env::fresh_id();
    expect_error(L4_ThreadControl(u, t, main_id, env::pager_id, reinterpret_cast<void*>(utcb_y)),
                 L4_ErrUtcbArea, "a thread with its UTCB in the second area");
    expect_eq(L4_ThreadControl(u, t, main_id, L4_nilthread, reinterpret_cast<void*>(utcb_x + 1024)),
              1, "a thread with its UTCB in the first area");
    env::adopt(u, keep);
}

void minimal_utcb_area()
{
    L4_ThreadId_t t = uninitialized_space();
    if (L4_IsNilThread(t))
        return;
    expect_eq(sc(t, L4_FpageLog2(kip_x, 12), L4_FpageLog2(utcb_x, 12)), 1,
              "SpaceControl with a 4 KiB UTCB area");
    L4_ThreadId_t last = env::fresh_id();
    expect_eq(L4_ThreadControl(last, t, main_id, L4_nilthread,
                               reinterpret_cast<void*>(utcb_x + 3 * 1024)),
              1, "the 4th UTCB location (last that fits) is valid");
    env::adopt(last, keep);
    L4_ThreadId_t beyond = env::fresh_id();
    expect_error(L4_ThreadControl(beyond, t, main_id, env::pager_id,
                                  reinterpret_cast<void*>(utcb_x + 4 * 1024)),
                 L4_ErrUtcbArea, "the location after the area");
}

void space_lives_while_threads()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_ThreadId_t second = env::space_thread(c, env::Thread_fn([](L4_Word_t) { env::park(); }), 0);
    if (!expect(!L4_IsNilThread(second), "a second thread in it"))
        return;
    expect(env::kill(c), "delete the first thread");
    L4_ThreadId_t third = env::fresh_id();
    expect_eq(L4_ThreadControl(third, second, main_id, L4_nilthread,
                               reinterpret_cast<void*>(env::client_utcb_area + 5 * 1024)),
              1, "the space still exists: a new thread joins it");
    env::adopt(third, keep);
    expect(env::kill(second) && env::kill(third), "delete the other two");
    L4_ThreadId_t fourth = env::fresh_id();
    expect_error(L4_ThreadControl(fourth, second, main_id, L4_nilthread, reinterpret_cast<void*>(keep)),
                 L4_ErrInvalidSpace, "the space went with its last thread");
}

constexpr conf::Case cases[] = {
    {"init_new_space", init_new_space},
    {"err_utcb_too_small", err_utcb_too_small},
    {"err_utcb_outside_user", err_utcb_outside_user},
    {"err_kip_overlap", err_kip_overlap},
    {"err_kip_too_small", err_kip_too_small},
    {"err_kip_outside_user", err_kip_outside_user},
    {"err_invalid_space", err_invalid_space},
    {"err_no_privilege", err_no_privilege},
    {"second_utcb_area_ignored", second_utcb_area_ignored},
    {"minimal_utcb_area", minimal_utcb_area},
    {"space_lives_while_threads", space_lives_while_threads},
};

}  // namespace

const conf::Group space_control_group = {"space_control", cases, sizeof cases / sizeof cases[0]};
