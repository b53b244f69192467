// SPDX-License-Identifier: BSD-2-Clause
// The Kernel Interface Page (x2-api section 3): one page in the kernel
// image, mapped read-only into every space at its KIP area. Layout asserted
// against the X.2 offsets.
#pragma once

#include <kern/boot_info.hpp>
#include <kern/types.hpp>
#include <l4/walnut/abi.h>

namespace kern {

struct Kip_server {      // sigma0 / sigma1 / root server descriptor
    word_t sp, ip, low, high;
};

struct Kip {
    word_t magic;
    word_t api_version;
    word_t api_flags;
    word_t kernel_desc_ptr;
    word_t kdebug_init, kdebug_entry, kdebug_low, kdebug_high;
    Kip_server sigma0, sigma1, root_server;
    word_t reserved_a0;
    word_t memory_info;
    word_t kdebug_config[2];
    word_t legacy_mem[16];
    word_t reserved_140[2];
    word_t utcb_area_info;
    word_t kip_area_info;
    word_t reserved_160[2];
    word_t boot_info;
    word_t proc_desc_ptr;
    word_t clock_info;
    word_t thread_info;
    word_t page_info;
    word_t processor_info;
    word_t space_control, thread_control, processor_control, memory_control;
    word_t ipc, lipc, unmap, exchange_registers, system_clock, thread_switch, schedule;
    word_t reserved_1f8;
    word_t reserved_200[4];
    word_t arch_syscall[4];
};

static_assert(sizeof(Kip) == 0x240);
static_assert(__builtin_offsetof(Kip, sigma0) == 0x40);
static_assert(__builtin_offsetof(Kip, root_server) == 0x80);
static_assert(__builtin_offsetof(Kip, memory_info) == 0xA8);
static_assert(__builtin_offsetof(Kip, utcb_area_info) == 0x150);
static_assert(__builtin_offsetof(Kip, boot_info) == 0x170);
static_assert(__builtin_offsetof(Kip, thread_info) == 0x188);
static_assert(__builtin_offsetof(Kip, space_control) == 0x1A0);
static_assert(__builtin_offsetof(Kip, schedule) == 0x1F0);
static_assert(__builtin_offsetof(Kip, arch_syscall) == 0x220);
static_assert(WALNUT_KIP_PROC_DESC_OFFSET == sizeof(Kip));

/// X.2 memory descriptor types (x2-api 3.6).
enum class Mem_type : uint8_t {
    undefined = 0, conventional = 1, reserved = 2, dedicated = 3, shared = 4,
    boot_loader = 0xE, arch_specific = 0xF,
};

/// Boot-loader specific subtypes: Pistachio's 1-3, and Walnut's 4 for the
/// firmware's description of the machine (device tree, multiboot data).
enum class Boot_subtype : uint8_t {
    none = 0, tables = 1, server_image = 2, module = 3, machine_description = 4,
};

/// The values that stand in the KIP (also returned by KernelInterface).
inline constexpr word_t kip_api_version = 0x84050000;   // X.2, subversion 5
inline constexpr word_t kip_api_flags = 0x4;            // little endian, 64-bit
inline constexpr word_t kip_kernel_id = 0x57010000;     // Walnut: id 0x57 ('W'), subid 1

/// The KIP page (kernel virtual) and its physical address.
Kip& kip();
paddr_t kip_phys();

/// Fills the fixed fields and the processor descriptors.
void kip_init(const Boot_info& info, unsigned irq_lines);
/// Appends one memory descriptor; panics if the page is full (a boot-time bug).
void kip_add_memory(paddr_t low, paddr_t size, Mem_type type, Boot_subtype sub = Boot_subtype::none,
                    bool is_virtual = false);

/// Maps the KIP read-only (and executable: it holds the system-call stubs)
/// at the space's KIP area.
[[nodiscard]] bool kip_map_into(class Space& space);

/// Number of processors the KIP reports (ProcessorInfo).
inline word_t kip_processors() { return (kip().processor_info & 0xffff) + 1; }

/// Thread-number layout (ThreadInfo).
word_t kip_system_base();
word_t kip_user_base();

}  // namespace kern
