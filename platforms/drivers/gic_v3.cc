// SPDX-License-Identifier: BSD-2-Clause
// GICv3 (Arm IHI 0069): distributor, redistributor and CPU-interface
// programming, following the architecture's initialisation sequence (12.9
// and 12.11 of the spec).
#include <drivers/gic_v3.hpp>

namespace drivers {

namespace {

// Distributor.
constexpr unsigned gicd_ctlr = 0x0000;
constexpr unsigned gicd_typer = 0x0004;
constexpr unsigned gicd_igroupr = 0x0080;
constexpr unsigned gicd_isenabler = 0x0100;
constexpr unsigned gicd_icenabler = 0x0180;
constexpr unsigned gicd_icpendr = 0x0280;
constexpr unsigned gicd_ipriorityr = 0x0400;
constexpr unsigned gicd_icfgr = 0x0c00;
constexpr unsigned gicd_irouter = 0x6000;
// Redistributor: RD_base frame, then the SGI_base frame 64 KiB above.
constexpr unsigned gicr_ctlr = 0x0000;
constexpr unsigned gicr_typer = 0x0008;
constexpr unsigned gicr_waker = 0x0014;
constexpr unsigned sgi_frame = 0x10000;
constexpr unsigned gicr_igroupr0 = 0x0080;
constexpr unsigned gicr_isenabler0 = 0x0100;
constexpr unsigned gicr_icenabler0 = 0x0180;
constexpr unsigned gicr_icpendr0 = 0x0280;
constexpr unsigned gicr_ipriorityr = 0x0400;

constexpr uint32_t ctlr_rwp = 1u << 31;
// ARE_NS | EnableGrp1A | EnableGrp1 as the non-secure view names them; the
// same bits mean ARE | EnableGrp1 | EnableGrp0 with a single security state.
constexpr uint32_t ctlr_enable = (1u << 4) | (1u << 1) | (1u << 0);
constexpr uint32_t ctlr_are = 1u << 4;
constexpr uint32_t gicr_ctlr_rwp = 1u << 3;
constexpr uint32_t waker_processor_sleep = 1u << 1;
constexpr uint32_t waker_children_asleep = 1u << 2;
constexpr uint64_t typer_last = 1u << 4;
constexpr uint64_t typer_vlpis = 1u << 1;

constexpr uint32_t priority4 = 0xa0a0a0a0;
constexpr uint64_t priority_mask = 0xf0;
constexpr unsigned spin_limit = 1u << 20;

uint64_t read64(volatile uint8_t* p) {
    // Two 32-bit halves: every GIC allows those, not every bus 64-bit reads.
    auto* w = reinterpret_cast<volatile uint32_t*>(p);
    return w[0] | (uint64_t{w[1]} << 32);
}

void write64(volatile uint8_t* p, uint64_t v) {
    auto* w = reinterpret_cast<volatile uint32_t*>(p);
    w[0] = static_cast<uint32_t>(v);
    w[1] = static_cast<uint32_t>(v >> 32);
}

// MPIDR_EL1 affinity as GICR_TYPER[63:32] and GICD_IROUTER hold it.
uint32_t typer_affinity(uint64_t mpidr) {
    return static_cast<uint32_t>(((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff));
}
uint64_t irouter_affinity(uint64_t mpidr) { return mpidr & 0xff00ffffffull; }

}  // namespace

volatile uint32_t& Gic_v3::dist(unsigned offset) const {
    return *reinterpret_cast<volatile uint32_t*>(_dist + offset);
}

volatile uint32_t& Gic_v3::sgi(unsigned offset) const {
    return *reinterpret_cast<volatile uint32_t*>(_rd + sgi_frame + offset);
}

void Gic_v3::wait_dist() const {
    for (unsigned i = 0; i < spin_limit && (dist(gicd_ctlr) & ctlr_rwp); ++i) {
    }
}

void Gic_v3::wait_redist() const {
    auto* ctlr = reinterpret_cast<volatile uint32_t*>(_rd + gicr_ctlr);
    for (unsigned i = 0; i < spin_limit && (*ctlr & gicr_ctlr_rwp); ++i) {
    }
}

bool Gic_v3::find_redistributor(volatile uint8_t* region, size_t size, uint64_t stride,
                                uint64_t mpidr) {
    uint32_t want = typer_affinity(mpidr);
    for (size_t off = 0; off + 2 * sgi_frame <= size;) {
        uint64_t typer = read64(region + off + gicr_typer);
        if (static_cast<uint32_t>(typer >> 32) == want) {
            _rd = region + off;
            return true;
        }
        if (typer & typer_last) break;
        off += stride ? stride : (typer & typer_vlpis) ? 4 * sgi_frame : 2 * sgi_frame;
    }
    return false;
}

bool Gic_v3::init_cpu_interface() {
    uint64_t sre;
    asm volatile("mrs %0, icc_sre_el1" : "=r"(sre));
    asm volatile("msr icc_sre_el1, %0; isb" ::"r"(sre | 1));
    asm volatile("mrs %0, icc_sre_el1" : "=r"(sre));
    if (!(sre & 1)) return false;   // a higher EL keeps the memory-mapped interface
    asm volatile("msr icc_pmr_el1, %0" ::"r"(priority_mask));
    asm volatile("msr icc_bpr1_el1, %0" ::"r"(uint64_t{0}));
    asm volatile("msr icc_ctlr_el1, %0" ::"r"(uint64_t{0}));   // EOI also deactivates
    asm volatile("msr icc_igrpen1_el1, %0; isb" ::"r"(uint64_t{1}));
    return true;
}

Gic_v3::Status Gic_v3::init(volatile void* dist_base, volatile void* redist, size_t redist_size,
                            uint64_t stride, uint64_t mpidr) {
    _dist = static_cast<volatile uint8_t*>(dist_base);
    if (!find_redistributor(static_cast<volatile uint8_t*>(redist), redist_size, stride, mpidr))
        return Status::no_redistributor;

    // Distributor: off, affinity routing on, every SPI group 1, masked,
    // not pending, one priority, level triggered, routed to this CPU.
    dist(gicd_ctlr) = 0;
    wait_dist();
    dist(gicd_ctlr) = ctlr_are;
    wait_dist();
    unsigned n = 32 * ((dist(gicd_typer) & 0x1f) + 1);
    _lines = n > 1020 ? 1020 : n;
    for (unsigned i = 32; i < _lines; i += 32) {
        dist(gicd_igroupr + i / 8) = ~0u;
        dist(gicd_icenabler + i / 8) = ~0u;
        dist(gicd_icpendr + i / 8) = ~0u;
    }
    for (unsigned i = 32; i < _lines; i += 4) dist(gicd_ipriorityr + i) = priority4;
    for (unsigned i = 32; i < _lines; i += 16) dist(gicd_icfgr + i / 4) = 0;
    wait_dist();
    dist(gicd_ctlr) = ctlr_enable;
    wait_dist();
    for (unsigned i = 32; i < _lines; ++i)
        write64(_dist + gicd_irouter + 8 * i, irouter_affinity(mpidr));

    // This CPU's redistributor: awake, SGIs and PPIs group 1, masked.
    auto* waker = reinterpret_cast<volatile uint32_t*>(_rd + gicr_waker);
    *waker = *waker & ~waker_processor_sleep;
    for (unsigned i = 0; i < spin_limit && (*waker & waker_children_asleep); ++i) {
    }
    sgi(gicr_igroupr0) = ~0u;
    sgi(gicr_icenabler0) = ~0u;
    sgi(gicr_icpendr0) = ~0u;
    for (unsigned i = 0; i < 32; i += 4) sgi(gicr_ipriorityr + i) = priority4;
    wait_redist();

    return init_cpu_interface() ? Status::ok : Status::no_system_registers;
}

void Gic_v3::mask(unsigned intid) {
    if (intid >= _lines) return;
    if (intid < 32) {
        sgi(gicr_icenabler0) = 1u << intid;
        wait_redist();
    } else {
        dist(gicd_icenabler + (intid / 32) * 4) = 1u << (intid % 32);
        wait_dist();
    }
}

void Gic_v3::unmask(unsigned intid) {
    if (intid >= _lines) return;
    if (intid < 32) sgi(gicr_isenabler0) = 1u << intid;
    else dist(gicd_isenabler + (intid / 32) * 4) = 1u << (intid % 32);
}

uint32_t Gic_v3::acknowledge() {
    uint64_t iar;
    asm volatile("mrs %0, icc_iar1_el1" : "=r"(iar)::"memory");
    return static_cast<uint32_t>(iar);
}

void Gic_v3::end_of_interrupt(uint32_t iar) {
    asm volatile("msr icc_eoir1_el1, %0; isb" ::"r"(uint64_t{iar}) : "memory");
}

}  // namespace drivers
