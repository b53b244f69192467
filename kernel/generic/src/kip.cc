// SPDX-License-Identifier: BSD-2-Clause
// Filling the Kernel Interface Page truthfully for the running machine.
#include <arch/pt_format.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/kip.hpp>
#include <kern/lib.hpp>
#include <kern/panic.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/syscall.hpp>
#include <kern/space.hpp>

namespace kern {

namespace {

alignas(page_size) uint8_t kip_page[page_size];

constexpr word_t kernel_desc_offset = WALNUT_KIP_PROC_DESC_OFFSET + 32 * config::max_cpus;
constexpr word_t kernel_desc_size = 0x80;   // 4 words + version string + features
constexpr word_t mem_desc_offset = kernel_desc_offset + kernel_desc_size;
constexpr word_t mem_desc_max = (WALNUT_KIP_STUBS_OFFSET - mem_desc_offset) / 16;
static_assert(config::max_cpus <= 32, "processor descriptors must fit the KIP page");
static_assert(mem_desc_max >= 32);

word_t system_base = 0;

word_t* words_at(word_t offset) { return reinterpret_cast<word_t*>(kip_page + offset); }

// The kernel's build date as X.2 KernelGenDate (day, month, year - 2000).
word_t gen_date() {
    const char* d = __DATE__;  // "Mmm dd yyyy"
    static constexpr char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    word_t month = 1;
    for (word_t m = 0; m < 12; ++m)
        if (strncmp(d, months + 3 * m, 3) == 0) month = m + 1;
    word_t day = word_t((d[4] == ' ' ? 0 : d[4] - '0') * 10 + (d[5] - '0'));
    word_t year = word_t((d[9] - '0') * 10 + (d[10] - '0'));
    return day | (month << 5) | (year << 9);
}

}  // namespace

Kip& kip() { return *reinterpret_cast<Kip*>(kip_page); }
paddr_t kip_phys() { return port::virt_to_phys(kip_page); }
word_t kip_system_base() { return system_base; }
word_t kip_user_base() { return system_base + WALNUT_KERNEL_THREADS; }

void kip_init(const Boot_info& info, unsigned irq_lines) {
    memset(kip_page, 0, sizeof kip_page);
    Kip& k = kip();
    k.magic = 0x4BE6344C;  // 'L' '4' 230 'K'
    k.api_version = kip_api_version;
    k.api_flags = kip_api_flags;

    // Kernel descriptor: id, date, version, supplier, version string, no features yet.
    k.kernel_desc_ptr = kernel_desc_offset;
    word_t* kd = words_at(kernel_desc_offset);
    kd[0] = kip_kernel_id;
    kd[1] = gen_date();
    kd[2] = 0x00010000;              // Walnut 0.1.0
    kd[3] = 'W' | ('L' << 8) | ('N' << 16) | (word_t{'T'} << 24);
    char* text = reinterpret_cast<char*>(&kd[4]);
    snprintf(text, kernel_desc_size - 4 * sizeof(word_t) - 2,
             "Walnut %s (%s, %s)", config::version, config::arch, config::platform);
    // The feature list (after the version string's NUL) is empty: the page is zeroed.

    // Memory descriptors follow; the count starts at 0.
    k.memory_info = (mem_desc_offset << 32) | 0;

    // UTCBs: m = 1, a = 10 (1 KiB), minimal area s = 12.
    k.utcb_area_info = (word_t{12} << 16) | (word_t{WALNUT_UTCB_ALIGN_LOG2} << 10) | 1;
    k.kip_area_info = WALNUT_KIP_AREA_LOG2;

    system_base = irq_lines;
    k.thread_info = (kip_user_base() << 20) | (system_base << 8) | WALNUT_THREAD_BITS;

    word_t mask = 0;
    for (unsigned level = 0; level < arch::Pt_format::levels; ++level)
        if (arch::Pt_format::leaf_allowed(level)) mask |= word_t{1} << (page_shift + 9 * level);
    k.page_info = mask | 7;

    unsigned cpus = min(info.cpu_count ? info.cpu_count : 1u, config::max_cpus);
    k.processor_info = (word_t{5} << 60) | (cpus - 1);
    k.proc_desc_ptr = WALNUT_KIP_PROC_DESC_OFFSET;
    for (unsigned i = 0; i < cpus; ++i) {
        word_t* pd = words_at(WALNUT_KIP_PROC_DESC_OFFSET + 32 * i);
        pd[0] = info.bus_khz;
        pd[1] = info.cpu_khz;
    }
    // System-call links: offsets of the glue's stubs from the KIP base.
    word_t link[WALNUT_SYS_COUNT] = {};
    port::kip_syscall_stubs(kip_page + WALNUT_KIP_STUBS_OFFSET, page_size - WALNUT_KIP_STUBS_OFFSET,
                            link);
    k.space_control = link[WALNUT_SYS_SPACE_CONTROL];
    k.thread_control = link[WALNUT_SYS_THREAD_CONTROL];
    k.processor_control = link[WALNUT_SYS_PROCESSOR_CONTROL];
    k.memory_control = link[WALNUT_SYS_MEMORY_CONTROL];
    k.ipc = link[WALNUT_SYS_IPC];
    k.lipc = link[WALNUT_SYS_LIPC];
    k.unmap = link[WALNUT_SYS_UNMAP];
    k.exchange_registers = link[WALNUT_SYS_EXCHANGE_REGISTERS];
    k.system_clock = link[WALNUT_SYS_SYSTEM_CLOCK];
    k.thread_switch = link[WALNUT_SYS_THREAD_SWITCH];
    k.schedule = link[WALNUT_SYS_SCHEDULE];

    // ClockInfo: SystemClock reads are exact to 1 us; timeouts and time
    // slices are as precise as one timer tick.
    k.clock_info = (word_t{1000000 / config::tick_hz} << 16) | 1;
}

bool kip_map_into(Space& space) {
    return space.map_kernel_owned(space.kip_area, kip_phys(), page_shift, Rights::rx, Mem_attr::normal);
}

void kip_add_memory(paddr_t low, paddr_t size, Mem_type type, Boot_subtype sub, bool is_virtual) {
    Kip& k = kip();
    word_t n = k.memory_info & 0xffffffff;
    if (n >= mem_desc_max) panic("KIP: too many memory descriptors");
    if (size == 0) return;
    word_t* d = words_at(mem_desc_offset + 16 * n);
    // A range running past the end of the address space ends there.
    paddr_t last = low + size - 1 < low ? ~paddr_t{0} : low + size - 1;
    word_t lo = align_down(low, 1024), hi = last | 0x3ff;
    d[0] = (lo & ~word_t{0x3ff}) | (is_virtual ? 1u << 9 : 0) |
           (word_t{static_cast<uint8_t>(sub)} << 4) | static_cast<uint8_t>(type);
    d[1] = hi & ~word_t{0x3ff};
    k.memory_info = (k.memory_info & ~word_t{0xffffffff}) | (n + 1);
}

}  // namespace kern
