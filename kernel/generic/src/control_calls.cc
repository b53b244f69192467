// SPDX-License-Identifier: BSD-2-Clause
// ProcessorControl and MemoryControl (x2-api 4.11, 4.12): privileged
// platform controls. No Walnut board can change clock or voltage (only
// requests for the current values succeed), and memory
// attributes of user mappings follow the physical memory's kind (RAM or
// device); both calls check their caller and arguments and report truthfully.
#include <kern/kip.hpp>
#include <kern/space.hpp>
#include <kern/syscall.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

namespace {

word_t fail(Sys_error e) {
    Tcb::current().tcr(WALNUT_TCR_ERROR_CODE) = static_cast<word_t>(e);
    return 0;
}

bool privileged() {
    const Tcb& t = Tcb::current();
    return t.space && t.space->privileged;
}

}  // namespace

// Per processor (docs/scheduling.md): no Walnut board can change clock or
// voltage, so a value succeeds only if it asks for no change: -1, or the
// frequency the processor's KIP descriptor already reports. The voltage is
// unknown, so only -1 is accepted for it.
word_t sys_processor_control(word_t processor, word_t internal_khz, word_t external_khz,
                             word_t voltage) {
    if (!privileged()) return fail(Sys_error::no_privilege);
    if (processor >= kip_processors()) return fail(Sys_error::invalid_param);
    constexpr word_t unchanged = ~word_t{0};
    const auto* desc = reinterpret_cast<const word_t*>(reinterpret_cast<const uint8_t*>(&kip()) +
                                                       WALNUT_KIP_PROC_DESC_OFFSET + 32 * processor);
    word_t external_now = desc[0], internal_now = desc[1];
    auto same = [](word_t asked, word_t now) { return asked == unchanged || (now != 0 && asked == now); };
    if (!same(internal_khz, internal_now) || !same(external_khz, external_now) || voltage != unchanged)
        return fail(Sys_error::invalid_param);
    return 1;
}

word_t sys_memory_control(word_t control, const word_t attributes[4]) {
    if (!privileged()) return fail(Sys_error::no_privilege);
    if ((control & 0x3f) != control) return fail(Sys_error::invalid_param);
    // Only the default attribute (0) is supported so far (issue 4 brings
    // per-architecture cacheability attributes).
    for (unsigned i = 0; i < 4; ++i)
        if (attributes[i] != 0) return fail(Sys_error::invalid_param);
    return 1;
}

}  // namespace kern
