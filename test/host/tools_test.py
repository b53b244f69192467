#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Self-checks of the build and test tools (tools/*.py) that need no cross
# compiler and no QEMU: archives are read back, a hand-made ELF is patched,
# and the harness runs a fake QEMU that plays scripted guests.
"""Usage: tools_test.py [TOOLS_DIR] [unittest options]"""

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import unittest

TOOLS = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 and os.path.isdir(sys.argv[1])
                        else os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
PY = sys.executable


def tool(name, *args, stdin=subprocess.DEVNULL, timeout=60):
    return subprocess.run([PY, os.path.join(TOOLS, name), *args], stdin=stdin,
                          capture_output=True, text=True, timeout=timeout)


# ---- Boot archives ---------------------------------------------------------

HEADER = struct.Struct("<8sIIQII32s")
ENTRY = struct.Struct("<IIQQ40s64s")


def read_archive(data):
    """An independent little reader, so the writer is not checked by itself."""
    magic, version, count, total, hsize, esize, reserved = HEADER.unpack_from(data, 0)
    entries = []
    for i in range(count):
        role, flags, off, size, name, cmd = ENTRY.unpack_from(data, 64 + 128 * i)
        entries.append(dict(role=role, flags=flags, offset=off, size=size,
                            name=name.rstrip(b"\0").decode(), cmdline=cmd.rstrip(b"\0").decode(),
                            data=data[off:off + size], name_raw=name, cmd_raw=cmd))
    return dict(magic=magic, version=version, count=count, total=total, hsize=hsize,
                esize=esize, reserved=reserved), entries


class BootArchiveTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def file(self, name, data):
        path = os.path.join(self.d, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def build(self, *args):
        out = os.path.join(self.d, "out.wba")
        r = tool("mkbootarchive.py", "-o", out, *args)
        return r, out

    def test_layout_roundtrip(self):
        s0 = self.file("sigma0.elf", b"S" * 5000)
        root = self.file("root.elf", b"R" * 4096)
        mod = self.file("data.bin", b"M" * 3)
        empty = self.file("empty", b"")
        r, out = self.build("--sigma0", s0, "--root", root, "--module", mod + ":config",
                            "--module", empty, "--cmdline", "root=mem=256M",
                            "--cmdline", "config=a b c")
        self.assertEqual(r.returncode, 0, r.stderr)
        data = open(out, "rb").read()
        h, entries = read_archive(data)
        self.assertEqual(h["magic"], b"WALNUTBA")
        self.assertEqual((h["version"], h["count"], h["hsize"], h["esize"]), (1, 4, 64, 128))
        self.assertEqual(h["reserved"], bytes(32))
        self.assertEqual(h["total"], len(data))
        self.assertEqual(h["total"] % 4096, 0)
        self.assertEqual([e["role"] for e in entries], [1, 3, 0, 0])
        self.assertEqual([e["name"] for e in entries], ["sigma0.elf", "root.elf", "config", "empty"])
        self.assertEqual([e["cmdline"] for e in entries], ["", "mem=256M", "a b c", ""])
        self.assertEqual(entries[0]["data"], b"S" * 5000)
        self.assertEqual(entries[1]["data"], b"R" * 4096)
        self.assertEqual(entries[2]["data"], b"M" * 3)
        self.assertEqual(entries[3]["size"], 0)
        previous_end = 64 + 128 * 4
        for e in entries:
            self.assertEqual(e["offset"] % 4096, 0)
            self.assertGreaterEqual(e["offset"], previous_end)
            self.assertEqual(e["flags"], 0)
            previous_end = e["offset"] + e["size"]
        self.assertEqual(h["total"], (previous_end + 4095) // 4096 * 4096)

    def test_limits_are_enforced(self):
        elf = self.file("x.elf", b"x")
        r, _ = self.build("--root", elf, "--module", elf + ":" + "n" * 39)
        self.assertEqual(r.returncode, 0, r.stderr)
        r, out = self.build("--root", elf, "--module", elf + ":" + "n" * 40)
        self.assertEqual(r.returncode, 1)
        self.assertIn("longer than 39", r.stderr)
        r, _ = self.build("--root", elf, "--cmdline", "root=" + "c" * 63)
        self.assertEqual(r.returncode, 0, r.stderr)
        r, _ = self.build("--root", elf, "--cmdline", "root=" + "c" * 64)
        self.assertEqual(r.returncode, 1)
        mods = [a for i in range(31) for a in ("--module", f"{elf}:m{i}")]
        r, _ = self.build("--sigma0", elf, *mods)
        self.assertEqual(r.returncode, 0, r.stderr)
        r, _ = self.build("--sigma0", elf, "--root", elf, *mods)
        self.assertEqual(r.returncode, 1)
        self.assertIn("at most 32", r.stderr)

    def test_input_errors(self):
        elf = self.file("x.elf", b"x")
        r, out = self.build("--root", os.path.join(self.d, "missing.elf"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("missing.elf", r.stderr)
        self.assertFalse(os.path.exists(out), "no archive may be left after an error")
        r, _ = self.build("--root", elf, "--cmdline", "nosuch=1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("nosuch", r.stderr)
        r, _ = self.build("--root", elf, "--cmdline", "sigma0=1")  # role not present
        self.assertEqual(r.returncode, 1)
        r, _ = self.build("--module", elf + ":a", "--module", elf + ":a", "--cmdline", "a=1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("2 entries", r.stderr)
        r, _ = self.build("--root", elf, "--cmdline", "no-equals-sign")
        self.assertEqual(r.returncode, 1)

    def test_broken_archives_on_purpose(self):
        elf = self.file("x.elf", b"x")
        r, out = self.build("--sigma0", elf)          # no root task: allowed
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read_archive(open(out, "rb").read())[0]["count"], 1)
        r, out = self.build("--sigma0", elf, "--root", elf, "--corrupt-magic")
        self.assertEqual(r.returncode, 0, r.stderr)
        h, entries = read_archive(open(out, "rb").read())
        self.assertNotEqual(h["magic"], b"WALNUTBA")
        self.assertEqual(len(entries), 2)

    def test_list(self):
        elf = self.file("x.elf", b"xyz")
        r, out = self.build("--root", elf, "--cmdline", "root=hello")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = tool("mkbootarchive.py", "--list", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("root", r.stdout)
        self.assertIn("x.elf", r.stdout)
        self.assertIn("'hello'", r.stdout)


# ---- ksyms -----------------------------------------------------------------

BASE = 0xFFFFFFFF80000000
SHF_ALLOC, SHF_EXEC = 0x2, 0x4
STT_NOTYPE, STT_OBJECT, STT_FUNC = 0, 1, 2
LOCAL, GLOBAL = 0, 1


def make_elf(symbols, ksyms_size=4096, ksyms_type=1, cover_ksyms=True, with_ksyms=True):
    """A minimal ELF64 x86_64 executable: .text, .rodata, .ksyms, .symtab,
    .strtab, .shstrtab; one PT_LOAD. symbols: (name, addr, size, type, bind, section)."""
    text = b"\x90" * 0x200
    rodata = b"r" * 0x100
    sections = [(".text", 1, SHF_ALLOC | SHF_EXEC, text), (".rodata", 1, SHF_ALLOC, rodata)]
    if with_ksyms:
        sections.append((".ksyms", ksyms_type, SHF_ALLOC | 0x1, bytes(ksyms_size)))
    index = {name: i + 1 for i, (name, *_rest) in enumerate(sections)}

    strtab = bytearray(b"\0")
    symtab = bytearray(bytes(24))
    for name, addr, size, stype, bind, sec in symbols:
        name_off = len(strtab)
        strtab += name.encode() + b"\0"
        shndx = 0 if sec is None else index[sec]
        symtab += struct.pack("<IBBHQQ", name_off, (bind << 4) | stype, 0, shndx, addr, size)

    shstr = bytearray(b"\0")
    names = {}
    for name in [s[0] for s in sections] + [".symtab", ".strtab", ".shstrtab"]:
        names[name] = len(shstr)
        shstr += name.encode() + b"\0"

    out = bytearray(0x1000)
    headers = [bytes(64)]                            # section 0
    addr = BASE + 0x1000
    for name, stype, flags, body in sections:
        offset = len(out)
        out += body
        if stype == 8:                               # NOBITS: no file bytes
            del out[offset:]
        headers.append(struct.pack("<IIQQQQIIQQ", names[name], stype, flags, addr, offset,
                                   len(body), 0, 0, 8, 0))
        addr += len(body)
    load_end = len(out) if cover_ksyms else 0x1300
    n_alloc = len(sections)
    for name, stype, body, link, entsize in ((".symtab", 2, symtab, n_alloc + 2, 24),
                                             (".strtab", 3, strtab, 0, 0),
                                             (".shstrtab", 3, shstr, 0, 0)):
        while len(out) % 8:
            out += b"\0"
        headers.append(struct.pack("<IIQQQQIIQQ", names[name], stype, 0, 0, len(out),
                                   len(body), link, 1, 8, entsize))
        out += body
    while len(out) % 8:
        out += b"\0"
    shoff = len(out)
    for h in headers:
        out += h
    ehdr = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), 2, 62, 1,
                       BASE + 0x1000, 64, shoff, 0, 64, 56, 1, 64, len(headers),
                       len(headers) - 1)
    phdr = struct.pack("<IIQQQQQQ", 1, 7, 0x1000, BASE + 0x1000, 0x1000, load_end - 0x1000,
                       load_end - 0x1000, 0x1000)
    out[0:64] = ehdr
    out[64:64 + 56] = phdr
    return bytes(out)


def read_blob(elf, ksyms_offset=0x1300):
    magic, count, strings, total = struct.unpack_from("<IIII", elf, ksyms_offset)
    syms = []
    for i in range(count):
        addr, size, name_off = struct.unpack_from("<QII", elf, ksyms_offset + 16 + 16 * i)
        start = ksyms_offset + strings + name_off
        name = elf[start:elf.index(b"\0", start)].decode()
        syms.append((addr, size, name))
    return magic, total, strings, syms


SYMBOLS = [
    ("b_func", BASE + 0x1100, 0x20, STT_FUNC, GLOBAL, ".text"),
    ("a_func", BASE + 0x1000, 0x10, STT_FUNC, GLOBAL, ".text"),
    ("a_alias", BASE + 0x1000, 0x10, STT_FUNC, LOCAL, ".text"),  # same address: deduped
    ("entry_asm", BASE + 0x1080, 0, STT_NOTYPE, GLOBAL, ".text"),  # label: size to next
    ("$x", BASE + 0x1000, 0, STT_NOTYPE, LOCAL, ".text"),       # mapping symbol
    ("table", BASE + 0x1200, 0x100, STT_OBJECT, GLOBAL, ".rodata"),
    ("ro_label", BASE + 0x1210, 0, STT_NOTYPE, GLOBAL, ".rodata"),  # not executable
    ("undefined", 0, 0, STT_FUNC, GLOBAL, None),
    ("tail_label", BASE + 0x11F0, 0, STT_NOTYPE, LOCAL, ".text"),   # size to section end
]


class KsymsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def run_ksyms(self, elf_bytes):
        src = os.path.join(self.d, "in.elf")
        dst = os.path.join(self.d, "out.elf")
        with open(src, "wb") as f:
            f.write(elf_bytes)
        if os.path.exists(dst):
            os.unlink(dst)
        r = tool("ksyms.py", src, dst)
        out = open(dst, "rb").read() if os.path.exists(dst) else None
        return r, out

    def test_patches_sorted_symbols(self):
        elf = make_elf(SYMBOLS)
        r, out = self.run_ksyms(elf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        magic, total, strings, syms = read_blob(out)
        self.assertEqual(magic, 0x4D59534B)
        self.assertEqual(strings, 16 + 16 * len(syms))
        self.assertEqual(syms, [
            (BASE + 0x1000, 0x10, "a_func"),
            (BASE + 0x1080, 0x80, "entry_asm"),
            (BASE + 0x1100, 0x20, "b_func"),
            (BASE + 0x11F0, 0x10, "tail_label"),
        ])
        self.assertLessEqual(total, 4096)
        # Nothing outside .ksyms changed.
        self.assertEqual(len(out), len(elf))
        self.assertEqual(out[:0x1300], elf[:0x1300])
        self.assertEqual(out[0x1300 + 4096:], elf[0x1300 + 4096:])
        self.assertEqual(out[0x1300 + total:0x1300 + 4096], bytes(4096 - total))

    def test_small_section_drops_names_not_addresses(self):
        many = [(f"function_with_a_rather_long_name_number_{i:04d}_" + "x" * 40,
                 BASE + 0x1000 + 4 * i, 4, STT_FUNC, GLOBAL, ".text") for i in range(64)]
        size = 16 + 16 * 64 + 1000
        r, out = self.run_ksyms(make_elf(many, ksyms_size=size))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning", r.stderr)
        magic, total, _, syms = read_blob(out)
        self.assertEqual(magic, 0x4D59534B)
        self.assertLessEqual(total, size)
        self.assertEqual([s[0] for s in syms], [BASE + 0x1000 + 4 * i for i in range(64)])
        named = [s for s in syms if s[2]]
        self.assertTrue(named and len(named) < 64)
        self.assertTrue(all(len(s[2]) <= 63 for s in named))
        # Addresses alone do not fit: a loud failure, no output file.
        r, out = self.run_ksyms(make_elf(many, ksyms_size=16 + 16 * 63))
        self.assertEqual(r.returncode, 1)
        self.assertIn("enlarge", r.stderr)
        self.assertIsNone(out)

    def test_blob_symbol_bounds_the_blob(self):
        # kern::ksyms_blob at the start of a larger (padded) section: only its bytes are used.
        blob = ("_ZN4kern10ksyms_blobE", BASE + 0x1300, 1024, STT_OBJECT, GLOBAL, ".ksyms")
        many = [(f"f{i:03d}_" + "n" * 50, BASE + 0x1000 + 4 * i, 4, STT_FUNC, GLOBAL, ".text")
                for i in range(40)]
        r, out = self.run_ksyms(make_elf(many + [blob], ksyms_size=4096))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning", r.stderr)        # 40 names do not fit in 1 KiB
        _, total, _, syms = read_blob(out)
        self.assertLessEqual(total, 1024)
        self.assertEqual(len(syms), 40)
        # Not at the start: the kernel would read the wrong bytes.
        moved = ("_ZN4kern10ksyms_blobE", BASE + 0x1308, 1024, STT_OBJECT, GLOBAL, ".ksyms")
        r, out = self.run_ksyms(make_elf(SYMBOLS + [moved]))
        self.assertEqual(r.returncode, 1)
        self.assertIn("not at the start", r.stderr)

    def test_labels_outside_their_section_are_skipped(self):
        phys = ("__kernel_phys_start", 0x100000, 0, STT_NOTYPE, GLOBAL, ".text")
        r, out = self.run_ksyms(make_elf(SYMBOLS + [phys]))
        self.assertEqual(r.returncode, 0, r.stderr)
        names = [s[2] for s in read_blob(out)[3]]
        self.assertNotIn("__kernel_phys_start", names)
        self.assertIn("entry_asm", names)

    def test_bad_kernels_are_rejected(self):
        for kwargs, message in ((dict(with_ksyms=False), "no .ksyms"),
                                (dict(ksyms_type=8), "PROGBITS"),
                                (dict(cover_ksyms=False), "loadable segment")):
            r, out = self.run_ksyms(make_elf(SYMBOLS, **kwargs))
            self.assertEqual(r.returncode, 1, kwargs)
            self.assertIn(message, r.stderr)
            self.assertIsNone(out)
        r, _ = self.run_ksyms(b"not an elf at all" * 10)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not an ELF", r.stderr)


# ---- The QEMU harness with a fake QEMU --------------------------------------

FAKE_QEMU = r'''
import json, os, sys, time
args = sys.argv[1:]
script = json.load(open(args[args.index("-kernel") + 1]))
if script.get("print_args"):
    print("ARGS " + json.dumps(args), flush=True)
for line in script.get("print", []):
    sys.stdout.write(line + "\r\n")
    sys.stdout.flush()
    time.sleep(script.get("delay", 0))
if "prompt" in script:
    sys.stdout.write(script["prompt"])
    sys.stdout.flush()
if script.get("echo_stdin"):
    line = sys.stdin.readline()
    print("GOT " + line.strip(), flush=True)
if script.get("hang"):
    while True:
        time.sleep(1)
sys.exit(script.get("exit", 0))
'''


class HarnessTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name
        fake = os.path.join(self.d, "fake-qemu")
        with open(fake, "w") as f:
            f.write(f"#!{PY}\n{FAKE_QEMU}")
        os.chmod(fake, 0o755)
        self.archive = os.path.join(self.d, "image.wba")
        open(self.archive, "wb").close()
        self.recipes = {}
        for kind in ("isa-debug-exit", "semihosting", "sifive-test"):
            path = os.path.join(self.d, kind + ".json")
            with open(path, "w") as f:
                json.dump(dict(board="fake", arch="fake", qemu=fake, machine="fakeboard",
                               cpu="fakecpu", memory="128M", extra=["-fake-extra"],
                               kernel="kernel.json", exit=kind), f)
            self.recipes[kind] = path

    def tearDown(self):
        self.dir.cleanup()

    def harness(self, script, *args, exit_kind="sifive-test", timeout=60):
        with open(os.path.join(self.d, "kernel.json"), "w") as f:
            json.dump(script, f)
        r = tool("qemu_test.py", "--recipe", self.recipes[exit_kind], "--build-dir", self.d,
                 "--archive", self.archive, "--name", "t", *args, timeout=timeout)
        last = r.stdout.rstrip("\n").splitlines()[-1] if r.stdout.strip() else ""
        return r, last

    def test_pass_and_output_streamed(self):
        r, last = self.harness({"print": ["Walnut kernel", "hello"], "exit": 0},
                               "--expect", "^Walnut", "--expect", "hel+o", "--reject", "PANIC")
        self.assertEqual((r.returncode, last), (0, "PASS t"), r.stdout)
        self.assertIn("\nhello\n", r.stdout)

    def test_command_line(self):
        r, last = self.harness({"print_args": True, "exit": 0}, "--machine", "m2",
                               "--memory", "512M", "--smp", "2", "--append", "a b",
                               "--icount", "--extra-arg=-x1", "--extra-arg", "y")
        self.assertEqual(r.returncode, 0, r.stdout)
        args = json.loads(next(l for l in r.stdout.splitlines() if l.startswith("ARGS "))[5:])
        self.assertEqual(args[:2], ["-M", "m2"])
        self.assertIn("-fake-extra", args)
        for pair in (["-cpu", "fakecpu"], ["-m", "512M"], ["-smp", "2"], ["-append", "a b"],
                     ["-icount", "shift=0,sleep=off"], ["-serial", "stdio"], ["-display", "none"],
                     ["-initrd", self.archive], ["-kernel", os.path.join(self.d, "kernel.json")]):
            i = args.index(pair[0])
            self.assertEqual(args[i:i + 2], pair)
        self.assertIn("-no-reboot", args)
        self.assertEqual(args[-2:], ["-x1", "y"])

    def test_isa_debug_exit_decoding(self):
        cases = ((33, 0, True), (35, 1, False), (37, 2, False), (1, None, False),
                 (0, None, False), (32, None, False))
        for rc, status, passed in cases:
            r, last = self.harness({"exit": rc}, exit_kind="isa-debug-exit")
            self.assertEqual(r.returncode, 0 if passed else 1, (rc, r.stdout))
            if status is None:
                self.assertIn("no guest exit status", last)
            elif not passed:
                self.assertIn(f"guest exit status {status}", last)
        r, last = self.harness({"exit": 39}, "--expect-status", "3", exit_kind="isa-debug-exit")
        self.assertEqual((r.returncode, last), (0, "PASS t"))

    def test_semihosting_and_sifive_status(self):
        for kind in ("semihosting", "sifive-test"):
            r, last = self.harness({"exit": 0}, exit_kind=kind)
            self.assertEqual((r.returncode, last), (0, "PASS t"))
            r, last = self.harness({"exit": 2}, exit_kind=kind)
            self.assertEqual(r.returncode, 1)
            self.assertIn("guest exit status 2 (kernel panic), expected 0 (success)", last)

    def test_expect_and_reject(self):
        r, last = self.harness({"print": ["one"]}, "--expect", "two")
        self.assertEqual(r.returncode, 1)
        self.assertIn("--expect 'two'", last)
        self.assertIn("last 1 lines of output", r.stdout)
        r, last = self.harness({"print": ["KERNEL PANIC: x"]}, "--reject", "PANIC")
        self.assertEqual(r.returncode, 1)
        self.assertIn("--reject 'PANIC' matched", last)

    def test_tap(self):
        good = ["1..3", "ok 1 - a", "ok 2 - b # SKIP no", "not ok 3 - c # TODO later"]
        r, last = self.harness({"print": good}, "--tap")
        self.assertEqual((r.returncode, last), (0, "PASS t"), r.stdout)
        for lines, message in ((["1..2", "ok 1 - a", "not ok 2 - b"], "1 TAP test(s) failed"),
                               (["1..3", "ok 1 - a", "ok 2 - b"], "plan 1..3 but 2 results"),
                               (["nothing here", "okay"], "no TAP output"),
                               (["1..1", "ok 1", "Bail out! broken"], "Bail out"),
                               (["1..1", "ok 1", "1..1"], "2 TAP plans")):
            r, last = self.harness({"print": lines}, "--tap")
            self.assertEqual(r.returncode, 1, lines)
            self.assertIn(message, last)

    def test_timeout_and_expect_hang(self):
        start = time.monotonic()
        r, last = self.harness({"print": ["spinning"], "hang": True}, "--timeout", "1")
        self.assertLess(time.monotonic() - start, 8)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(last.startswith("FAIL t: timeout"), last)
        self.assertIn("spinning", r.stdout)
        r, last = self.harness({"print": ["spinning"], "hang": True}, "--timeout", "1",
                               "--expect-hang", "--expect", "spinning")
        self.assertEqual((r.returncode, last), (0, "PASS t"))
        r, last = self.harness({"exit": 0}, "--timeout", "5", "--expect-hang")
        self.assertEqual(r.returncode, 1)
        self.assertIn("expected a hang", last)

    def test_send_after_prompt_without_newline(self):
        r, last = self.harness({"prompt": "login> ", "echo_stdin": True, "exit": 0},
                               "--send-after", "login>", r"walnut\n", "--expect", "^login> GOT walnut$",
                               "--timeout", "10")
        self.assertEqual((r.returncode, last), (0, "PASS t"), r.stdout)

    def test_setup_errors(self):
        os.unlink(self.archive)
        r, last = self.harness({"exit": 0})
        self.assertEqual(r.returncode, 1)
        self.assertIn("boot archive", last)
        open(self.archive, "wb").close()
        os.unlink(os.path.join(self.d, "fake-qemu"))
        r, last = self.harness({"exit": 0})
        self.assertEqual(r.returncode, 1)
        self.assertIn("not found", last)

    def test_status_exit(self):
        r, last = self.harness({"exit": 0}, "--status-exit")
        self.assertEqual(r.returncode, 0)
        r, last = self.harness({"exit": 3}, "--status-exit")
        self.assertEqual(r.returncode, 3)
        r, last = self.harness({"exit": 1}, "--status-exit", exit_kind="isa-debug-exit")
        self.assertEqual(r.returncode, 125)

    def test_harness_selftest(self):
        with open(os.path.join(self.d, "kernel.json"), "w") as f:
            json.dump({"hang": True}, f)
        r = tool("harness_selftest.py", self.recipes["sifive-test"], self.d, self.archive,
                 "--timeout", "1")
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertTrue(r.stdout.rstrip().endswith("PASS harness-selftest"))
        # A guest that ends is no hang: the self-test must notice.
        with open(os.path.join(self.d, "kernel.json"), "w") as f:
            json.dump({"exit": 0}, f)
        r = tool("harness_selftest.py", "--recipe", self.recipes["sifive-test"], "--build-dir",
                 self.d, "--archive", self.archive, "--timeout", "1")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("harness exited 0", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
