// SPDX-License-Identifier: BSD-2-Clause
// Tests of the Kernel Interface Page (kip.cc) against the X.2 encodings
// (x2-api 3.3-3.6): fixed fields, info words, kernel descriptor, processor
// and memory descriptors.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include <host/fake_port.hpp>
#include <kern/config.hpp>
#include <kern/kip.hpp>

namespace {

using kern::word_t;

const word_t* kip_words(word_t offset) {
    return reinterpret_cast<const word_t*>(reinterpret_cast<const uint8_t*>(&kern::kip()) + offset);
}

kern::Boot_info boot_info(unsigned cpus) {
    kern::Boot_info info;
    info.cpu_count = cpus;
    info.cpu_khz = 2000000;
    info.bus_khz = 100000;
    return info;
}

TEST(Kip, FixedFields) {
    kern::kip_init(boot_info(2), 48);
    const kern::Kip& k = kern::kip();
    EXPECT_EQ(reinterpret_cast<uintptr_t>(&k) % kern::page_size, 0u);
    EXPECT_EQ(kern::kip_phys(), reinterpret_cast<uintptr_t>(&k));   // identity on the host
    // Magic: 'L' '4' 230 'K' in memory order.
    EXPECT_EQ(std::memcmp(&k.magic, "L4\xE6K", 4), 0);
    EXPECT_EQ(k.api_version, 0x84050000u);                            // X.2, subversion 5
    EXPECT_EQ(k.api_version >> 24, 0x84u);
    EXPECT_EQ(k.api_flags, 0x4u);                                     // little endian, 64-bit
    EXPECT_EQ(k.kip_area_info & 0x3f, 12u);
}

TEST(Kip, InfoWords) {
    kern::kip_init(boot_info(2), 48);
    const kern::Kip& k = kern::kip();
    // ThreadInfo: t = 18, SystemBase = interrupt lines, UserBase = SystemBase + 32.
    EXPECT_EQ(k.thread_info & 0xff, 18u);
    EXPECT_EQ((k.thread_info >> 8) & 0xfff, 48u);
    EXPECT_EQ((k.thread_info >> 20) & 0xfff, 80u);
    EXPECT_EQ(k.thread_info >> 32, 0u);
    EXPECT_EQ(kern::kip_system_base(), 48u);
    EXPECT_EQ(kern::kip_user_base(), 80u);
    // UtcbAreaInfo: m = 1, a = 10 (1 KiB), s = 12.
    EXPECT_EQ(k.utcb_area_info & 0x3ff, 1u);
    EXPECT_EQ((k.utcb_area_info >> 10) & 0x3f, 10u);
    EXPECT_EQ((k.utcb_area_info >> 16) & 0x3f, 12u);
    // PageInfo: the host format has 4 KiB, 2 MiB and 1 GiB leaves; rwx.
    EXPECT_EQ(k.page_info, (word_t{1} << 12) | (word_t{1} << 21) | (word_t{1} << 30) | 7);
    // ProcessorInfo: 32-byte descriptors (s = 5), two processors.
    EXPECT_EQ(k.processor_info >> 60, 5u);
    EXPECT_EQ(k.processor_info & 0xffff, 1u);
    // ClockInfo: reads exact to 1 us, scheduling to one tick (1000 us at 1000 Hz).
    EXPECT_EQ(k.clock_info & 0xffff, 1u);
    EXPECT_EQ((k.clock_info >> 16) & 0xffff, 1000u);
}

TEST(Kip, ProcessorDescriptors) {
    kern::kip_init(boot_info(3), 16);
    const kern::Kip& k = kern::kip();
    EXPECT_EQ(k.proc_desc_ptr, word_t{WALNUT_KIP_PROC_DESC_OFFSET});
    for (unsigned i = 0; i < 3; ++i) {
        const word_t* pd = kip_words(k.proc_desc_ptr + 32 * i);
        EXPECT_EQ(pd[0], 100000u) << i;    // ExternalFreq (bus)
        EXPECT_EQ(pd[1], 2000000u) << i;   // InternalFreq (core)
    }
    // More CPUs than the kernel supports: clamped; none reported: one.
    kern::kip_init(boot_info(64), 16);
    EXPECT_EQ((k.processor_info & 0xffff) + 1, kern::config::max_cpus);
    kern::kip_init(boot_info(0), 16);
    EXPECT_EQ(k.processor_info & 0xffff, 0u);
}

TEST(Kip, KernelDescriptor) {
    kern::kip_init(boot_info(1), 16);
    const kern::Kip& k = kern::kip();
    ASSERT_GT(k.kernel_desc_ptr, word_t{WALNUT_KIP_PROC_DESC_OFFSET});
    const word_t* kd = kip_words(k.kernel_desc_ptr);
    EXPECT_EQ(kd[0] >> 24, 0x57u);                 // KernelId: id
    EXPECT_EQ((kd[0] >> 16) & 0xff, 1u);           // subid
    word_t day = kd[1] & 0x1f, month = (kd[1] >> 5) & 0xf, year = (kd[1] >> 9) & 0x7f;
    EXPECT_TRUE(day >= 1 && day <= 31) << kd[1];
    EXPECT_TRUE(month >= 1 && month <= 12) << kd[1];
    EXPECT_GE(year, 24u);
    EXPECT_EQ(kd[2] >> 16, 0x0001u);               // 0.1
    EXPECT_EQ(std::memcmp(&kd[3], "WLNT", 4), 0);  // Supplier, first character lowest
    const char* text = reinterpret_cast<const char*>(&kd[4]);
    EXPECT_EQ(std::string(text), "Walnut 0.1.0 (host, host)");
    EXPECT_EQ(text[std::strlen(text) + 1], '\0');  // empty feature list
}

TEST(Kip, MemoryDescriptors) {
    kern::kip_init(boot_info(1), 16);
    const kern::Kip& k = kern::kip();
    EXPECT_EQ(k.memory_info & 0xffffffff, 0u);
    word_t desc = k.memory_info >> 32;
    EXPECT_GT(desc, k.kernel_desc_ptr);
    EXPECT_LT(desc + 32 * 16, word_t{WALNUT_KIP_STUBS_OFFSET});

    kern::kip_add_memory(0x40000000, 0x10000000, kern::Mem_type::conventional);
    kern::kip_add_memory(0x40080000, 0x1234, kern::Mem_type::boot_loader,
                         kern::Boot_subtype::module);
    kern::kip_add_memory(0x3FFF000000, 0x100000, kern::Mem_type::reserved,
                         kern::Boot_subtype::none, true);
    kern::kip_add_memory(0x5000, 0, kern::Mem_type::reserved);   // empty: not recorded
    ASSERT_EQ(k.memory_info & 0xffffffff, 3u);
    const word_t* d = kip_words(desc);
    // [low, high] inclusive in 1 KiB units; type, subtype, virtual bit.
    EXPECT_EQ(d[0], 0x40000000u | 0x1);
    EXPECT_EQ(d[1], 0x4FFFFC00u);
    EXPECT_EQ(d[2] & ~word_t{0x3ff}, 0x40080000u);
    EXPECT_EQ(d[2] & 0xf, 0xEu);
    EXPECT_EQ((d[2] >> 4) & 0xf, 3u);
    EXPECT_EQ(d[3], 0x40081000u);                  // 0x1234 rounds up to the next KiB - 1
    EXPECT_EQ(d[4] & 0xf, 0x2u);
    EXPECT_EQ((d[4] >> 9) & 1, 1u);                // virtual
    EXPECT_EQ((d[0] >> 9) & 1, 0u);                // physical
}

TEST(Kip, TooManyMemoryDescriptorsPanic) {
    kern::kip_init(boot_info(1), 16);
    unsigned added = 0;
    try {
        for (; added < 1000; ++added)
            kern::kip_add_memory(word_t{added} << 20, 0x1000, kern::Mem_type::conventional);
        ADD_FAILURE() << "no limit";
    } catch (const host::Power_off& off) {
        EXPECT_EQ(off.status, 2u);   // kernel panic
    }
    EXPECT_GE(added, 32u);
    // Every descriptor that was accepted fits below the system-call stubs.
    EXPECT_LE((kern::kip().memory_info >> 32) + 16 * added, word_t{WALNUT_KIP_STUBS_OFFSET});
}

}  // namespace
