// SPDX-License-Identifier: BSD-2-Clause
// Placing and starting sigma0, sigma1 and the root server.
#include <arch/pt_format.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/cpu_local.hpp>
#include <kern/initial_servers.hpp>
#include <kern/kip.hpp>
#include <kern/kmem.hpp>
#include <kern/lib.hpp>
#include <kern/mapdb.hpp>
#include <kern/panic.hpp>
#include <kern/port/context.hpp>
#include <kern/port/cpu.hpp>
#include <kern/port/mmu.hpp>
#include <kern/space.hpp>
#include <kern/tcb.hpp>
#include <kern/thread_ops.hpp>
#include <kern/thread_table.hpp>

namespace kern {

using boot_archive::Role;

Space* sigma0_space = nullptr;
Boot_info boot_info;
Boot_region kernel_pool;

namespace {

constexpr Role server_roles[3] = {Role::sigma0, Role::sigma1, Role::root};
constexpr word_t kmem_alignment = page_size << Kmem::max_order;

// Physical ranges already in use at boot, for overlap checks.
struct Used_range {
    paddr_t base, size;
    const char* what;
};

struct Used_list {
    Used_range r[Boot_region_list::capacity * 2 + 8];
    unsigned n = 0;
    void add(paddr_t base, paddr_t size, const char* what) {
        if (size && n < sizeof r / sizeof r[0]) r[n++] = Used_range{base, size, what};
    }
    const Used_range* overlap(paddr_t base, paddr_t size) const {
        for (unsigned i = 0; i < n; ++i)
            if (ranges_overlap(base, size, r[i].base, r[i].size)) return &r[i];
        return nullptr;
    }
};

Used_list used_at_boot(const Boot_info& info) {
    Used_list u;
    u.add(align_down(info.kernel_image.base, page_size),
          align_up(info.kernel_image.end(), page_size) - align_down(info.kernel_image.base, page_size),
          "the kernel image");
    u.add(align_down(info.archive.base, page_size),
          align_up(info.archive.end(), page_size) - align_down(info.archive.base, page_size),
          "the boot archive");
    for (unsigned i = 0; i < info.firmware.count; ++i)
        u.add(info.firmware.region[i].base, info.firmware.region[i].size, "firmware memory");
    for (unsigned i = 0; i < info.boot_data.count; ++i)
        u.add(info.boot_data.region[i].base, info.boot_data.region[i].size, "boot loader data");
    return u;
}

bool in_ram(const Boot_info& info, paddr_t base, paddr_t size) {
    for (unsigned i = 0; i < info.ram.count; ++i) {
        const Boot_region& r = info.ram.region[i];
        if (base >= r.base && base + size <= r.end()) return true;
    }
    return false;
}

void plan_server(const Boot_info& info, Boot_plan& plan, Initial_server& s, Used_list& used) {
    const char* role = boot_archive::role_name(s.role);
    const char* why = nullptr;
    if (!elf::parse(plan.archive.data(*s.entry), s.entry->size, port::elf_machine(), &s.image, &why))
        boot_error("%s '%s' in the boot archive is not a valid executable: %s", role,
                   s.entry->name, why);
    s.low = ~paddr_t{0};
    s.high = 0;
    for (unsigned i = 0; i < s.image.count; ++i) {
        const elf::Segment& seg = s.image.segment[i];
        s.low = min<paddr_t>(s.low, align_down(seg.vaddr, page_size));
        s.high = max<paddr_t>(s.high, align_up(seg.vaddr + seg.mem_size, page_size));
    }
    if (!in_ram(info, s.low, s.high - s.low))
        boot_error("%s '%s' is linked at [0x%lx, 0x%lx), which is not RAM on this board", role,
                   s.entry->name, s.low, s.high);
    if (const Used_range* u = used.overlap(s.low, s.high - s.low))
        boot_error("%s '%s' at [0x%lx, 0x%lx) overlaps %s at [0x%lx, 0x%lx)", role,
                   s.entry->name, s.low, s.high, u->what, u->base, u->base + u->size);
    used.add(s.low, s.high - s.low, role);
}

// Finds room for the kernel pool plus the bootinfo page at the top of RAM.
void plan_kmem(const Boot_info& info, Boot_plan& plan, const Used_list& used) {
    size_t need = config::kmem_bytes + kmem_alignment;
    for (unsigned i = info.ram.count; i-- > 0;) {
        const Boot_region& r = info.ram.region[i];
        paddr_t top = r.end();
        while (top >= r.base + need) {
            paddr_t base = align_down(top - need, kmem_alignment);
            if (base < r.base) break;
            const Used_range* u = used.overlap(base, need);
            if (!u) {
                // The pool is aligned for the largest buddy block; the page
                // just below it holds bootinfo.
                plan.kmem_base = base + kmem_alignment;
                plan.kmem_size = config::kmem_bytes;
                plan.bootinfo_page = plan.kmem_base - page_size;
                kernel_pool = Boot_region{plan.kmem_base, plan.kmem_size};
                return;
            }
            top = u->base;
        }
    }
    boot_error("no room for %lu MiB of kernel memory in RAM", config::kmem_bytes / MiB);
}

void load_image(const Boot_plan& plan, const Initial_server& s) {
    for (unsigned i = 0; i < s.image.count; ++i) {
        const elf::Segment& seg = s.image.segment[i];
        auto* dst = static_cast<uint8_t*>(port::phys_to_virt(seg.vaddr));
        memcpy(dst, plan.archive.data(*s.entry) + seg.file_offset, seg.file_size);
        memset(dst + seg.file_size, 0, seg.mem_size - seg.file_size);
        if (has(seg.rights, Rights::x)) port::sync_instruction_memory(dst, seg.mem_size);
    }
}

// The image's pages: sigma0's are identity roots in the mapping database,
// the others' are mapped from sigma0, as if sigma0 had handed them out.
bool map_image(Space& space, paddr_t low, paddr_t high) {
    for (paddr_t pa = low; pa < high; pa += page_size) {
        if (space.is_sigma0) {
            if (!mapdb::sigma0_identity(space, pa, page_shift)) return false;
        } else if (mapdb::transfer(*sigma0_space, pa, space, pa, page_shift, Rights::rwx, false) !=
                   mapdb::Result::ok) {
            return false;
        }
    }
    return true;
}

// Space, KIP, UTCB and thread of one initial server.
Tcb* start_server(Initial_server& s, unsigned index, Thread_id pager) {
    const char* role = boot_archive::role_name(s.role);
    Space* space = Space::create();
    if (!space) boot_error("out of kernel memory creating the %s space", role);
    space->privileged = true;
    space->is_sigma0 = index == 0;
    if (index == 0) sigma0_space = space;
    space->kip_area = WALNUT_INITIAL_KIP_AREA;
    space->kip_area_log2 = WALNUT_KIP_AREA_LOG2;
    space->utcb_area = WALNUT_INITIAL_UTCB_AREA;
    space->utcb_area_log2 = WALNUT_INITIAL_UTCB_AREA_LOG2;
    if (!map_image(*space, s.low, s.high) || !kip_map_into(*space))
        boot_error("out of kernel memory mapping the %s", role);

    Thread_id id = Thread_id::global(kip_user_base() + index, 1);
    Tcb* t = Tcb::create(id, s.entry->name);
    if (!t || !threads.set(id.number(), t)) boot_error("out of kernel memory creating the %s thread", role);
    space_attach(*space, *t);
    t->priority = 255;
    if (!t->attach_utcb(WALNUT_INITIAL_UTCB_AREA))
        boot_error("out of kernel memory for the %s UTCB", role);
    t->utcb[WALNUT_TCR_PAGER] = pager.raw();
    port::context_init_user(t->context, t->user_frame(), s.image.entry, 0);
    t->state = Thread_state::running;

    Kip_server& k = index == 0 ? kip().sigma0 : index == 1 ? kip().sigma1 : kip().root_server;
    k = Kip_server{0, s.image.entry, s.low, s.high};
    return t;
}

}  // namespace

void plan_boot(const Boot_info& info, Boot_plan& plan) {
    if (info.archive.size == 0)
        boot_error("no boot archive was given (QEMU: -initrd <archive>)");
    const char* why = nullptr;
    if (!boot_archive::parse(port::phys_to_virt(info.archive.base), info.archive.size,
                             &plan.archive, &why))
        boot_error("invalid boot archive at 0x%lx (%lu bytes): %s", info.archive.base,
                   info.archive.size, why);
    Used_list used = used_at_boot(info);
    for (unsigned i = 0; i < 3; ++i) {
        Initial_server& s = plan.server[i];
        s.role = server_roles[i];
        s.entry = plan.archive.find(s.role);
        if (!s.entry) continue;
        plan_server(info, plan, s, used);
    }
    if (!plan.server[0].entry) boot_error("the boot archive has no sigma0");
    if (!plan.server[2].entry) boot_error("the boot archive has no root task");
    // The records name every server and module with its command line: 32
    // entries with long names do not fit the one bootinfo page.
    if (size_t bytes = bootinfo_bytes(plan); bytes > page_size)
        boot_error("the boot archive's names and command lines need %lu bytes of bootinfo "
                   "records, more than one page (%lu): shorten them or use fewer modules",
                   bytes, page_size);
    plan_kmem(info, plan, used);
}

void load_initial_servers(Boot_plan& plan) {
    Thread_id sigma0_id = Thread_id::global(kip_user_base(), 1);
    for (unsigned i = 0; i < 3; ++i) {
        Initial_server& s = plan.server[i];
        if (!s.entry) continue;
        load_image(plan, s);
        s.thread = start_server(s, i, i == 0 ? Thread_id::nil() : sigma0_id);
        port::cpu_local().ready.enqueue(*s.thread);
        // The root server finds its bootinfo records mapped read-only at
        // their physical address, handed to it from sigma0's memory.
        if (s.role == Role::root &&
            mapdb::transfer(*sigma0_space, plan.bootinfo_page, *s.thread->space, plan.bootinfo_page,
                            page_shift, Rights::r, false) != mapdb::Result::ok)
            boot_error("out of kernel memory mapping the bootinfo page");
        printf("  %-8s %-16s [0x%lx, 0x%lx) entry 0x%lx  thread %lx.%lx\n",
               boot_archive::role_name(s.role), s.entry->name, s.low, s.high, s.image.entry,
               s.thread->global_id.number(), s.thread->global_id.version());
    }
}

bool user_ownable(paddr_t pa, size_t size, Mem_attr* attr) {
    if (pa + size < pa) return false;
    if (ranges_overlap(pa, size, boot_info.kernel_image.base, boot_info.kernel_image.size) ||
        ranges_overlap(pa, size, kernel_pool.base, kernel_pool.size))
        return false;
    for (unsigned i = 0; i < boot_info.firmware.count; ++i)
        if (ranges_overlap(pa, size, boot_info.firmware.region[i].base, boot_info.firmware.region[i].size))
            return false;
    if (in_ram(boot_info, pa, size)) {
        *attr = Mem_attr::normal;
        return true;
    }
    for (unsigned i = 0; i < boot_info.ram.count; ++i)
        if (ranges_overlap(pa, size, boot_info.ram.region[i].base, boot_info.ram.region[i].size))
            return false;  // part RAM, part not: only smaller pieces qualify
    *attr = Mem_attr::device;
    return true;
}

paddr_t not_ownable_end(paddr_t pa) {
    paddr_t page = align_down(pa, page_size), end = pa;
    auto skip = [&](paddr_t base, paddr_t size) {
        if (!ranges_overlap(page, page_size, base, size)) return;
        paddr_t e = base + size < base ? ~paddr_t{0} : base + size;
        end = max(end, e);
    };
    skip(boot_info.kernel_image.base, boot_info.kernel_image.size);
    skip(kernel_pool.base, kernel_pool.size);
    for (unsigned i = 0; i < boot_info.firmware.count; ++i)
        skip(boot_info.firmware.region[i].base, boot_info.firmware.region[i].size);
    return end;
}

}  // namespace kern
