#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Writes a Walnut boot archive (the format of kernel/generic/include/kern/
# boot_archive.hpp): sigma0, sigma1, the root task and modules in one file
# that QEMU passes to the kernel as the initrd. Standard library only.
"""Build (or list) a Walnut boot archive.

    mkbootarchive.py -o OUT.wba [--sigma0 ELF] [--sigma1 ELF] [--root ELF]
                     [--module PATH[:NAME]]... [--cmdline ROLE_OR_NAME=TEXT]...
                     [--corrupt-magic]
    mkbootarchive.py --list ARCHIVE.wba

A missing --sigma0 or --root is allowed on purpose: tests build broken
archives to check that the kernel rejects them.
"""

import argparse
import os
import struct
import sys
import tempfile

MAGIC = b"WALNUTBA"
BAD_MAGIC = b"BADMAGIC"
VERSION = 1
MAX_ENTRIES = 32
PAGE = 4096
NAME_BYTES = 40       # including the terminating NUL
CMDLINE_BYTES = 64    # including the terminating NUL

# Archive_header: magic[8], version, entry_count, total_size, header_size,
# entry_size, reserved[32].
HEADER = struct.Struct("<8sIIQII32s")
# Archive_entry: role, flags, offset, size, name[40], cmdline[64].
ENTRY = struct.Struct("<IIQQ40s64s")
assert HEADER.size == 64 and ENTRY.size == 128

ROLES = {"module": 0, "sigma0": 1, "sigma1": 2, "root": 3}
ROLE_NAMES = {v: k for k, v in ROLES.items()}


class ArchiveError(Exception):
    """A problem with the inputs; reported as one line, exit status 1."""


def align_up(value, alignment):
    return (value + alignment - 1) // alignment * alignment


class Entry:
    def __init__(self, role, path, name):
        self.role = role
        self.path = path
        self.name = name
        self.cmdline = ""
        self.data = b""
        self.offset = 0


def parse_module(spec):
    """PATH[:NAME] -> (path, name). A ':' only separates a name if what
    follows it contains no '/', so paths with colons still work."""
    path, sep, name = spec.rpartition(":")
    if not sep or not name or "/" in name or not path:
        return spec, os.path.basename(spec)
    return path, name


def collect_entries(args):
    entries = []
    for role in ("sigma0", "sigma1", "root"):
        path = getattr(args, role)
        if path is not None:
            entries.append(Entry(ROLES[role], path, os.path.basename(path)))
    for spec in args.module:
        path, name = parse_module(spec)
        entries.append(Entry(ROLES["module"], path, name))
    if len(entries) > MAX_ENTRIES:
        raise ArchiveError(f"{len(entries)} entries, at most {MAX_ENTRIES} are allowed")
    for e in entries:
        if len(e.name.encode()) > NAME_BYTES - 1:
            raise ArchiveError(f"name '{e.name}' is longer than {NAME_BYTES - 1} bytes")
        if not e.name:
            raise ArchiveError(f"entry for '{e.path}' has an empty name")
    return entries


def apply_cmdlines(entries, specs):
    """--cmdline KEY=TEXT: KEY is a role (sigma0, sigma1, root) or the name
    of an entry. Every KEY must select exactly one entry."""
    for spec in specs:
        key, sep, text = spec.partition("=")
        if not sep:
            raise ArchiveError(f"--cmdline '{spec}': expected ROLE_OR_NAME=TEXT")
        if key in ("sigma0", "sigma1", "root"):
            chosen = [e for e in entries if e.role == ROLES[key]]
        else:
            chosen = [e for e in entries if e.name == key]
        if not chosen:
            raise ArchiveError(f"--cmdline '{key}': no such role or entry name in the archive")
        if len(chosen) > 1:
            raise ArchiveError(f"--cmdline '{key}': {len(chosen)} entries have this name")
        if len(text.encode()) > CMDLINE_BYTES - 1:
            raise ArchiveError(f"--cmdline '{key}': longer than {CMDLINE_BYTES - 1} bytes")
        chosen[0].cmdline = text


def read_inputs(entries):
    for e in entries:
        try:
            with open(e.path, "rb") as f:
                e.data = f.read()
        except OSError as err:
            raise ArchiveError(f"cannot read '{e.path}': {err.strerror}") from None


def layout(entries):
    """Places every entry's data on a page boundary after the entry table;
    returns the total size (end of the last data, page aligned)."""
    offset = align_up(HEADER.size + len(entries) * ENTRY.size, PAGE)
    for e in entries:
        e.offset = offset
        offset = align_up(offset + len(e.data), PAGE)
    return offset


def build(entries, corrupt_magic=False):
    total = layout(entries)
    image = bytearray(total)
    HEADER.pack_into(image, 0, BAD_MAGIC if corrupt_magic else MAGIC, VERSION,
                     len(entries), total, HEADER.size, ENTRY.size, bytes(32))
    for i, e in enumerate(entries):
        ENTRY.pack_into(image, HEADER.size + i * ENTRY.size, e.role, 0, e.offset,
                        len(e.data), e.name.encode(), e.cmdline.encode())
        image[e.offset:e.offset + len(e.data)] = e.data
    return bytes(image)


def write_atomically(path, data):
    """Never leaves a half-written archive behind for ninja to trust."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".mkbootarchive-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def cstring(raw):
    return raw.split(b"\0", 1)[0].decode(errors="replace")


def read_archive(data):
    """Parses an archive; returns (header dict, list of entry dicts).
    Checks only what is needed to print it, the kernel checks the rest."""
    if len(data) < HEADER.size:
        raise ArchiveError("file is smaller than an archive header")
    magic, version, count, total, hsize, esize, _ = HEADER.unpack_from(data, 0)
    header = dict(magic=magic, version=version, entry_count=count, total_size=total,
                  header_size=hsize, entry_size=esize)
    if HEADER.size + count * ENTRY.size > len(data):
        raise ArchiveError("entry table runs past the end of the file")
    entries = []
    for i in range(count):
        role, flags, offset, size, name, cmdline = ENTRY.unpack_from(
            data, HEADER.size + i * ENTRY.size)
        entries.append(dict(role=role, flags=flags, offset=offset, size=size,
                            name=cstring(name), cmdline=cstring(cmdline)))
    return header, entries


def list_archive(path):
    with open(path, "rb") as f:
        data = f.read()
    header, entries = read_archive(data)
    magic = header["magic"].decode(errors="replace")
    print(f"{path}: magic '{magic}' version {header['version']} "
          f"total_size {header['total_size']} ({len(data)} bytes in the file), "
          f"{header['entry_count']} entries")
    for e in entries:
        role = ROLE_NAMES.get(e["role"], f"role {e['role']}")
        print(f"  {role:7} {e['name']:39} offset {e['offset']:#9x} size {e['size']:9}"
              f"  cmdline '{e['cmdline']}'")


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Build a Walnut boot archive (sigma0, sigma1, root task, modules).")
    p.add_argument("-o", "--output", metavar="OUT.wba", help="archive to write")
    p.add_argument("--sigma0", metavar="ELF", help="the sigma0 binary")
    p.add_argument("--sigma1", metavar="ELF", help="the sigma1 binary (optional)")
    p.add_argument("--root", metavar="ELF", help="the root task binary")
    p.add_argument("--module", metavar="PATH[:NAME]", action="append", default=[],
                   help="a further module; NAME defaults to the file's basename")
    p.add_argument("--cmdline", metavar="ROLE_OR_NAME=TEXT", action="append", default=[],
                   help="command line of an entry, selected by role or name")
    p.add_argument("--corrupt-magic", action="store_true",
                   help="write a wrong magic (to test that the kernel rejects it)")
    p.add_argument("--list", metavar="ARCHIVE", help="print an archive's contents and exit")
    args = p.parse_args(argv)
    if args.list is None and args.output is None:
        p.error("-o OUT.wba is required (or --list ARCHIVE)")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.list is not None:
            list_archive(args.list)
            return 0
        entries = collect_entries(args)
        apply_cmdlines(entries, args.cmdline)
        read_inputs(entries)
        write_atomically(args.output, build(entries, args.corrupt_magic))
    except (ArchiveError, OSError) as err:
        print(f"mkbootarchive: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
