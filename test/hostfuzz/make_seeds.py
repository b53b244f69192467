#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the structured part of the committed seed corpora of test/hostfuzz.

    make_seeds.py SOURCE_ROOT [BUILD_DIR]

corpus/elf: small ELF64 executables for EM_X86_64 (the host port's machine),
valid and borderline. corpus/boot_archive: archives made by
tools/mkbootarchive.py from them. corpus/boot: those archives followed by
the machine trailer fuzz_boot.cc reads (256 zero bytes: QEMU virt as is).
corpus/fdt: the device trees of test/host/data compiled by dtc, and, from
BUILD_DIR, the ones QEMU's virt boards pass. The mapdb and ipc corpora are
not generated: they are inputs libFuzzer found (run_fuzzer.py --merge).
Standard library only; deterministic output.
"""
import os
import struct
import subprocess
import sys
import tempfile

EM_X86_64 = 62
PT_LOAD = 1
MACHINE_TRAILER = bytes(256)


def elf(segments, entry, machine=EM_X86_64, etype=2):
    """segments: (vaddr, flags, data, memsz) each; data placed page aligned."""
    phoff = 64
    ph = b""
    body = b""
    offset = 0x1000
    blobs = []
    for vaddr, flags, data, memsz in segments:
        ph += struct.pack("<IIQQQQQQ", PT_LOAD, flags, offset, vaddr, vaddr, len(data), memsz, 0x1000)
        blobs.append((offset, data))
        offset += (len(data) + 0xfff) // 0x1000 * 0x1000 or 0x1000
    eh = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), etype, machine, 1, entry,
                     phoff, 0, 0, 64, 56, len(segments), 0, 0, 0)
    out = bytearray(eh + ph)
    for off, data in blobs:
        out += bytes(off - len(out)) + data
    return bytes(out)


def server(base):
    """A plausible initial server linked at base: text (RX) and data (RW)."""
    return elf([(base, 5, b"\x90" * 64 + b"\xeb\xfe", 0x1000),
                (base + 0x2000, 6, b"data" * 8, 0x3000)], base)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    root = sys.argv[1]
    build = sys.argv[2] if len(sys.argv) > 2 else None
    here = os.path.join(root, "test", "hostfuzz", "corpus")

    elves = {
        "server": server(0x40400000),
        "one-segment": elf([(0x40200000, 5, b"\xc3", 1)], 0x40200000),
        "bss-only": elf([(0x40200000, 7, b"", 0x10000)], 0x40200000),
        "eight-segments": elf([(0x40200000 + i * 0x2000, 5 if i == 0 else 6, b"x", 0x1000) for i in range(8)],
                              0x40200000),
        "entry-at-end": elf([(0x40200000, 5, b"\x90" * 16, 16)], 0x4020000f),
        "top-of-memory": elf([(0xfffffffffffff000, 5, b"\x90", 0xfff)], 0xfffffffffffff000),
        "wrong-machine": elf([(0x40200000, 5, b"\x90", 1)], 0x40200000, machine=183),
    }
    for name, data in elves.items():
        write(os.path.join(here, "elf", name), data)

    tool = os.path.join(root, "tools", "mkbootarchive.py")
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, base in (("sigma0", 0x40200000), ("sigma1", 0x40600000), ("root", 0x40400000)):
            files[name] = os.path.join(tmp, name)
            write(files[name], server(base))
        files["module"] = os.path.join(tmp, "module")
        write(files["module"], b"module payload\n" * 10)
        files["empty"] = os.path.join(tmp, "empty")
        write(files["empty"], b"")
        archives = {
            "minimal": ["--sigma0", files["sigma0"], "--root", files["root"]],
            "all-roles": ["--sigma0", files["sigma0"], "--sigma1", files["sigma1"], "--root", files["root"],
                          "--module", files["module"] + ":mod1", "--cmdline", "root=-v --fast"],
            "many-modules": ["--sigma0", files["sigma0"], "--root", files["root"]] +
                            [a for i in range(29) for a in ("--module", f"{files['empty']}:module-with-a-long-name-{i:02d}",
                                                            "--cmdline", f"module-with-a-long-name-{i:02d}=" + "x" * 60)],
            "no-root": ["--sigma0", files["sigma0"]],
        }
        for name, args in archives.items():
            out = os.path.join(tmp, name + ".wba")
            subprocess.check_call([sys.executable, tool, "-o", out] + args, stdout=subprocess.DEVNULL)
            with open(out, "rb") as f:
                data = f.read()
            write(os.path.join(here, "boot_archive", name), data)
            write(os.path.join(here, "boot", name), data + MACHINE_TRAILER)

    dts_dir = os.path.join(root, "test", "host", "data")
    for name in ("qemu_virt", "edge_cases"):
        out = subprocess.check_output(["dtc", "-q", "-I", "dts", "-O", "dtb", os.path.join(dts_dir, name + ".dts")])
        write(os.path.join(here, "fdt", name), out)
    if build:
        for name in ("qemu-virt-aarch64.dtb", "qemu-virt-riscv64.dtb"):
            path = os.path.join(build, "test", "host", name)
            if os.path.exists(path):
                # QEMU pads its tree to 1 MiB; dtc packs it.
                packed = subprocess.check_output(["dtc", "-q", "-I", "dtb", "-O", "dtb", path])
                write(os.path.join(here, "fdt", name[:-4]), packed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
