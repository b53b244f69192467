// SPDX-License-Identifier: BSD-2-Clause
// Host stand-in for <arch/cpu_data.hpp>: the arch part of kern::Cpu_local.
#pragma once

namespace arch {

struct Cpu_data {
    void* self = nullptr;
};

}  // namespace arch
