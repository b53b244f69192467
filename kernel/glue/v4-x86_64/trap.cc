// SPDX-License-Identifier: BSD-2-Clause
// Trap dispatch for X.2 on x86_64: interrupts go to the platform's
// handlers, kernel-mode exceptions to the fault report, user-mode
// exceptions become KernelInterface, KDB calls, the lazy FPU switch (#NM)
// or kern::User_faults.
#include <arch/cpu.hpp>
#include <arch/entry.hpp>
#include <arch/fpu.hpp>
#include <arch/interrupt.hpp>
#include <glue/syscall.hpp>
#include <kern/config.hpp>
#include <kern/cpu_local.hpp>
#include <kern/lib.hpp>
#include <kern/port/cpu.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>

namespace glue {

namespace {

using arch::User_frame;
using kern::word_t;

/// Reads instruction bytes at the user's RIP through its page table;
/// returns how many could be read (bytes near an unmapped page are cut).
size_t read_code(word_t ip, uint8_t* buf, size_t n) {
    const kern::Tcb& t = kern::Tcb::current();
    if (!t.space) return 0;
    while (n > 0 && !t.space->read_user(ip, buf, n)) --n;
    return n;
}

/// amd64 binding section 2: KernelInterface is 'lock; nop' (F0 90), which
/// raises #UD; results in RAX, RCX, RDX, RSI, RIP advanced by 2.
bool kernel_interface(User_frame& f) {
    uint8_t code[2];
    if (read_code(f.rip, code, sizeof code) != 2 || code[0] != 0xF0 || code[1] != 0x90) return false;
    kern::Kernel_interface_result r = kern::sys_kernel_interface();
    f.rax = r.kip;
    f.rcx = r.api_version;
    f.rdx = r.api_flags;
    f.rsi = r.kernel_id;
    f.rip += 2;
    return true;
}

/// docs/abi-x86_64.md: threads of privileged address spaces (the initial
/// servers') may use port I/O. The first IN/OUT/INS/OUTS of such a thread
/// raises #GP(0) at IOPL 0; the thread gets IOPL 3 and runs it again.
/// Anything else, and every thread of other spaces, keeps the #GP.
bool grant_io_privilege(User_frame& f) {
    constexpr word_t iopl3 = 3ul << 12;
    const kern::Tcb& t = kern::Tcb::current();
    if (f.error != 0 || (f.rflags & iopl3) == iopl3 || !t.space || !t.space->privileged)
        return false;
    uint8_t code[15];
    size_t n = read_code(f.rip, code, sizeof code);
    size_t i = 0;
    // Operand-size, address-size, segment, REP prefixes and REX.
    while (i < n && (code[i] == 0x66 || code[i] == 0x67 || code[i] == 0x2E || code[i] == 0x3E ||
                     code[i] == 0x26 || code[i] == 0x36 || code[i] == 0x64 || code[i] == 0x65 ||
                     code[i] == 0xF2 || code[i] == 0xF3 || (code[i] & 0xF0) == 0x40))
        ++i;
    if (i >= n) return false;
    uint8_t op = code[i];
    bool io = (op >= 0x6C && op <= 0x6F) || (op >= 0xE4 && op <= 0xE7) || (op >= 0xEC && op <= 0xEF);
    if (!io) return false;
    f.rflags |= iopl3;
    return true;
}

struct Decoded_fault {
    kern::Fault_kind kind;
    word_t address = 0;
    kern::Rights access = kern::Rights::none;
    word_t ip;
};

Decoded_fault decode(const User_frame& f) {
    using kern::Fault_kind;
    switch (f.vector) {
    case arch::vec_pf: {
        // Exactly one access bit (amd64 binding section 10).
        kern::Rights access = (f.error & arch::pf_fetch)   ? kern::Rights::x
                              : (f.error & arch::pf_write) ? kern::Rights::w
                                                           : kern::Rights::r;
        return {Fault_kind::page_fault, arch::read_cr2(), access, f.rip};
    }
    case arch::vec_ud: return {Fault_kind::illegal_instruction, 0, kern::Rights::none, f.rip};
    case arch::vec_bp: return {Fault_kind::breakpoint, 0, kern::Rights::none, f.rip - 1};  // int3 is a trap
    case arch::vec_db: return {Fault_kind::breakpoint, 0, kern::Rights::none, f.rip};
    case arch::vec_ac: return {Fault_kind::alignment, 0, kern::Rights::none, f.rip};
    case arch::vec_de:
    case arch::vec_mf:
    case arch::vec_xm: return {Fault_kind::arithmetic, 0, kern::Rights::none, f.rip};
    case arch::vec_gp:
    case arch::vec_ss:
    case arch::vec_np: return {Fault_kind::protection, 0, kern::Rights::none, f.rip};
    default: return {Fault_kind::other, 0, kern::Rights::none, f.rip};
    }
}

}  // namespace

bool kdb_trap(User_frame& f) {
    // RIP is just past the int3. 'int3; nop' prefixes the same sequences.
    uint8_t code[12] = {};
    size_t n = read_code(f.rip, code, sizeof code);
    size_t at = (n > 0 && code[0] == 0x90) ? 1 : 0;
    if (n >= at + 2 && code[at] == 0x3C) {   // cmpb $op, %al
        bool handled = false;
        word_t result = kern::kdb_call(code[at + 1], f.rax, &handled);
        if (!handled) return false;
        f.rax = result;
        f.rip += at + 2;
        return true;
    }
    if (n >= at + 2 && code[at] == 0xEB) {   // Enter: jmp over a mov carrying the text
        const uint8_t* mov = code + at + 2;
        size_t left = n - at - 2;
        word_t text;
        if (left >= 7 && mov[0] == 0x48 && mov[1] == 0xC7 && mov[2] == 0xC0) {   // movq $imm32 (sign-extended)
            int32_t imm;
            memcpy(&imm, mov + 3, 4);
            text = static_cast<word_t>(static_cast<int64_t>(imm));
        } else if (left >= 10 && mov[0] == 0x48 && mov[1] == 0xB8) {          // movabs $imm64
            memcpy(&text, mov + 2, 8);
        } else if (left >= 5 && mov[0] == 0xB8) {                             // movl $imm32
            uint32_t imm;
            memcpy(&imm, mov + 1, 4);
            text = imm;
        } else {
            return false;
        }
        if constexpr (!kern::config::kdb) return false;
        kern::kdb_enter(text);
        f.rip += at;   // resume at the jmp, which skips the mov
        return true;
    }
    return false;
}

void user_exception(User_frame& f) {
    // Lazy FPU switching: the first FP/SIMD instruction after a switch
    // moves the FPU state to this thread and runs again.
    if (f.vector == arch::vec_nm) {
        arch::fpu_claim(port::cpu_local().arch, kern::Tcb::current().context);
        return;
    }
    if (f.vector == arch::vec_ud && kernel_interface(f)) return;
    if (f.vector == arch::vec_bp && kdb_trap(f)) return;
    if (f.vector == arch::vec_gp && grant_io_privilege(f)) return;
    Decoded_fault d = decode(f);
    kern::on_user_fault(kern::User_fault{d.kind, d.address, d.access, d.ip, (f.vector << 32) | f.error});
}

}  // namespace glue

extern "C" void walnut_trap(arch::User_frame* frame) {
    arch::User_frame& f = *frame;
    if (f.vector >= arch::exception_vectors) {
        arch::dispatch_interrupt(static_cast<unsigned>(f.vector));
    } else if (!f.from_user()) {
        arch::kernel_exception(f);
    } else {
        glue::user_exception(f);
    }
    if (f.from_user()) arch::sanitize_user_frame(f);
}
