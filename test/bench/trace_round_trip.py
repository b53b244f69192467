#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Where the instructions of the headline figure (ipc_rt_inter_mr0) go:
# single-steps one measured round trip of the x86_64 benchmark image under
# QEMU's gdb stub and counts the executed instructions per privilege level
# and per function (inlined functions by their own name). x86_64 with the
# host's gdb; aarch64 and riscv64 with gdb-multiarch (scripts/setup installs
# it). Standard library only; used for docs/performance.md.
"""Count the instructions of one IPC round trip of the benchmark, per function.

Boots <build-dir>/test/bench/bench.wba with -icount shift=0 -S and a gdb
stub, stops at the client's system call in the measured round-trip loop
(by default in ipc_rt_inter_mr0, after a few warm iterations), steps until
the same instruction comes round again, and prints the counts.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time

GDB_SCRIPT = r"""
set pagination off
set confirm off
set architecture {gdb_arch}
file {kernel}
add-symbol-file {bench}
target remote 127.0.0.1:{port}
break *{address:#x}
ignore 1 {skip}
continue
python
import gdb
start = int(gdb.parse_and_eval("$pc"))
steps = []
while len(steps) < {limit}:
    pc = int(gdb.parse_and_eval("$pc"))
    steps.append((pc, 0 if pc >= 1 << 63 else 3))   # the kernel lives in the upper half
    target = {jumps!r}.get(bytes(gdb.selected_inferior().read_memory(pc, 4)))
    if target is not None:
        # QEMU's stepi does not stop after this instruction: break where it goes.
        gdb.execute("tbreak *(%s)" % target, to_string=True)
        gdb.execute("continue", to_string=True)
    else:
        gdb.execute("stepi", to_string=True)
    if int(gdb.parse_and_eval("$pc")) == start:
        break
names = {{}}
with open({out!r}, "w") as f:
    for pc, ring in steps:
        if pc not in names:
            name = None
            block = gdb.block_for_pc(pc)
            while block is not None and name is None:
                if block.function is not None:
                    name = block.function.name
                block = block.superblock
            if name is None:
                name = gdb.execute("info symbol %#x" % pc, to_string=True)
                name = name.split(" in ")[0].strip().split(" + ")[0]
            names[pc] = name
        f.write("%x %d %s\n" % (pc, ring, names[pc]))
end
kill
quit
"""

# Kernel functions grouped by what they do (first matching pattern wins).
GROUPS = [
    ("IPC fast path (assembly, by block label)",
     r"^(x86_ipc_fastpath|check_\d+_|commit_|message$|switch_address_space$|switch_thread$|"
     r"return_to_partner$|fastpath_|glue_fastpath|glue_ipc_fastpath)|"
     r"^(check_\d+|commit_\w+|ring_\w+|same_space|switch_to_partner|flush_shared_asid|"
     r"glue_fastpath_ipc|fastpath_check_1)$"),
    ("entry and exit (assembly, glue dispatch, frame checks)",
     r"walnut_syscall|glue::|sanitize_user_frame|dispatch|vector|trap_entry|exception_entry|"
     r"a64_|rv_|^el0_sync$|^glue_el0_sync$|^glue_svc_entry$|^glue_ipc_slow$|^arch_svc_slow$|"
     r"^arch_return_to_user$|^glue_fastpath_resume$|^glue_user_trap$|^glue_syscall"),
    ("thread lookup (ids to TCBs, local/global ids)",
     r"resolve_thread|Thread_table|Thread_id::|id_as_seen_by|local_id"),
    ("reading user memory (a local id's UTCB: software page-table walk)",
     r"read_user|Page_table|Pt_format|translate|phys_to_virt|memcpy|Space::table|min<"),
    ("message transfer", r"transfer|deliver|Tcb::mr|accepts|sendq"),
    ("IPC control flow (phases, blocking, waking)",
     r"sys_ipc|do_ipc|send_phase|receive_phase|block|wake|finish|fast_resumable"),
    ("scheduler (ready queue, choosing the next thread)",
     r"Ready_queue|schedule|preempt_check|make_ready|make_unready|msb"),
    ("thread and address-space switch (stack, FPU, page table, UTCB pointer)",
     r"switch_context|switch_to|switch_stacks|activate|write_cr3|set_utcb_pointer|wrmsr|fpu_|"
     r"set_kernel_stack|kstack_top|user_frame|hw_asid|csr_write<384u>"),
    ("timeouts and clock", r"clock_us|deadline_of|timeout|rdtsc"),
    ("current CPU and thread", r"cpu_local|Tcb::current"),
]


# Per architecture: gdb's name for it, the instruction that reads the
# benchmark's counter and the one that enters the kernel (objdump spelling).
ARCHES = {
    "x86_64": ("i386:x86-64", r"rdtsc", "syscall"),
    "aarch64": ("aarch64", r"mrs\s+\S+, PMCCNTR_EL0", "svc"),
    "riscv64": ("riscv:rv64", r"(rdinstret|csrr\s+\S+, instret)", "ecall"),
}

# Instructions after which QEMU 7.2's gdb stub does not stop (riscv64: ecall
# and sret end their translation block without the single-step check, so
# stepi runs on to the next breakpoint): encoding -> gdb expression of where
# they go; the script sets a temporary breakpoint there and continues.
JUMPS = {
    "riscv64": {b"\x73\x00\x00\x00": "arch_trap_vector",     # ecall (stvec)
                b"\x73\x00\x20\x10": "$sepc"},               # sret
}


def find_loop_syscall(objdump, bench, function="round_trips", arch="x86_64"):
    """The client's trap in the measured loop of 'function' (round_trips,
    or string_round_trips): the first trap after the first counter read
    (the warm-up loop comes before it)."""
    _, counter_rx, trap = ARCHES[arch]
    text = subprocess.run([objdump, "-d", "--no-show-raw-insn", bench], check=True,
                          stdout=subprocess.PIPE).stdout.decode()
    inside, seen_rdtsc = False, False
    for line in text.splitlines():
        if line.endswith(">:"):
            # The mangled name, exactly (round_trips is also part of
            # string_round_trips): <length><name>E.
            inside = re.search(r"\d" + re.escape(function) + r"E", line) is not None
            continue
        if not inside:
            continue
        m = re.match(r"\s*([0-9a-f]+):\s+(\S+)(.*)", line)
        if not m:
            continue
        if re.match(counter_rx, m.group(2) + m.group(3), re.IGNORECASE):
            seen_rdtsc = True
        elif m.group(2) == trap and seen_rdtsc:
            return int(m.group(1), 16)
    raise SystemExit(f"trace_round_trip: no measured syscall found in {function}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build-dir", default="build/bench-x86_64")
    p.add_argument("--recipe", default="platforms/qemu-pc/boot.json")
    p.add_argument("--port", type=int, default=1247)
    p.add_argument("--image", default="test/bench/bench.wba",
                   help="boot image in the build directory (bench-short.wba: 5 x 20 per figure)")
    p.add_argument("--skip", type=int, default=4,
                   help="measured round trips to let pass before the traced one: the round "
                        "trips figures share the loop, so with bench-short.wba 305 traces "
                        "ipc_rt_intra_mr0")
    p.add_argument("--function", default="round_trips",
                   help="the measuring loop: round_trips, or string_round_trips "
                        "(--skip 4 traces ipc_string_64)")
    p.add_argument("--gdb", default=None, help="default: gdb on x86_64, else gdb-multiarch")
    p.add_argument("--objdump", default="llvm-objdump-19")
    p.add_argument("--dump", default=None,
                   help="also write every traced instruction (pc, ring, function) to this file")
    args = p.parse_args(argv)

    with open(args.recipe, encoding="utf-8") as f:
        recipe = json.load(f)
    arch = recipe.get("arch")
    if arch not in ARCHES:
        raise SystemExit(f"trace_round_trip: unknown architecture {arch}")
    gdb_tool = args.gdb or ("gdb" if arch == "x86_64" else "gdb-multiarch")
    boot_kernel = os.path.join(args.build_dir, recipe["kernel"])
    kernel = os.path.join(args.build_dir, "kernel.elf")   # the symbols (kernel.img is raw)
    bench = os.path.join(args.build_dir, "test/bench/bench.elf")
    image = os.path.join(args.build_dir, args.image)
    address = find_loop_syscall(args.objdump, bench, args.function, arch)

    qemu = [recipe["qemu"], "-M", recipe["machine"], "-cpu", recipe["cpu"],
            "-m", recipe["memory"], *recipe.get("extra", []),
            "-display", "none", "-serial", "null", "-monitor", "none", "-no-reboot",
            "-kernel", boot_kernel, "-initrd", image, "-icount", "shift=0",
            "-S", "-gdb", f"tcp:127.0.0.1:{args.port}"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trace.txt")
        script = os.path.join(tmp, "trace.gdb")
        with open(script, "w", encoding="utf-8") as f:
            f.write(GDB_SCRIPT.format(gdb_arch=ARCHES[arch][0], kernel=kernel, bench=bench, port=args.port,
                                      jumps=JUMPS.get(arch, {}),
                                      address=address, skip=args.skip, limit=100000,
                                      out=out))
        vm = subprocess.Popen(qemu, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            time.sleep(1.0)   # let the stub listen
            subprocess.run([gdb_tool, "-batch", "-nx", "-x", script], check=False,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=600)
        finally:
            if vm.poll() is None:
                vm.terminate()
                vm.wait(5)
        if not os.path.exists(out):
            raise SystemExit("trace_round_trip: gdb wrote no trace")
        rows = [line.split(" ", 2) for line in open(out, encoding="utf-8").read().splitlines()]
        if args.dump:
            with open(args.dump, "w", encoding="utf-8") as f:
                f.writelines(" ".join(r) + "\n" for r in rows)

    # Names without their parameter lists: shorter, and the patterns below
    # must not match a parameter type.
    rows = [(pc, ring, re.sub(r"\(.*$", "", name.replace("(anonymous namespace)::", "")))
            for pc, ring, name in rows]
    user = [r for r in rows if r[1] == "3"]
    kern = [r for r in rows if r[1] == "0"]
    print(f"one round trip (client syscall to client syscall, after {args.skip} others): "
          f"{len(rows)} instructions")
    print(f"  user level: {len(user)}")
    for name, n in collections.Counter(r[2] for r in user).most_common():
        print(f"    {n:5d}  {name}")
    print(f"  kernel: {len(kern)}")
    grouped = collections.defaultdict(collections.Counter)
    for r in kern:
        group = next((g for g, rx in GROUPS if re.search(rx, r[2])), "other")
        grouped[group][r[2]] += 1
    for group, names in sorted(grouped.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"    {sum(names.values()):5d}  {group}")
        for name, n in names.most_common():
            print(f"           {n:5d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
