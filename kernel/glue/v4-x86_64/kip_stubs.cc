// SPDX-License-Identifier: BSD-2-Clause
// The KIP's system-call stubs on x86_64 (port/syscall.hpp): one 32-byte
// slot per call holding `mov $n, %eax; syscall; ret`, so code that calls
// through the KIP links gets exactly the register convention of the inline
// wrappers (docs/abi-x86_64.md). Instruction fetch is coherent with stores
// on x86, so nothing needs flushing.
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/syscall.hpp>

namespace port {

namespace {

constexpr uint8_t mov_eax_imm32 = 0xB8;
constexpr uint8_t syscall_insn[2] = {0x0F, 0x05};
constexpr uint8_t ret = 0xC3;
constexpr uint8_t int3 = 0xCC;   // fills the rest of a slot: a stray jump traps

}  // namespace

void kip_syscall_stubs(uint8_t* area, size_t size, kern::word_t (&offsets)[WALNUT_SYS_COUNT]) {
    check(size >= WALNUT_SYS_COUNT * WALNUT_KIP_STUB_SLOT_SIZE);
    for (kern::word_t n = 0; n < WALNUT_SYS_COUNT; ++n) {
        uint8_t* slot = area + n * WALNUT_KIP_STUB_SLOT_SIZE;
        memset(slot, int3, WALNUT_KIP_STUB_SLOT_SIZE);
        auto number = static_cast<uint32_t>(n);
        slot[0] = mov_eax_imm32;
        memcpy(slot + 1, &number, sizeof number);   // mov $n, %eax (zero-extends into RAX)
        memcpy(slot + 5, syscall_insn, sizeof syscall_insn);
        slot[7] = ret;
        offsets[n] = WALNUT_KIP_STUBS_OFFSET + n * WALNUT_KIP_STUB_SLOT_SIZE;
    }
}

}  // namespace port
