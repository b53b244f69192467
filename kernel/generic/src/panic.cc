// SPDX-License-Identifier: BSD-2-Clause
// Stopping the machine: panics, boot errors, failed assertions, shutdown.
#include <kern/console.hpp>
#include <kern/panic.hpp>
#include <kern/port/cpu.hpp>

namespace kern {

void shutdown(Exit_status status) {
    port::irq_disable();
    printf("Walnut: power off (status %u)\n", static_cast<unsigned>(status));
    port::power_off(static_cast<unsigned>(status));
}

void panic(const char* fmt, ...) {
    port::irq_disable();
    printf("\nKERNEL PANIC: ");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    shutdown(Exit_status::kernel_panic);
}

void boot_error(const char* fmt, ...) {
    port::irq_disable();
    printf("\nBOOT ERROR: ");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\nThe boot cannot continue; see docs/boot-image.md.\n");
    shutdown(Exit_status::boot_error);
}

void assertion_failed(const char* expr, const char* file, int line) {
    panic("assertion '%s' failed at %s:%d", expr, file, line);
}

}  // namespace kern
