// SPDX-License-Identifier: BSD-2-Clause
// ProcessorControl and MemoryControl (x2-api 4.11, 4.12; docs/decisions.md
// point 23): privileged, "unchanged" / the default attribute accepted,
// anything else InvalidParam.
#include <l4/misc.h>

#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;

constexpr L4_Word_t keep = ~L4_Word_t{0};

// Run in a client: both calls from an unprivileged space.
unsigned run_controls(const L4_Word_t*, L4_Word_t* out)
{
    out[0] = L4_ProcessorControl(0, keep, keep, keep);
    out[1] = L4_ErrorCode();
    L4_Fpage_t f = L4_FpageLog2(env::test_page(0), 12);
    out[2] = L4_Set_PageAttribute(f, L4_DefaultMemory);
    out[3] = L4_ErrorCode();
    return 4;
}

void processor_control()
{
    expect_eq(L4_ProcessorControl(0, keep, keep, keep), 1, "processor 0, nothing changed: 1");
    expect_eq(L4_ProcessorControl(0, 1000000, keep, keep), 0, "a new internal frequency is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
    expect_eq(L4_ProcessorControl(0, keep, keep, 900), 0, "a new voltage is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
}

void processor_control_no_such_cpu()
{
    L4_Word_t n = L4_NumProcessors(env::facts.kip);
    expect_eq(L4_ProcessorControl(n, keep, keep, keep), 0,
              "the processor after the last one (KIP ProcessorInfo) is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
    expect_eq(L4_ProcessorControl(0xFFFF, keep, keep, keep), 0, "processor 0xFFFF is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
}

void memory_control()
{
    L4_Fpage_t f = L4_FpageLog2(env::test_page(0), 12);
    expect_eq(L4_Set_PageAttribute(f, L4_DefaultMemory), 1, "the default attribute: 1");
    expect_eq(L4_Set_PageAttribute(f, 5), 0, "attribute 5 is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
    L4_Fpage_t pages[2] = {f, L4_Nilpage};
    const L4_Word_t attributes[4] = {0, 0, 0, 0};
    expect_eq(L4_Set_PageAttributes(2, pages, attributes), 1, "two fpages, one nil: 1");
    env::fill_page(0, 5);
    expect_eq(reinterpret_cast<volatile L4_Word_t*>(env::test_page(0))[1], env::pattern(5, 1),
              "the page is still usable");
}

void err_no_privilege()
{
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    L4_Word_t out[4];
    if (expect(env::client_run(c, run_controls, 0, nullptr, out, 4), "the client ran both calls")) {
        expect_eq(out[0], 0, "ProcessorControl from an unprivileged space fails");
        expect_eq(out[1], L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
        expect_eq(out[2], 0, "MemoryControl from an unprivileged space fails");
        expect_eq(out[3], L4_ErrNoPrivilege, "ErrorCode NoPrivilege");
    }
}

constexpr conf::Case cases[] = {
    {"processor_control", processor_control},
    {"processor_control_no_such_cpu", processor_control_no_such_cpu},
    {"memory_control", memory_control},
    {"err_no_privilege", err_no_privilege},
};

}  // namespace

const conf::Group control_group = {"control", cases, sizeof cases / sizeof cases[0]};
