// SPDX-License-Identifier: BSD-2-Clause
// kernel_main: the generic boot sequence, in this order: report the machine,
// place the boot archive's servers and the kernel pool, start kernel memory,
// the platform (interrupt controller, timer) and the KIP, load the initial
// servers, then hand the CPU to the scheduler for good.
#include <arch/pt_format.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/kmem.hpp>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/port/platform.hpp>
#include <kern/scheduler.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_table.hpp>

namespace kern {

Cpu_local cpus[config::max_cpus];

namespace {

void print_regions(const char* what, const Boot_region_list& list) {
    for (unsigned i = 0; i < list.count; ++i)
        printf("  %-9s [0x%lx, 0x%lx) %lu KiB\n", what, list.region[i].base, list.region[i].end(),
               list.region[i].size / KiB);
}

void report_machine(const Boot_info& info) {
    printf("Walnut %s (L4 X.2) on %s, board %s, %u CPU(s)\n", config::version, config::arch,
           config::platform, info.cpu_count);
    if (info.cmdline[0]) printf("  cmdline   %s\n", info.cmdline);
    print_regions("ram", info.ram);
    print_regions("firmware", info.firmware);
    print_regions("boot data", info.boot_data);
    printf("  kernel    [0x%lx, 0x%lx)\n", info.kernel_image.base, info.kernel_image.end());
    printf("  archive   [0x%lx, 0x%lx)\n", info.archive.base, info.archive.end());
}

// Memory descriptors, in X.2 precedence order (later ones win): RAM first,
// then what is carved out of it.
void describe_memory(const Boot_info& info, const Boot_plan& plan) {
    for (unsigned i = 0; i < info.ram.count; ++i)
        kip_add_memory(info.ram.region[i].base, info.ram.region[i].size, Mem_type::conventional);
    for (unsigned i = 0; i < info.firmware.count; ++i)
        kip_add_memory(info.firmware.region[i].base, info.firmware.region[i].size, Mem_type::reserved);
    for (unsigned i = 0; i < info.boot_data.count; ++i)
        kip_add_memory(info.boot_data.region[i].base, info.boot_data.region[i].size,
                       Mem_type::boot_loader, Boot_subtype::machine_description);
    kip_add_memory(info.archive.base, info.archive.size, Mem_type::boot_loader, Boot_subtype::module);
    for (const Initial_server& s : plan.server)
        if (s.entry)
            kip_add_memory(s.low, s.high - s.low, Mem_type::boot_loader, Boot_subtype::server_image);
    kip_add_memory(plan.bootinfo_page, page_size, Mem_type::boot_loader, Boot_subtype::tables);
    kip_add_memory(info.kernel_image.base, info.kernel_image.size, Mem_type::reserved);
    kip_add_memory(plan.kmem_base, plan.kmem_size, Mem_type::reserved);
    kip_add_memory(0, arch::Pt_format::user_top, Mem_type::conventional, Boot_subtype::none, true);
}

[[noreturn]] void idle_loop() {
    for (;;) {
        port::idle_wait();
        schedule();
    }
}

void create_idle_thread(Cpu_local& cpu) {
    Thread_id id = Thread_id::global(kip_system_base() + cpu.index, 1);
    Tcb* idle = Tcb::create(id, "idle");
    if (!idle || !threads.set(id.number(), idle)) panic("no memory for the idle thread");
    idle->priority = 0;
    idle->cpu = cpu.index;
    idle->state = Thread_state::running;
    port::context_init_kernel(idle->context, idle->kstack_top(), idle_loop);
    cpu.idle = idle;
}

[[noreturn]] void start_scheduling(Cpu_local& cpu) {
    Tcb* first = cpu.ready.highest();
    if (first) cpu.ready.dequeue(*first);  // running threads are not queued
    else first = cpu.idle;
    if (first->space) first->space->activate();
    if (first->utcb) port::set_utcb_pointer(first->utcb_uva, first->user_frame());
    cpu.current = first;
    arch::Context boot_context{};
    port::switch_context(boot_context, first->context, first->kstack_top());
    panic("the boot context was resumed");
}

}  // namespace

void kernel_main(Boot_info& info) {
    boot_info = info;
    Cpu_local& cpu = port::cpu_local();
    report_machine(boot_info);

    static Boot_plan plan;
    plan_boot(boot_info, plan);
    kmem.init(port::phys_to_virt(plan.kmem_base), plan.kmem_size);
    printf("  kmem      [0x%lx, 0x%lx) %lu KiB free\n", plan.kmem_base,
           plan.kmem_base + plan.kmem_size, kmem.free_bytes() / KiB);

    port::platform_init(boot_info);
    kip_init(boot_info, port::irq_lines());
    describe_memory(boot_info, plan);

    create_idle_thread(cpu);
    load_initial_servers(plan);
    write_bootinfo(plan);
    printf("Walnut: starting user level (timer %u Hz)\n", config::tick_hz);
    start_scheduling(cpu);
}

}  // namespace kern
