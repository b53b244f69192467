#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Tests the test harness itself: runs tools/qemu_test.py on an image that
# never ends and checks that the harness notices (FAIL, "timeout") and stops
# QEMU in time. A harness that hangs or passes a hang would hide real bugs.
"""Check that qemu_test.py fails a hanging guest on time.

    harness_selftest.py RECIPE BUILD_DIR ARCHIVE [--timeout 5] [--extra-arg ARG]...
    (or with --recipe/--build-dir/--archive, like qemu_test.py)

Exits 0 if the harness behaved: exit status 1, a "FAIL ..." line whose
reason mentions "timeout", and back within timeout + 10 seconds.
"""

import argparse
import os
import subprocess
import sys
import time

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "qemu_test.py")
SLACK_S = 10.0


def parse_args(argv):
    p = argparse.ArgumentParser(description="Check that qemu_test.py fails a hanging guest.")
    p.add_argument("positional", nargs="*", metavar="RECIPE BUILD_DIR ARCHIVE")
    p.add_argument("--recipe")
    p.add_argument("--build-dir")
    p.add_argument("--archive")
    p.add_argument("--name", default="harness-selftest")
    p.add_argument("--timeout", type=float, default=5.0,
                   help="timeout given to the harness (default 5 s)")
    p.add_argument("--extra-arg", action="append", default=[], metavar="ARG",
                   help="passed on to qemu_test.py (write --extra-arg=-foo)")
    args = p.parse_args(argv)
    if args.positional:
        if len(args.positional) != 3 or args.recipe or args.build_dir or args.archive:
            p.error("give RECIPE BUILD_DIR ARCHIVE either as 3 arguments or as options")
        args.recipe, args.build_dir, args.archive = args.positional
    if not (args.recipe and args.build_dir and args.archive):
        p.error("RECIPE, BUILD_DIR and ARCHIVE are required")
    if args.timeout <= 0:
        p.error("--timeout must be > 0")
    return args


def main(argv=None):
    args = parse_args(argv)
    cmd = [sys.executable, HARNESS, "--recipe", args.recipe, "--build-dir", args.build_dir,
           "--archive", args.archive, "--name", args.name, "--timeout", f"{args.timeout:g}"]
    # '=' keeps argparse from taking a QEMU option such as -smp for one of its own.
    cmd += [f"--extra-arg={extra}" for extra in args.extra_arg]
    limit = args.timeout + SLACK_S
    print("harness_selftest: running: " + " ".join(cmd), flush=True)
    start = time.monotonic()
    try:
        # A little beyond the limit so that a late harness is measured, not killed early.
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=limit + 5)
        output, rc = done.stdout.decode(errors="replace"), done.returncode
    except subprocess.TimeoutExpired as err:
        output = (err.output or b"").decode(errors="replace")
        rc = None
    elapsed = time.monotonic() - start
    for line in output.splitlines():
        print("  | " + line)

    problems = []
    if rc is None:
        problems.append(f"harness still running after {limit + 5:g} s (killed)")
    elif rc != 1:
        problems.append(f"harness exited {rc}, expected 1")
    lines = output.splitlines()
    verdict = lines[-1] if lines else ""
    if not verdict.startswith("FAIL "):
        problems.append(f"last line is not a FAIL line: '{verdict}'")
    elif "timeout" not in verdict.partition(": ")[2].lower():
        problems.append(f"FAIL reason does not mention the timeout: '{verdict}'")
    if elapsed > limit:
        problems.append(f"harness took {elapsed:.1f} s, more than timeout + {SLACK_S:g} s")

    if problems:
        print(f"FAIL {args.name}: harness misbehaved: {'; '.join(problems)}")
        return 1
    print(f"harness_selftest: harness failed the hang after {elapsed:.1f} s, as it should")
    print(f"PASS {args.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
