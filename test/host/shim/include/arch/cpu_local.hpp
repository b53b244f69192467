// SPDX-License-Identifier: BSD-2-Clause
// Host shim: the per-CPU block comes from the fake port (shim/fake_port.cc),
// out of line, so tests can install their own.
#pragma once

namespace kern { struct Cpu_local; }

namespace port {
kern::Cpu_local& cpu_local();
}  // namespace port
