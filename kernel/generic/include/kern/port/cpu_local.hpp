// SPDX-License-Identifier: BSD-2-Clause
// Contract: the per-CPU block of the running CPU. The hottest access in the
// kernel, so every arch supplies it inline in <arch/cpu_local.hpp> as
//   namespace port { inline kern::Cpu_local& cpu_local(); }
// reading the register set by port::set_cpu_local (kern/port/cpu.hpp).
#pragma once

#include <arch/cpu_local.hpp>

namespace kern { struct Cpu_local; }

static_assert(sizeof(&port::cpu_local) != 0, "the arch must define port::cpu_local inline");
