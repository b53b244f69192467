// SPDX-License-Identifier: BSD-2-Clause
// x86_64 interrupt descriptor table and the vector -> handler table through
// which the platform's interrupt controllers receive their vectors (the arch
// does not know which device sits behind a vector).
#pragma once

#include <arch/context.hpp>

namespace arch {

inline constexpr unsigned exception_vectors = 32;   // 0..31: CPU exceptions
inline constexpr unsigned vector_count = 256;

// CPU exception vectors the kernel decodes.
inline constexpr unsigned vec_de = 0, vec_db = 1, vec_nmi = 2, vec_bp = 3, vec_of = 4,
                          vec_br = 5, vec_ud = 6, vec_nm = 7, vec_df = 8, vec_ts = 10,
                          vec_np = 11, vec_ss = 12, vec_gp = 13, vec_pf = 14, vec_mf = 16,
                          vec_ac = 17, vec_mc = 18, vec_xm = 19;

// #PF error-code bits.
inline constexpr word_t pf_present = 1, pf_write = 2, pf_user = 4, pf_reserved = 8,
                        pf_fetch = 16;

/// Handler for an interrupt vector (>= 32); runs with interrupts disabled.
using Interrupt_handler = void (*)(unsigned vector);

/// Builds the IDT (once) and loads it on the calling CPU.
void idt_init();
void idt_load();

/// Routes vector (32..255) to handler; nullptr removes it.
void set_interrupt_handler(unsigned vector, Interrupt_handler handler);

/// Calls the handler of an interrupt vector; unexpected vectors are
/// counted and reported once, then ignored.
void dispatch_interrupt(unsigned vector);

/// Short name of an exception vector ("#PF page fault").
const char* exception_name(unsigned vector);

/// An exception in kernel mode: prints the full report and ends in
/// kern::on_kernel_fault.
[[noreturn]] void kernel_exception(const User_frame& frame);

/// Prints all registers of a frame plus CR0/CR2/CR3/CR4 (fault reports).
void print_frame(const User_frame& frame);

}  // namespace arch
