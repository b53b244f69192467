// SPDX-License-Identifier: BSD-2-Clause
// The fuzz targets' host machine and failure report (see fuzz_support.hpp).
#include <sys/mman.h>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_support.hpp"
#include "fuzz_port.hpp"

#include <arch/pt_format.hpp>
#include <kern/cpu_local.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/kmem.hpp>
#include <kern/lib.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/platform.hpp>
#include <kern/space.hpp>
#include <l4/walnut/abi.h>

namespace hostfuzz {

namespace {

bool initialized = false;

void reserve_window(paddr_t base, paddr_t size) {
    void* want = reinterpret_cast<void*>(base);
    void* got = mmap(want, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (got != want) {
        std::fprintf(stderr, "hostfuzz: cannot reserve [%#lx, %#lx) for fake physical memory\n",
                     base, base + size);
        std::abort();
    }
}

}  // namespace

void machine_init(size_t kmem_pages) {
    if (initialized) return;
    initialized = true;
    reserve_window(ram_base, ram_size);

    // kmem takes its state array from the front of the pool: one more page.
    size_t bytes = (kmem_pages + 1) * kern::page_size;
    void* pool = std::aligned_alloc(kern::page_size << kern::Kmem::max_order,
                                    kern::align_up(bytes, kern::page_size << kern::Kmem::max_order));
    kern::kmem.init(pool, bytes);
    kern::kernel_pool = kern::Boot_region{reinterpret_cast<paddr_t>(pool), bytes};

    // The machine as an arch's boot code would describe it.
    kern::Boot_info& b = kern::boot_info;
    b = kern::Boot_info{};
    (void)b.ram.add(ram_base, ram_size);
    (void)b.firmware.add(firmware_base, firmware_size);
    b.kernel_image = kern::Boot_region{image_base, image_size};
    b.cpu_count = 1;

    kern::cpus[0].index = 0;
    port::set_cpu_local(&kern::cpus[0]);
    kern::kip_init(b, port::irq_lines());
}

void violation(const char* step, const char* fmt, ...) {
    std::fprintf(stderr, "\nhostfuzz: VIOLATION after %s: ", step);
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
    const std::string& console = console_text();
    size_t from = console.size() > 4000 ? console.size() - 4000 : 0;
    std::fprintf(stderr, "\nhostfuzz: kernel console (last 4000 bytes):\n%s\n", console.c_str() + from);
    std::abort();
}

bool known(const char* bug_id) {
    static const std::string list = [] {
        const char* v = std::getenv("WALNUT_HOSTFUZZ_KNOWN");
        return "," + std::string(v ? v : "") + ",";
    }();
    return list.find("," + std::string(bug_id) + ",") != std::string::npos;
}

bool tracing() {
    static const bool on = std::getenv("WALNUT_HOSTFUZZ_TRACE") != nullptr;
    return on;
}

void trace(const char* fmt, ...) {
    if (!tracing()) return;
    va_list ap;
    va_start(ap, fmt);
    std::fputs("hostfuzz: ", stderr);
    std::vfprintf(stderr, fmt, ap);
    std::fputc('\n', stderr);
    va_end(ap);
}

word_t pick_word(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0: return 0;
    case 1: return ~word_t{0};
    case 2: return in.ConsumeIntegral<uint8_t>();
    case 3: return word_t{1} << in.ConsumeIntegralInRange(0, 63);
    case 4: return pick_base(in, 12, nullptr) + in.ConsumeIntegral<uint8_t>() * 8;
    case 5: return in.ConsumeIntegral<word_t>();
    default: {
        // A 16-bit seed spread over the word (splitmix64 finaliser).
        word_t z = in.ConsumeIntegral<uint16_t>() * 0x9E3779B97F4A7C15ul;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBul;
        return z ^ (z >> 31);
    }
    }
}

unsigned pick_size_log2(FuzzedDataProvider& in) {
    static constexpr unsigned sizes[] = {12, 12, 12, 12, 13, 14, 15, 16, 20, 21, 21, 21, 22,
                                         29, 30, 30, 31, 38, 39, 40, 46, 47, 48, 62, 63, 64};
    return in.PickValueInArray(sizes);
}

word_t pick_base(FuzzedDataProvider& in, unsigned size_log2, const kern::Space* space) {
    constexpr word_t top = arch::Pt_format::user_top;
    word_t anchors[] = {
        ram_base, ram_base + 2 * kern::MiB, ram_base + 64 * kern::MiB, ram_base + kern::GiB,
        image_base, firmware_base, dev_base, dev_base + 0x9000000, 0, 0x1000, 0x200000,
        0x40000000, WALNUT_INITIAL_UTCB_AREA, WALNUT_INITIAL_KIP_AREA, top - kern::page_size,
        top, space ? space->utcb_area : 0, space ? space->kip_area : 0, 0,
    };
    word_t base = in.PickValueInArray(anchors);
    if (base == 0 && in.ConsumeBool()) base = pick_word(in);
    if (size_log2 >= 64) return 0;
    word_t size = word_t{1} << size_log2;
    base += size * in.ConsumeIntegralInRange<word_t>(0, 3);
    if (in.ConsumeIntegralInRange(0, 7) == 0) base -= size;
    return kern::align_down(base, size);
}

word_t pick_fpage(FuzzedDataProvider& in, const kern::Space* space) {
    switch (in.ConsumeIntegralInRange(0, 15)) {
    case 0: return pick_word(in);                                                // any word
    case 1: return (word_t{1} << 4) | in.ConsumeIntegralInRange<word_t>(0, 7);  // complete
    case 2: return in.ConsumeIntegralInRange<word_t>(0, 7);                     // nil
    default: break;
    }
    unsigned s = pick_size_log2(in);
    if (in.ConsumeIntegralInRange(0, 7) == 0) s = in.ConsumeIntegralInRange(0u, 63u);
    word_t base = pick_base(in, s >= 64 ? 63 : s, space) & ~word_t{0x3ff};
    if (s >= 64) s = 63;
    return base | (word_t{s} << 4) | in.ConsumeIntegralInRange<word_t>(0, 7);
}

}  // namespace hostfuzz
