// SPDX-License-Identifier: BSD-2-Clause
// ProcessorControl and MemoryControl (x2-api 4.11, 4.12; docs/decisions.md
// points 23 and 35): privileged; ProcessorControl accepts only "unchanged";
// MemoryControl applies the architecture's attribute values
// (docs/abi-<arch>.md), checked through the page-table entries themselves
// (debugger op WALNUT_KDB_MEM_ATTR), and refuses others with InvalidParam.
#include <l4/kdebug.h>
#include <l4/misc.h>
#include <l4/walnut/abi.h>

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

// The memory type of the caller's page-table entry for addr: 1 + the
// kernel's Mem_attr (1 normal, 2 device, 3 uncached, 4 write-combining),
// 0 = no user mapping.
L4_Word_t mem_attr(L4_Word_t addr)
{
#if defined(L4_ARCH_AARCH64)
    return __L4_KDB_OP(WALNUT_KDB_MEM_ATTR, addr);
#else
    return __L4_KDB_Call(WALNUT_KDB_MEM_ATTR, addr);
#endif
}

[[maybe_unused]] constexpr L4_Word_t kind_normal = 1, kind_device = 2, kind_uncached = 3, kind_wc = 4;

// The architecture's MemoryControl values and the memory type each gives.
struct Value {
    L4_Word_t value, kind;
};
template <class T>
struct Span {
    const T* p;
    unsigned n;
    const T* begin() const { return p; }
    const T* end() const { return p + n; }
};
template <class T, unsigned N>
constexpr Span<T> span(const T (&a)[N])
{
    return Span<T>{a, N};
}

#if defined(L4_ARCH_AMD64)
// PAT entry value - 1 (1 WB, 2 WC, 3 UC-, 4 UC).
constexpr Value arch_values[] = {{1, kind_normal}, {2, kind_wc}, {3, kind_uncached}, {4, kind_device}};
constexpr L4_Word_t arch_unsupported[] = {5, 6, 8, 0x100};
Span<Value> values() { return span(arch_values); }
Span<L4_Word_t> unsupported() { return span(arch_unsupported); }
#elif defined(L4_ARCH_AARCH64)
// MAIR index value - 1 (1 normal WB, 2 Device-nGnRE, 3 normal NC, 4 NC/WC).
constexpr Value arch_values[] = {{1, kind_normal}, {2, kind_device}, {3, kind_uncached}, {4, kind_wc}};
constexpr L4_Word_t arch_unsupported[] = {5, 6, 8, 0x100};
Span<Value> values() { return span(arch_values); }
Span<L4_Word_t> unsupported() { return span(arch_unsupported); }
#else
// riscv64: with Svpbmt PBMT value - 1 (1 PMA, 2 NC, 3 IO), else the
// default only (the harts of the default QEMU recipe have no Svpbmt).
constexpr Value pbmt_values[] = {{1, kind_normal}, {2, kind_uncached}, {3, kind_device}};
constexpr L4_Word_t pbmt_unsupported[] = {4, 5, 8, 0x100};
constexpr Value default_values[] = {{0, kind_normal}};
constexpr L4_Word_t default_unsupported[] = {1, 2, 3, 4};
bool svpbmt()
{
    // Value 1 (the PMA's type) is harmless to try: it exists only with Svpbmt.
    static int known = -1;
    if (known < 0)
        known = L4_Set_PageAttribute(L4_FpageLog2(env::test_page(6), 12), 1) == 1;
    return known == 1;
}
Span<Value> values() { return svpbmt() ? span(pbmt_values) : span(default_values); }
Span<L4_Word_t> unsupported() { return svpbmt() ? span(pbmt_unsupported) : span(default_unsupported); }
#endif

// A value that changes the memory type (none on riscv64).
L4_Word_t changing_value(L4_Word_t* kind)
{
    for (const Value& v : values())
        if (v.kind != kind_normal) {
            *kind = v.kind;
            return v.value;
        }
    return 0;
}

bool page_works(unsigned i, L4_Word_t seed)
{
    env::fill_page(i, seed);
    auto* p = reinterpret_cast<volatile L4_Word_t*>(env::test_page(i));
    return expect_eq(p[1], env::pattern(seed, 1), "the page reads back what was written") &&
           expect_eq(p[511], env::pattern(seed, 511), "the page's last word");
}

void memory_control_values_applied()
{
    L4_Fpage_t f = L4_FpageLog2(env::test_page(1), 12);
    env::fill_page(1, 1);  // mapped (and touched) before its type changes
    expect_eq(mem_attr(env::test_page(1)), kind_normal, "RAM starts as normal memory");
    for (const Value& v : values()) {
        if (!expect_eq(L4_Set_PageAttribute(f, v.value), 1, "MemoryControl(supported value)")) {
            conf::note("value %lu: ErrorCode %lu", v.value, L4_ErrorCode());
            continue;
        }
        expect_eq(mem_attr(env::test_page(1)), v.kind, "the entry selects the value's memory type");
        page_works(1, 20 + v.value);
    }
    expect_eq(L4_Set_PageAttribute(f, L4_DefaultMemory), 1, "back to the default");
    expect_eq(mem_attr(env::test_page(1)), kind_normal, "the default of RAM: normal");
    page_works(1, 30);
}

void memory_control_bad_attribute()
{
    L4_Fpage_t f = L4_FpageLog2(env::test_page(2), 12);
    env::fill_page(2, 2);
    L4_Word_t kind = kind_normal;
    L4_Word_t good = changing_value(&kind);
    for (L4_Word_t bad : unsupported()) {
        // The fpage selects attribute 0 (a good one); attribute 3 is bad:
        // all four are checked, and nothing changes.
        const L4_Word_t attributes[4] = {good, 0, 0, bad};
        L4_Fpage_t pages[1] = {f};
        expect_eq(L4_Set_PageAttributes(1, pages, attributes), 0, "an unsupported value is refused");
        expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
        expect_eq(mem_attr(env::test_page(2)), kind_normal, "nothing changed");
    }
    // k >= 64 (bits above 5..0 of control).
    const L4_Word_t zero[4] = {0, 0, 0, 0};
    L4_LoadMR(0, f.raw);
    expect_eq(L4_MemoryControl(64, zero), 0, "k >= 64 is refused");
    expect_eq(L4_ErrorCode(), L4_ErrInvalidParam, "ErrorCode InvalidParam");
}

// Nil fpages are skipped; each fpage's low bits pick its attribute.
void memory_control_selectors_and_nil()
{
    L4_Word_t kind = kind_normal;
    L4_Word_t v = changing_value(&kind);
    L4_Fpage_t a = L4_FpageLog2(env::test_page(3), 12);
    L4_Fpage_t b = L4_FpageLog2(env::test_page(4), 12);
    env::fill_page(3, 3);
    env::fill_page(4, 4);
    L4_Fpage_t pages[3] = {L4_Nilpage, a, b};
    pages[0].raw |= 2;  // a nil fpage selecting attribute 2: skipped
    pages[1].raw |= 2;  // a: attribute 2
    pages[2].raw |= 1;  // b: attribute 1 (the default)
    const L4_Word_t attributes[4] = {0, 0, v, 0};
    if (!expect_eq(L4_Set_PageAttributes(3, pages, attributes), 1, "MemoryControl(3 fpages)"))
        return;
    expect_eq(mem_attr(env::test_page(3)), kind, "page a: attribute 2");
    expect_eq(mem_attr(env::test_page(4)), kind_normal, "page b: attribute 1 (default)");
    page_works(3, 33);
    page_works(4, 44);
    expect_eq(L4_Set_PageAttribute(a, L4_DefaultMemory), 1, "back to the default");
    expect_eq(mem_attr(env::test_page(3)), kind_normal, "page a normal again");
}

// Run in a client: the memory type of its mapping of in[0].
unsigned run_mem_attr(const L4_Word_t* in, L4_Word_t* out)
{
    out[0] = mem_attr(in[0]);
    out[1] = *reinterpret_cast<volatile L4_Word_t*>(in[0] + 8);
    return 2;
}

// A mapping made from a page after MemoryControl gets its memory type.
void memory_control_derived_later()
{
    L4_Word_t kind = kind_normal;
    L4_Word_t v = changing_value(&kind);
    if (v == 0) {
        conf::skip("no memory type but the default on this architecture");
        return;
    }
    L4_Fpage_t f = L4_FpageLog2(env::test_page(5), 12);
    env::fill_page(5, 5);
    if (!expect_eq(L4_Set_PageAttribute(f, v), 1, "MemoryControl"))
        return;
    L4_ThreadId_t c = env::new_client();
    if (!expect(!L4_IsNilThread(c), "a client space"))
        return;
    // Mapped where it is here (the client takes it as case_map does).
    L4_Word_t window = env::test_page(5);
    L4_Fpage_t give = L4_FpageLog2(window, 12);
    L4_Set_Rights(&give, L4_FullyAccessible);
    L4_MsgTag_t t = env::give(c, give, window);
    if (!expect(!env::ipc_failed(t), "mapped to the client"))
        return;
    L4_Word_t in[1] = {window};
    L4_Word_t out[2] = {0, 0};
    if (expect(env::client_run(c, run_mem_attr, 1, in, out, 2), "client ran")) {
        expect_eq(out[0], kind, "the derived mapping has the page's memory type");
        expect_eq(out[1], env::pattern(5, 1), "and reads the page");
    }
    expect_eq(L4_Set_PageAttribute(f, L4_DefaultMemory), 1, "back to the default");
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
    {"memory_control_values_applied", memory_control_values_applied},
    {"memory_control_bad_attribute", memory_control_bad_attribute},
    {"memory_control_selectors_and_nil", memory_control_selectors_and_nil},
    {"memory_control_derived_later", memory_control_derived_later},
};

}  // namespace

const conf::Group control_group = {"control", cases, sizeof cases / sizeof cases[0]};
