#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Lists every L4_... and __L4_... identifier the X.2 convenience-interface
# spec names, one per line, for test/host/api_names_test.py. The spec lives
# outside the repository, so its list is kept in test/host/data/.
"""Usage: extract_api_names.py [--spec FILE] [-o FILE]

Writes the sorted names to FILE (default: test/host/data/x2_api_names.txt)
or, with -o -, to standard output.
"""

import argparse
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DEFAULT_SPEC = "/work/shared/spec/x2-convenience-api.md"
DEFAULT_OUT = os.path.join(ROOT, "test", "host", "data", "x2_api_names.txt")
HEADER = ("# The L4_/__L4_ identifiers of the X.2 convenience-interface spec\n"
          "# (x2-convenience-api.md), made by tools/extract_api_names.py; do not edit.\n")

NAME = re.compile(r"(?<![A-Za-z0-9_])(?:__)?L4_[A-Za-z0-9_]*")


def extract(text):
    """The set of identifiers in text. Patterns are not names: a prefix
    followed by '*' or ending in one underscore (`L4_KDB_*`) and the
    spec's placeholders (`__L4_xxx_t`)."""
    names = set()
    for m in NAME.finditer(text):
        name = m.group(0)
        if "xxx" in name:
            continue
        if name.endswith("_") and not name.endswith("__"):
            continue
        names.add(name)
    return names


def read_names(path):
    """The names of a list file (blank lines and # comments ignored)."""
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", default=DEFAULT_SPEC)
    ap.add_argument("-o", "--output", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    with open(args.spec, encoding="utf-8") as f:
        names = extract(f.read())
    text = HEADER + "".join(n + "\n" for n in sorted(names))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{len(names)} names -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
