#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Every L4_/__L4_ name of the X.2 convenience interface exists in the user
# headers (user/lib/include): as an identifier in code, not just in a
# comment. The names come from test/host/data/x2_api_names.txt, made from the
# spec by tools/extract_api_names.py; where the spec itself is at hand the
# list is also checked against it.
"""Usage: api_names_test.py [SOURCE_ROOT] [--spec FILE] [unittest options]"""

import importlib.util
import os
import re
import sys
import unittest

ROOT = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 and os.path.isdir(sys.argv[1])
                       else os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = "/work/shared/spec/x2-convenience-api.md"
if len(sys.argv) > 2 and sys.argv[1] == "--spec":
    SPEC = sys.argv[2]
    del sys.argv[1:3]

NAMES_FILE = os.path.join(ROOT, "test", "host", "data", "x2_api_names.txt")
INCLUDE_DIR = os.path.join(ROOT, "user", "lib", "include")
USER_LIBRARY_DOC = os.path.join(ROOT, "docs", "user-library.md")

# Names of the spec that Walnut's headers deliberately lack; each is listed
# in docs/user-library.md.
ALLOWED_MISSING = {
    # Architecture selection: defined only when compiling for that
    # architecture, which Walnut does not support; programs test them.
    "L4_ARCH_IA32": "architecture selection",
    "L4_ARCH_POWERPC": "architecture selection",
    "L4_ARCH_POWERPC64": "architecture selection",
    # Pistachio's stride-scheduler extensions: Walnut's kernel would read
    # their PrioControl words as plain priorities (<l4/schedule.h>).
    "L4_Set_Stride": "stride scheduler",
    "L4_HS_Schedule": "stride scheduler",
}


def load_extractor():
    path = os.path.join(ROOT, "tools", "extract_api_names.py")
    spec = importlib.util.spec_from_file_location("extract_api_names", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXTRACT = load_extractor()

COMMENT_OR_LITERAL = re.compile(
    r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)


def code_of(text):
    """text without comments and string/character literals."""
    return COMMENT_OR_LITERAL.sub(
        lambda m: " " if m.group(0).startswith("/") else '""', text)


def header_code():
    """{path: code} of every header under user/lib/include."""
    result = {}
    for root, _, files in os.walk(INCLUDE_DIR):
        for name in files:
            if name.endswith(".h"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    result[path] = code_of(f.read())
    return result


class ApiNamesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.names = EXTRACT.read_names(NAMES_FILE)
        cls.code = header_code()
        cls.identifiers = set()
        cls.defines = set()
        for text in cls.code.values():
            cls.identifiers.update(IDENTIFIER.findall(text))
            cls.defines.update(DEFINE.findall(text))

    def test_list_is_plausible(self):
        self.assertGreater(len(self.names), 500)
        for name in self.names:
            self.assertRegex(name, r"^(__)?L4_[A-Za-z0-9_]*$")

    def test_every_name_is_in_the_headers(self):
        missing = sorted(n for n in self.names - self.identifiers if n not in ALLOWED_MISSING)
        self.assertEqual(missing, [], "spec names with no identifier in user/lib/include")

    def test_allowed_missing_names_are_absent(self):
        # The allow-list must stay true: a name that appears in code belongs
        # out of it.
        for name in ALLOWED_MISSING:
            self.assertIn(name, self.names, f"{name} is not a spec name (stale allow-list)")
            self.assertNotIn(name, self.identifiers, f"{name} exists now; drop it from the list")

    def test_architecture_selection_macros_stay_undefined(self):
        for name in ("L4_ARCH_IA32", "L4_ARCH_POWERPC", "L4_ARCH_POWERPC64"):
            self.assertNotIn(name, self.defines)
        for name in ("L4_ARCH_AMD64", "L4_ARCH_AARCH64", "L4_ARCH_RISCV64"):
            self.assertIn(name, self.defines)

    def test_allowed_missing_names_are_documented(self):
        with open(USER_LIBRARY_DOC, encoding="utf-8") as f:
            doc = f.read()
        undocumented = sorted(n for n in ALLOWED_MISSING if n not in doc)
        self.assertEqual(undocumented, [], "not mentioned in docs/user-library.md")

    def test_comments_do_not_count(self):
        code = code_of('/* L4_A */ int L4_B; // L4_C\nchar *s = "L4_D"; char c = \'x\';')
        self.assertEqual(set(IDENTIFIER.findall(code)) & {"L4_A", "L4_B", "L4_C", "L4_D"},
                         {"L4_B"})

    def test_extractor(self):
        names = EXTRACT.extract("`L4_Foo_t`, `L4_KDB_*`, `extern __L4_xxx_t __L4_xxx;` "
                                "`__L4__TYPES_H__` `L4_Put(m, L4_Msg_t*)` xL4_Bad")
        self.assertEqual(names, {"L4_Foo_t", "__L4__TYPES_H__", "L4_Put", "L4_Msg_t"})

    @unittest.skipUnless(os.path.isfile(SPEC), "spec not available: " + SPEC)
    def test_list_matches_the_spec(self):
        with open(SPEC, encoding="utf-8") as f:
            spec_names = EXTRACT.extract(f.read())
        self.assertEqual(sorted(spec_names ^ self.names), [],
                         "test/host/data/x2_api_names.txt is out of date: "
                         "run tools/extract_api_names.py")


if __name__ == "__main__":
    unittest.main()
