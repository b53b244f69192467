// SPDX-License-Identifier: BSD-2-Clause
// The KIP's system-call stubs on riscv64 (port/syscall.hpp): one 32-byte
// slot per call holding `li t0, n; ecall; ret`, so code that calls through
// the KIP links gets exactly the register convention of the inline
// wrappers (docs/abi-riscv64.md).
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/syscall.hpp>

namespace port {

namespace {

constexpr uint32_t ecall = 0x00000073;
constexpr uint32_t ret = 0x00008067;  // jalr zero, 0(ra)
constexpr unsigned t0 = 5;

// addi t0, zero, n (the `li` of a 12-bit constant).
constexpr uint32_t li_t0(word_t n) { return static_cast<uint32_t>(n << 20) | (t0 << 7) | 0x13; }

void put(uint8_t* p, uint32_t insn) { memcpy(p, &insn, sizeof insn); }

}  // namespace

void kip_syscall_stubs(uint8_t* area, size_t size, word_t (&offsets)[WALNUT_SYS_COUNT]) {
    static_assert(WALNUT_SYS_COUNT < 2048, "numbers must fit li's 12-bit immediate");
    check(size >= WALNUT_SYS_COUNT * WALNUT_KIP_STUB_SLOT_SIZE);
    for (word_t n = 0; n < WALNUT_SYS_COUNT; ++n) {
        uint8_t* slot = area + n * WALNUT_KIP_STUB_SLOT_SIZE;
        put(slot, li_t0(n));
        put(slot + 4, ecall);
        put(slot + 8, ret);
        offsets[n] = WALNUT_KIP_STUBS_OFFSET + n * WALNUT_KIP_STUB_SLOT_SIZE;
    }
    // The stubs are fetched as instructions later: make this hart's
    // instruction fetches see the stores (other harts fence.i when they start).
    asm volatile("fence.i" ::: "memory");
}

}  // namespace port
