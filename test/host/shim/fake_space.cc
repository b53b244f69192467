// SPDX-License-Identifier: BSD-2-Clause
// Host stand-ins for the kern::Space members that the scheduler and the KIP
// call, so they link without the page tables and kmem behind space.cc.
// Kernel-owned mappings are recorded for the tests to inspect.
#include <host/fake_port.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>

namespace host {

std::vector<Kernel_mapping>& kernel_mappings() {
    static std::vector<Kernel_mapping> log;
    return log;
}

}  // namespace host

namespace kern {

void Space::activate() const { port::activate_space(_root_pa, _asid); }

bool Space::map_kernel_owned(vaddr_t va, paddr_t pa, unsigned size_log2, Rights r, Mem_attr a) {
    host::kernel_mappings().push_back(host::Kernel_mapping{this, va, pa, size_log2, r, a});
    return true;
}

}  // namespace kern
