#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Checks that a kernel contains the interactive debugger (present) or none
of it (absent, -Dkdb=false): usage: check_symbols.py NM KERNEL.ELF present|absent."""
import subprocess
import sys

# Functions only the debugger defines (kernel/generic/src/kdb_*.cc), each
# called from several places, so link-time optimization keeps them.
DEBUGGER = ("kern::kdb_stop(", "kern::kdb_user_getc(",
            "kern::kdb::read_line(", "kern::kdb::cmd_page_table(", "kern::kdb::cmd_mapdb(")


def main():
    nm, elf, want = sys.argv[1:4]
    out = subprocess.run([nm, "-C", elf], check=True, capture_output=True, text=True).stdout
    found = [s for s in DEBUGGER if s in out]
    if want == "present" and len(found) != len(DEBUGGER):
        missing = [s for s in DEBUGGER if s not in found]
        print(f"FAIL: debugger symbols missing from {elf}: {missing}")
        return 1
    if want == "absent" and found:
        print(f"FAIL: a kernel built without the debugger contains {found}")
        return 1
    print(f"PASS: debugger {want} in {elf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
