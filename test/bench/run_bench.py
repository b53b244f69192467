#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Boots a benchmark image under QEMU with -icount shift=0 through
# tools/qemu_test.py, checks that the run completed with every figure, and
# prints the BENCH lines. Used by the meson test 'bench-short' and by
# scripts/bench. Standard library only.
"""Run the Walnut benchmark image once and print its BENCH lines.

Exit status 0 when QEMU ended with guest status 0, no fault or failure was
reported and every expected figure was printed exactly once (or, on an
architecture without an exact instruction counter, the program said so and
printed none). The figures themselves are never judged.
"""

import argparse
import re
import subprocess
import sys

# The figures test/bench prints, in its order (docs/performance.md).
FIGURES = (
    "loop_empty",
    "null_syscall",
    "ipc_rt_inter_mr0",
    "ipc_rt_inter_mr4",
    "ipc_rt_inter_mr8",
    "ipc_rt_intra_mr0",
    "ipc_rt_intra_mr4",
    "ipc_rt_intra_mr8",
    "ipc_string_64",
    "ipc_string_4k",
    "ipc_send_inter_mr0",
    "thread_switch",
    "pagefault_user_pager",
    "map_page_ipc",
    "unmap_page",
    "ipc_rt_inter_mr0_1000threads",
)

BENCH_LINE = re.compile(r"^BENCH arch=(\S+) name=(\S+) min=(\d+) mean=(\d+)$")
NO_COUNTER = re.compile(r"^bench: no exact instruction counter on (\S+) \((.*)\)")
ALL_RAN = "bench: all cases ran"
# Lines that mean failure whatever the exit status says.
REJECT = ["^KERNEL FAULT", "(?i)panic", "^user fault:", "^bench: FAIL"]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--harness", required=True, help="tools/qemu_test.py")
    p.add_argument("--recipe", required=True, help="platforms/<board>/boot.json")
    p.add_argument("--build-dir", required=True)
    p.add_argument("--archive", required=True, help="bench.wba or bench-short.wba")
    p.add_argument("--arch", required=True, help="x86_64, aarch64 or riscv64")
    p.add_argument("--timeout", default="60", help="wall-clock limit in seconds")
    p.add_argument("--quiet", action="store_true",
                   help="print only the BENCH lines (and problems, to stderr)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cmd = [sys.executable, args.harness, "--recipe", args.recipe,
           "--build-dir", args.build_dir, "--archive", args.archive,
           "--name", f"bench-{args.arch}", "--timeout", args.timeout, "--icount"]
    for regex in REJECT:
        cmd += ["--reject", regex]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, check=False)
    output = run.stdout.decode("utf-8", errors="replace")
    lines = [line.rstrip("\r") for line in output.splitlines()]

    problems = []
    if run.returncode != 0:
        problems.append("the run failed (see the harness's FAIL line above)")
    figures = {}
    bench_lines = []
    for line in lines:
        m = BENCH_LINE.match(line)
        if not m:
            continue
        bench_lines.append(line)
        arch, name, low, mean = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
        if arch != args.arch:
            problems.append(f"figure {name} says arch={arch}, expected {args.arch}")
        if name in figures:
            problems.append(f"figure {name} printed twice")
        if name not in FIGURES:
            problems.append(f"unknown figure {name}")
        if low > mean:
            problems.append(f"figure {name}: min {low} > mean {mean}")
        figures[name] = (low, mean)

    no_counter = next((m for m in map(NO_COUNTER.match, lines) if m), None)
    if ALL_RAN not in lines:
        problems.append(f"no '{ALL_RAN}' line")
    if no_counter:
        # Only aarch64 may lack the counter (its PMU needs kernel set-up).
        if args.arch != "aarch64":
            problems.append(f"no instruction counter on {args.arch}: {no_counter.group(2)}")
        if bench_lines:
            problems.append("figures printed without an exact counter")
    else:
        missing = [name for name in FIGURES if name not in figures]
        if missing:
            problems.append("missing figures: " + ", ".join(missing))

    if not args.quiet or problems:
        print(output, end="" if output.endswith("\n") else "\n",
              file=sys.stderr if args.quiet else sys.stdout)
    if problems:
        for problem in problems:
            print(f"bench {args.arch}: {problem}", file=sys.stderr)
        print(f"FAIL bench-{args.arch}", file=sys.stderr)
        return 1
    if no_counter:
        print(f"bench {args.arch}: no figures: {no_counter.group(2)} "
              f"(the kernel must let EL0 read the PMU)", file=sys.stderr)
    if not args.quiet:
        print(f"---- BENCH lines ({args.arch}) ----")
    for line in bench_lines:
        print(line)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
