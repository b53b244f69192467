// SPDX-License-Identifier: BSD-2-Clause
// Kernel-mode exceptions are kernel bugs (the kernel reads user memory only
// through page-table lookups, never by user pointers): reported with all
// registers before the generic kernel adds the symbol and stops.
#include <arch/cpu.hpp>
#include <arch/interrupt.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/cpu.hpp>
#include <kern/trap.hpp>

namespace arch {

void print_frame(const User_frame& f) {
    kern::printf("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", f.rax, f.rbx, f.rcx, f.rdx);
    kern::printf("  rsi %016lx  rdi %016lx  rbp %016lx  rsp %016lx\n", f.rsi, f.rdi, f.rbp, f.rsp);
    kern::printf("  r8  %016lx  r9  %016lx  r10 %016lx  r11 %016lx\n", f.r8, f.r9, f.r10, f.r11);
    kern::printf("  r12 %016lx  r13 %016lx  r14 %016lx  r15 %016lx\n", f.r12, f.r13, f.r14, f.r15);
    kern::printf("  rip %016lx  rflags %08lx  cs %04lx  ss %04lx  vector %lu  error 0x%lx\n", f.rip,
                 f.rflags, f.cs, f.ss, f.vector, f.error);
}

namespace {

void print_page_fault_cause(word_t error) {
    kern::printf("  page fault: %s on a %s page%s%s\n",
                 (error & pf_fetch) ? "instruction fetch" : (error & pf_write) ? "write" : "read",
                 (error & pf_present) ? "present (protection)" : "non-present",
                 (error & pf_reserved) ? ", reserved bit set" : "",
                 (error & pf_user) ? ", user mode" : "");
}

}  // namespace

void kernel_exception(const User_frame& frame) {
    word_t address = frame.vector == vec_pf ? read_cr2() : 0;
    kern::printf("\n*** KERNEL FAULT on CPU %u: %s (vector %lu, error 0x%lx)", port::cpu_local().index,
                 exception_name(static_cast<unsigned>(frame.vector)), frame.vector, frame.error);
    if (frame.vector == vec_pf) kern::printf(" at address 0x%lx", address);
    kern::printf("\n");
    if (frame.vector == vec_pf) print_page_fault_cause(frame.error);
    print_frame(frame);
    kern::printf("  cr0 %016lx  cr2 %016lx  cr3 %016lx  cr4 %016lx\n", read_cr0(), read_cr2(),
                 read_cr3(), read_cr4());
    kern::on_kernel_fault(exception_name(static_cast<unsigned>(frame.vector)), address, frame.rip);
}

}  // namespace arch
