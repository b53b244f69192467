#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The kernel debugger's reboot command ('b') really restarts the machine.

The harness always runs QEMU with -no-reboot, under which a reset and a
power-off with status 0 look alike, so this test runs QEMU itself (the
board's boot.json, through tools/qemu_test.py's functions) without it: at
the first debugger prompt it types 'b'; the machine must boot again and stop
in the debugger a second time, where 'x 5' powers it off with status 5.

usage: reboot_test.py TOOLS_DIR RECIPE BUILD_DIR ARCHIVE
"""
import os
import subprocess
import sys
import threading
import time
import types

TIMEOUT_S = 40


def main():
    tools_dir, recipe_path, build_dir, archive = sys.argv[1:5]
    sys.path.insert(0, tools_dir)
    import qemu_test  # noqa: E402 (the harness's recipe and status helpers)

    recipe = qemu_test.load_recipe(recipe_path)
    args = types.SimpleNamespace(build_dir=build_dir, archive=archive, machine=None, memory=None,
                                 append=None, smp=None, icount=False, extra_arg=[])
    cmd = [a for a in qemu_test.qemu_command(recipe, args) if a != "-no-reboot"]
    print("reboot_test: running:", " ".join(cmd), flush=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    timer = threading.Timer(TIMEOUT_S, proc.kill)
    timer.start()
    stops = 0          # debugger prompts seen so far
    line = b""
    try:
        while True:
            c = proc.stdout.read(1)
            if not c:
                break
            sys.stdout.buffer.write(c)
            sys.stdout.buffer.flush()
            line = b"" if c == b"\n" else line + c
            if line == b"kdb> ":
                stops += 1
                # First stop: reboot. Second (after the reboot): power off.
                proc.stdin.write(b"b\r" if stops == 1 else b"x 5\r")
                proc.stdin.flush()
        proc.wait()
    finally:
        timer.cancel()
    status = qemu_test.decode_status(recipe["exit"], proc.returncode)
    if stops == 2 and status == 5:
        print("\nPASS kdb-reboot")
        return 0
    print(f"\nFAIL kdb-reboot: {stops} debugger stop(s) (want 2), "
          f"exit status {status} (want 5), QEMU rc {proc.returncode}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
