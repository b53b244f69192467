// SPDX-License-Identifier: BSD-2-Clause
// The KIP's system-call links on aarch64: one stub per call, 'svc #n; ret',
// so code that calls through the KIP (X.2 style) and code that executes
// 'svc #n' inline (Walnut's <l4/aarch64/syscalls.h>) enter the kernel the
// same way, with the same register convention.
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/syscall.hpp>

namespace port {

namespace {
constexpr uint32_t insn_svc = 0xd4000001;   // svc #imm16: imm16 in bits 20..5
constexpr uint32_t insn_ret = 0xd65f03c0;
}  // namespace

void kip_syscall_stubs(uint8_t* area, size_t size, word_t (&offsets)[WALNUT_SYS_COUNT]) {
    check(size >= WALNUT_SYS_COUNT * WALNUT_KIP_STUB_SLOT_SIZE);
    for (unsigned n = 0; n < WALNUT_SYS_COUNT; ++n) {
        uint8_t* slot = area + n * WALNUT_KIP_STUB_SLOT_SIZE;
        uint32_t code[2] = {insn_svc | (n << 5), insn_ret};
        memcpy(slot, code, sizeof code);
        offsets[n] = WALNUT_KIP_STUBS_OFFSET + n * WALNUT_KIP_STUB_SLOT_SIZE;
    }
    // The stubs were written as data; user code fetches them through
    // another mapping: clean to the point of unification, drop stale
    // instructions everywhere.
    for (size_t off = 0; off < WALNUT_SYS_COUNT * WALNUT_KIP_STUB_SLOT_SIZE; off += 16)
        asm volatile("dc cvau, %0" ::"r"(area + off) : "memory");
    asm volatile("dsb ish; ic ialluis; dsb ish; isb" ::: "memory");
}

}  // namespace port
