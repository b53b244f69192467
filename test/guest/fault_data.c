/* SPDX-License-Identifier: BSD-2-Clause */
/* Root task: writes to an unmapped address. The kernel must report the page
 * fault (address, ip, access) and halt this thread, not the machine. */
#include "fault.h"

int main(void)
{
    fault_test_begin("fault_data");
    *(volatile L4_Word_t *)FAULT_DATA_ADDRESS = 0x5a5a;
    return fault_test_survived("fault_data");
}
