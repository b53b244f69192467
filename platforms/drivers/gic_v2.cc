// SPDX-License-Identifier: BSD-2-Clause
// GICv2 (Arm IHI 0048B): distributor and CPU-interface programming.
#include <drivers/gic_v2.hpp>

namespace drivers {

namespace {

// Distributor.
constexpr unsigned gicd_ctlr = 0x000;
constexpr unsigned gicd_typer = 0x004;
constexpr unsigned gicd_isenabler = 0x100;
constexpr unsigned gicd_icenabler = 0x180;
constexpr unsigned gicd_icpendr = 0x280;
constexpr unsigned gicd_ipriorityr = 0x400;
constexpr unsigned gicd_itargetsr = 0x800;
constexpr unsigned gicd_icfgr = 0xc00;
// CPU interface.
constexpr unsigned gicc_ctlr = 0x000;
constexpr unsigned gicc_pmr = 0x004;
constexpr unsigned gicc_bpr = 0x008;
constexpr unsigned gicc_iar = 0x00c;
constexpr unsigned gicc_eoir = 0x010;

constexpr uint32_t enable = 1;
// Every line gets the same priority; the mask lets all of them through.
constexpr uint32_t priority4 = 0xa0a0a0a0;
constexpr uint32_t priority_mask = 0xf0;

}  // namespace

volatile uint32_t& Gic_v2::dist(unsigned offset) const {
    return *reinterpret_cast<volatile uint32_t*>(_dist + offset);
}

volatile uint32_t& Gic_v2::cpu(unsigned offset) const {
    return *reinterpret_cast<volatile uint32_t*>(_cpu + offset);
}

void Gic_v2::init(volatile void* dist_base, volatile void* cpu_base) {
    _dist = static_cast<volatile uint8_t*>(dist_base);
    _cpu = static_cast<volatile uint8_t*>(cpu_base);
    dist(gicd_ctlr) = 0;
    unsigned n = 32 * ((dist(gicd_typer) & 0x1f) + 1);
    _lines = n > 1020 ? 1020 : n;

    // ITARGETSR0..7 are banked and read as the calling CPU's own bit.
    uint32_t self = dist(gicd_itargetsr) & 0xff;
    uint32_t target4 = self * 0x01010101u;
    for (unsigned i = 32; i < _lines; i += 32) {
        dist(gicd_icenabler + i / 8) = ~0u;
        dist(gicd_icpendr + i / 8) = ~0u;
    }
    for (unsigned i = 32; i < _lines; i += 4) {
        dist(gicd_ipriorityr + i) = priority4;
        dist(gicd_itargetsr + i) = target4;
    }
    for (unsigned i = 32; i < _lines; i += 16) dist(gicd_icfgr + i / 4) = 0;   // level
    dist(gicd_ctlr) = enable;
    init_cpu();
}

void Gic_v2::init_cpu() {
    dist(gicd_icenabler) = ~0u;
    dist(gicd_icpendr) = ~0u;
    for (unsigned i = 0; i < 32; i += 4) dist(gicd_ipriorityr + i) = priority4;
    cpu(gicc_pmr) = priority_mask;
    cpu(gicc_bpr) = 0;
    cpu(gicc_ctlr) = enable;
}

void Gic_v2::mask(unsigned intid) {
    if (intid < _lines) dist(gicd_icenabler + (intid / 32) * 4) = 1u << (intid % 32);
}

void Gic_v2::unmask(unsigned intid) {
    if (intid < _lines) dist(gicd_isenabler + (intid / 32) * 4) = 1u << (intid % 32);
}

uint32_t Gic_v2::acknowledge() { return cpu(gicc_iar); }

void Gic_v2::end_of_interrupt(uint32_t iar) { cpu(gicc_eoir) = iar; }

}  // namespace drivers
