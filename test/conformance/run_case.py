#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Runs chosen cases of the conformance suite: packs the root task of the
# archive that holds them with sigma0 and the command line "only=...",
# and boots it with the test harness. Standard library only.
"""Run some cases of the X.2 conformance suite (docs/conformance.md).

  test/conformance/run_case.py BUILD_DIR PREFIX[,PREFIX...] [HARNESS ARGS...]

PREFIX selects the cases whose full name ("group.case") starts with it,
e.g. "ipc.zero_timeout" or "map." or "thread_control.err_utcb_in_use".
The prefixes must all belong to one archive. Further arguments go to
tools/qemu_test.py (e.g. --timeout 60). Exit status: the harness's.
"""

import json
import os
import subprocess
import sys
import tempfile

# Which root task (boot archive) runs which case groups: suite_*.cc.
SUITES = {
    "core": ["kip", "thread_control", "space_control", "exchange_registers"],
    "ipc": ["ipc", "redirect"],
    "map": ["map"],
    "sched": ["schedule", "robust", "fpu", "control"],
    "time": ["time"],
    "irq": ["interrupt"],
    "fastpath": ["fastpath"],
    "string": ["string"],
}


def suite_of(prefix):
    group = prefix.split(".", 1)[0]
    for suite, groups in SUITES.items():
        if any(g.startswith(group) for g in groups):
            return suite
    raise SystemExit(f"run_case: no case group matches '{prefix}' "
                     f"(groups: {', '.join(g for gs in SUITES.values() for g in gs)})")


def platform_of(build_dir):
    path = os.path.join(build_dir, "meson-info", "intro-buildoptions.json")
    with open(path) as f:
        for option in json.load(f):
            if option["name"] == "platform":
                return option["value"]
    raise SystemExit(f"run_case: {build_dir} has no 'platform' option: not a board build")


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    build_dir, selection, harness_args = argv[1], argv[2], argv[3:]
    prefixes = [p for p in selection.split(",") if p]
    suites = {suite_of(p) for p in prefixes}
    if len(suites) != 1:
        raise SystemExit(f"run_case: the cases are in different archives: {sorted(suites)}")
    suite = suites.pop()
    source = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    root = os.path.join(build_dir, "test", "conformance", f"conf-{suite}.elf")
    sigma0 = os.path.join(build_dir, "user", "sigma0", "sigma0.elf")
    for f in (root, sigma0):
        if not os.path.exists(f):
            raise SystemExit(f"run_case: {f} is missing: build first (ninja -C {build_dir})")
    recipe = os.path.join(source, "platforms", platform_of(build_dir), "boot.json")
    with tempfile.TemporaryDirectory() as tmp:
        archive = os.path.join(tmp, f"conf-{suite}-only.wba")
        subprocess.run([sys.executable, os.path.join(source, "tools", "mkbootarchive.py"),
                        "-o", archive, "--sigma0", sigma0, "--root", root,
                        "--cmdline", "root=only=" + ",".join(prefixes)], check=True)
        return subprocess.run([sys.executable, os.path.join(source, "tools", "qemu_test.py"),
                               "--recipe", recipe, "--build-dir", build_dir, "--archive", archive,
                               "--name", f"conformance {selection}", "--timeout", "30", "--tap"]
                              + harness_args).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
