// SPDX-License-Identifier: BSD-2-Clause
// Floating point and SIMD state is per thread: threads computing with
// doubles and with vectors (SSE on x86_64, NEON on aarch64, the F/D
// registers on riscv64) interleaved with IPC and with preemption, each
// checking its results against the same computation done alone.
#include "check.hpp"
#include "env.hpp"
#include "groups.hpp"

namespace {

using conf::expect;
using conf::expect_eq;
using env::main_id;

typedef double V2d __attribute__((vector_size(16)));
typedef float V4f __attribute__((vector_size(16)));

constexpr unsigned rounds = 200;
constexpr L4_Word_t label_fp = 0xF10;

L4_Word_t bits_of(double d)
{
    union {
        double d;
        L4_Word_t w;
    } u = {d};
    return u.w;
}

// Several values that live in FP registers across system calls.
struct Fp_state {
    double a, b, c, d;
};

__attribute__((noinline)) Fp_state fp_step(Fp_state s, unsigned i)
{
    double k = 1.0 + 1.0 / (i + 3);
    return Fp_state{s.a * k + 0.25, s.b / k - 1.5, s.c * s.c * 0.5 + s.a * 1e-3, s.d - s.b * 0.125};
}

L4_Word_t fp_digest(const Fp_state& s)
{
    return bits_of(s.a) ^ (bits_of(s.b) << 1) ^ (bits_of(s.c) << 2) ^ (bits_of(s.d) << 3);
}

Fp_state fp_seed(L4_Word_t n)
{
    double x = static_cast<double>(n);
    return Fp_state{x, x * 2.5, 0.125 / (x + 1), -x};
}

struct Vec_state {
    V2d p, q;
    V4f r, s;
};

__attribute__((noinline)) Vec_state vec_step(Vec_state v, unsigned i)
{
    V2d k = {1.0 + 1.0 / (i + 5), 0.5};
    V4f m = {1.5f, 0.75f, 1.0f / (i + 2), 2.0f};
    return Vec_state{v.p * k + v.q, v.q - k * 0.5, v.r * m + v.s * 0.25f, v.s - m};
}

L4_Word_t vec_digest(const Vec_state& v)
{
    union {
        Vec_state v;
        L4_Word_t w[8];
    } u = {v};
    L4_Word_t d = 0;
    for (unsigned i = 0; i < 8; i++)
        d ^= u.w[i] << i;
    return d;
}

Vec_state vec_seed(L4_Word_t n)
{
    double x = static_cast<double>(n);
    float f = static_cast<float>(n);
    return Vec_state{V2d{x, -x}, V2d{x * 0.5, 3.0}, V4f{f, f + 1, -f, 0.5f}, V4f{1, 2, 3, f}};
}

// Thread bodies: compute, send the digest to main with a call, go on.
void fp_worker(L4_Word_t seed)
{
    Fp_state s = fp_seed(seed);
    for (unsigned i = 0; i < rounds; i++) {
        s = fp_step(s, i);
        L4_LoadMR(1, fp_digest(s));
        L4_LoadMR(2, seed);
        L4_Set_MsgTag(L4_MsgTag_t{(label_fp << 16) | 2});
        (void)L4_Call(main_id);
    }
    env::park();
}

void vec_worker(L4_Word_t seed)
{
    Vec_state v = vec_seed(seed);
    for (unsigned i = 0; i < rounds; i++) {
        v = vec_step(v, i);
        L4_LoadMR(1, vec_digest(v));
        L4_LoadMR(2, seed);
        L4_Set_MsgTag(L4_MsgTag_t{(label_fp << 16) | 2});
        (void)L4_Call(main_id);
    }
    env::park();
}

// Busy: compute until the clock says stop, then report rounds and digest.
struct Busy_result {
    L4_Word_t rounds;
    L4_Word_t digest;
};
Busy_result busy_results[2];

void fp_busy(L4_Word_t seed)
{
    Fp_state s = fp_seed(seed);
    Vec_state v = vec_seed(seed);
    L4_Word_t end = env::now_us() + 60000;
    L4_Word_t n = 0;
    while (env::now_us() < end) {
        for (unsigned j = 0; j < 256; j++, n++) {
            s = fp_step(s, static_cast<unsigned>(n));
            v = vec_step(v, static_cast<unsigned>(n));
        }
    }
    busy_results[seed & 1] = Busy_result{n, fp_digest(s) ^ vec_digest(v)};
    env::signal_main(n, 0, 0);
    env::park();
}

// Main's side of the IPC cases: answers 2 x rounds calls, recomputing
// each worker's digest itself (with its own FP state in use meanwhile).
template <typename State, State (*seed_fn)(L4_Word_t), State (*step)(State, unsigned),
          L4_Word_t (*digest)(const State&)>
unsigned serve_and_check(L4_ThreadId_t w0, L4_ThreadId_t w1, L4_Word_t seed0, L4_Word_t seed1)
{
    State mine[2] = {seed_fn(seed0), seed_fn(seed1)};
    unsigned step_no[2] = {0, 0};
    unsigned good = 0;
    for (unsigned n = 0; n < 2 * rounds; n++) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait_Timeout(env::us(env::wait_us), &from);
        if (env::ipc_failed(tag)) {
            conf::note("no message after %u: error 0x%lx", n, L4_ErrorCode());
            break;
        }
        L4_Word_t got, seed;
        L4_StoreMR(1, &got);
        L4_StoreMR(2, &seed);
        unsigned k = seed == seed0 ? 0 : 1;
        mine[k] = step(mine[k], step_no[k]++);
        if (digest(mine[k]) == got)
            good++;
        else if (good + 4 > n)
            conf::note("worker %u round %u: digest 0x%lx, expected 0x%lx", k, step_no[k] - 1, got,
                       digest(mine[k]));
        L4_Set_MsgTag(L4_Niltag);
        (void)L4_Reply(from);
    }
    (void)w0;
    (void)w1;
    return good;
}

// Cases ---------------------------------------------------------------------------------

void fp_with_ipc()
{
    L4_ThreadId_t w0 = env::spawn(fp_worker, 11);
    L4_ThreadId_t w1 = env::spawn(fp_worker, 12);
    if (!expect(!L4_IsNilThread(w0) && !L4_IsNilThread(w1), "two FP workers"))
        return;
    unsigned good = serve_and_check<Fp_state, fp_seed, fp_step, fp_digest>(w0, w1, 11, 12);
    expect_eq(good, 2 * rounds, "every double-precision result matched");
}

void simd_with_ipc()
{
    L4_ThreadId_t w0 = env::spawn(vec_worker, 21);
    L4_ThreadId_t w1 = env::new_space(vec_worker, 22);
    if (!expect(!L4_IsNilThread(w0) && !L4_IsNilThread(w1), "two SIMD workers (two spaces)"))
        return;
    unsigned good = serve_and_check<Vec_state, vec_seed, vec_step, vec_digest>(w0, w1, 21, 22);
    expect_eq(good, 2 * rounds, "every vector result matched");
}

void fp_preempted()
{
    L4_ThreadId_t w0 = env::spawn(fp_busy, 30);
    L4_ThreadId_t w1 = env::spawn(fp_busy, 31);
    if (!expect(!L4_IsNilThread(w0) && !L4_IsNilThread(w1), "two busy FP workers"))
        return;
    L4_Word_t got0[3], got1[3];
    bool done = env::wait_done(w0, got0) && env::wait_done(w1, got1);
    if (!expect(done, "both finished"))
        return;
    expect(got0[0] > 256 && got1[0] > 256, "both computed for a while");
    for (unsigned k = 0; k < 2; k++) {
        Fp_state s = fp_seed(30 + k);
        Vec_state v = vec_seed(30 + k);
        for (L4_Word_t n = 0; n < busy_results[k].rounds; n++) {
            s = fp_step(s, static_cast<unsigned>(n));
            v = vec_step(v, static_cast<unsigned>(n));
        }
        expect_eq(busy_results[k].digest, fp_digest(s) ^ vec_digest(v),
                  "the preempted computation equals the undisturbed one");
    }
}

constexpr conf::Case cases[] = {
    {"fp_with_ipc", fp_with_ipc},
    {"simd_with_ipc", simd_with_ipc},
    {"fp_preempted", fp_preempted},
};

}  // namespace

const conf::Group fpu_group = {"fpu", cases, sizeof cases / sizeof cases[0]};
