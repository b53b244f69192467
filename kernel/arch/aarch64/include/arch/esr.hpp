// SPDX-License-Identifier: BSD-2-Clause
// Decoding ESR_EL1, the exception syndrome (Arm ARM D17.2.37): exception
// classes and the data/instruction abort fault status codes the kernel uses.
#pragma once

#include <kern/types.hpp>

namespace arch::esr {

using kern::word_t;

inline constexpr unsigned ec_unknown = 0x00;
inline constexpr unsigned ec_wfx = 0x01;
inline constexpr unsigned ec_fp_access = 0x07;
inline constexpr unsigned ec_illegal_state = 0x0e;
inline constexpr unsigned ec_svc64 = 0x15;
inline constexpr unsigned ec_hvc64 = 0x16;
inline constexpr unsigned ec_smc64 = 0x17;
inline constexpr unsigned ec_sysreg = 0x18;
inline constexpr unsigned ec_inst_abort_lower = 0x20;
inline constexpr unsigned ec_inst_abort_same = 0x21;
inline constexpr unsigned ec_pc_align = 0x22;
inline constexpr unsigned ec_data_abort_lower = 0x24;
inline constexpr unsigned ec_data_abort_same = 0x25;
inline constexpr unsigned ec_sp_align = 0x26;
inline constexpr unsigned ec_fp_exception = 0x2c;
inline constexpr unsigned ec_serror = 0x2f;
inline constexpr unsigned ec_breakpoint_lower = 0x30;
inline constexpr unsigned ec_breakpoint_same = 0x31;
inline constexpr unsigned ec_step_lower = 0x32;
inline constexpr unsigned ec_step_same = 0x33;
inline constexpr unsigned ec_watchpoint_lower = 0x34;
inline constexpr unsigned ec_watchpoint_same = 0x35;
inline constexpr unsigned ec_brk64 = 0x3c;

constexpr unsigned ec(word_t esr) { return static_cast<unsigned>(esr >> 26) & 0x3f; }
constexpr unsigned iss(word_t esr) { return static_cast<unsigned>(esr & 0x1ffffff); }

// Aborts: fault status code (DFSC/IFSC) and the bits around it.
constexpr unsigned fsc(word_t esr) { return static_cast<unsigned>(esr & 0x3f); }
constexpr bool write_not_read(word_t esr) { return esr & (1u << 6); }
constexpr bool cache_maintenance(word_t esr) { return esr & (1u << 8); }
constexpr bool far_not_valid(word_t esr) { return esr & (1u << 10); }

enum class Fault_class : uint8_t {
    address_size,
    translation,
    access_flag,
    permission,
    alignment,
    other
};

constexpr Fault_class classify(unsigned fsc) {
    if (fsc <= 0x03) return Fault_class::address_size;
    if (fsc <= 0x07) return Fault_class::translation;
    if (fsc >= 0x08 && fsc <= 0x0b) return Fault_class::access_flag;
    if (fsc >= 0x0c && fsc <= 0x0f) return Fault_class::permission;
    if (fsc == 0x21) return Fault_class::alignment;
    return Fault_class::other;
}

/// Translation-table level a fault status code names (0-3).
constexpr unsigned fault_level(unsigned fsc) { return fsc & 3; }

}  // namespace arch::esr
