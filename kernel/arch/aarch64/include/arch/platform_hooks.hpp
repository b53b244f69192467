// SPDX-License-Identifier: BSD-2-Clause
// What every aarch64 board supplies to the arch layer (besides the port::
// platform contract): the console, which arch boot must bring up before
// kern::kernel_main, and interrupt dispatch, which the arch's IRQ entry
// calls. Implemented in platforms/<board>/.
#pragma once

#include <kern/fdt.hpp>

namespace platform {

/// Finds the console UART (device tree /chosen stdout-path, else the
/// board's default) and maps and initialises it; port::console_putc works
/// afterwards. dt is nullptr when the device tree is unusable: then the
/// board's fallback address is used so the error can still be reported.
/// Called once, MMU on, RAM direct-mapped.
void console_init(const kern::fdt::Tree* dt);

/// Acknowledges one pending interrupt at the interrupt controller and
/// hands it to kern::on_timer_tick() or kern::on_irq(). Called by the IRQ
/// entry with interrupts masked, on the current thread's kernel stack.
void handle_irq();

}  // namespace platform
