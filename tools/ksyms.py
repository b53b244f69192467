#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Writes the kernel's own symbol table into its .ksyms section after linking,
# so a kernel fault report can name the function it hit. Standard library only.
"""Patch the .ksyms section of a linked Walnut kernel.

    ksyms.py IN.elf OUT.elf

Blob written into .ksyms (all little endian):
    u32 magic = 0x4D59534B ('KSYM'), u32 count, u32 strings_offset, u32 total_size
    count x { u64 addr; u32 size; u32 name_offset }   sorted by addr
    NUL-terminated names (name_offset is relative to strings_offset)
Symbols: STT_FUNC with a non-zero address, and STT_NOTYPE labels inside
executable sections (assembly entry points). Names are kept mangled.
The blob fills at most kern::ksyms_blob, which must start the section.
If the names do not fit, they are first cut to 63 characters, then the
longest are dropped (their entries keep an empty name, so the addresses
still bound their neighbours). Failing to fit the addresses is an error.
"""

import collections
import os
import struct
import sys
import tempfile

KSYM_MAGIC = 0x4D59534B
BLOB_HEADER = struct.Struct("<IIII")
BLOB_ENTRY = struct.Struct("<QII")
MAX_NAME = 63
BLOB_SYMBOL = "_ZN4kern10ksyms_blobE"   # kern::ksyms_blob

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
PHDR = struct.Struct("<IIQQQQQQ")
SYM = struct.Struct("<IBBHQQ")

SHT_PROGBITS, SHT_SYMTAB, SHT_NOBITS = 1, 2, 8
SHF_EXECINSTR = 0x4
STT_NOTYPE, STT_FUNC = 0, 2
STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2
SHN_UNDEF, SHN_LORESERVE, SHN_XINDEX = 0, 0xFF00, 0xFFFF
PT_LOAD = 1


class KsymsError(Exception):
    """Reported as one line; exit status 1."""


class Section:
    def __init__(self, index, fields):
        (self.name_off, self.type, self.flags, self.addr, self.offset, self.size,
         self.link, self.info, self.align, self.entsize) = fields
        self.index = index
        self.name = ""


class Elf:
    """The parts of an ELF64 little-endian file that ksyms needs."""

    def __init__(self, data):
        self.data = data
        if len(data) < EHDR.size or data[:4] != b"\x7fELF":
            raise KsymsError("not an ELF file")
        if data[4] != 2 or data[5] != 1:
            raise KsymsError("not an ELF64 little-endian file")
        (_, _, _, _, _, self.phoff, self.shoff, _, _, self.phentsize, self.phnum,
         self.shentsize, shnum, shstrndx) = EHDR.unpack_from(data, 0)
        if self.shoff == 0:
            raise KsymsError("the file has no section headers")
        if self.shentsize != SHDR.size:
            raise KsymsError(f"unexpected section header size {self.shentsize}")
        first = self.section_fields(0)
        # Extended numbering: the real counts live in section 0.
        self.shnum = shnum if shnum != 0 else first[5]
        if shstrndx == SHN_XINDEX:
            shstrndx = first[6]
        self.sections = [Section(i, self.section_fields(i)) for i in range(self.shnum)]
        if not 0 < shstrndx < self.shnum:
            raise KsymsError("bad section name table index")
        names = self.sections[shstrndx]
        for s in self.sections:
            s.name = self.cstring(names.offset, names.size, s.name_off)

    def section_fields(self, index):
        off = self.shoff + index * SHDR.size
        if off + SHDR.size > len(self.data):
            raise KsymsError("section headers run past the end of the file")
        return SHDR.unpack_from(self.data, off)

    def contents(self, s):
        if s.type == SHT_NOBITS:
            return b""
        if s.offset + s.size > len(self.data):
            raise KsymsError(f"section {s.name} runs past the end of the file")
        return self.data[s.offset:s.offset + s.size]

    def cstring(self, base, limit, off):
        if off >= limit:
            raise KsymsError("string offset outside its string table")
        start = base + off
        end = self.data.find(b"\0", start, base + limit)
        if end < 0:
            raise KsymsError("unterminated string in a string table")
        return self.data[start:end].decode(errors="replace")

    def section(self, name):
        found = [s for s in self.sections if s.name == name]
        return found[0] if found else None

    def load_segments(self):
        if self.phoff == 0 or self.phnum == 0:
            return []
        if self.phentsize != PHDR.size:
            raise KsymsError(f"unexpected program header size {self.phentsize}")
        segs = []
        for i in range(self.phnum):
            off = self.phoff + i * PHDR.size
            if off + PHDR.size > len(self.data):
                raise KsymsError("program headers run past the end of the file")
            ptype, _, offset, _, _, filesz, _, _ = PHDR.unpack_from(self.data, off)
            if ptype == PT_LOAD:
                segs.append((offset, filesz))
        return segs


class Symbol:
    def __init__(self, addr, size, name, rank):
        self.addr = addr
        self.size = size
        self.name = name
        self.rank = rank      # lower wins when two symbols share an address


def symbol_rank(stype, bind):
    """Prefers functions over labels and global over local names."""
    return (0 if stype == STT_FUNC else 1) * 2 + (0 if bind in (STB_GLOBAL, STB_WEAK) else 1)


def collect_symbols(elf):
    symtabs = [s for s in elf.sections if s.type == SHT_SYMTAB]
    if not symtabs:
        raise KsymsError("no .symtab (was the kernel stripped?)")
    symtab = symtabs[0]
    if symtab.entsize not in (0, SYM.size) or not 0 < symtab.link < elf.shnum:
        raise KsymsError("malformed symbol table header")
    strtab = elf.sections[symtab.link]
    raw = elf.contents(symtab)
    symbols = []
    for off in range(SYM.size, len(raw) - SYM.size + 1, SYM.size):  # entry 0 is null
        name_off, info, _, shndx, value, size = SYM.unpack_from(raw, off)
        stype, bind = info & 0xF, info >> 4
        if value == 0 or shndx == SHN_UNDEF or shndx >= SHN_LORESERVE:
            continue
        if stype == STT_NOTYPE:
            if shndx >= elf.shnum:
                continue
            sec = elf.sections[shndx]
            # Only code labels; a linker-script symbol such as a physical
            # load address that lies outside its section is no code.
            if not sec.flags & SHF_EXECINSTR or not sec.addr <= value < sec.addr + sec.size:
                continue
        elif stype != STT_FUNC:
            continue
        name = elf.cstring(strtab.offset, strtab.size, name_off)
        # '$x', '$d' (arm/riscv mapping symbols) and '.L' labels are no names.
        if not name or name.startswith("$") or name.startswith(".L"):
            continue
        if size == 0:
            size = None   # assembly often gives none: filled in from the next symbol below
        symbols.append((Symbol(value, size, name, symbol_rank(stype, bind)), shndx))
    return dedup_and_size(elf, symbols)


def dedup_and_size(elf, symbols):
    symbols.sort(key=lambda pair: (pair[0].addr, pair[0].rank, pair[0].name))
    unique = []
    for sym, shndx in symbols:
        if unique and unique[-1][0].addr == sym.addr:
            continue      # the better-ranked one came first
        unique.append((sym, shndx))
    # A symbol without a size reaches to the next symbol or its section's end.
    for i, (sym, shndx) in enumerate(unique):
        if sym.size is None:
            sec = elf.sections[shndx]
            end = sec.addr + sec.size
            if i + 1 < len(unique):
                end = min(end, unique[i + 1][0].addr)
            sym.size = max(0, end - sym.addr)
        sym.size = min(sym.size, 0xFFFFFFFF)
    return [sym for sym, _ in unique]


def build_blob(symbols, capacity):
    """Returns (blob, notes) where notes says what had to be given up."""
    fixed = BLOB_HEADER.size + len(symbols) * BLOB_ENTRY.size
    if fixed > capacity:
        raise KsymsError(f".ksyms holds {capacity} bytes but the {len(symbols)} "
                         f"symbol addresses alone need {fixed}: enlarge kern::ksyms_blob")
    notes = []
    names = [s.name.encode() for s in symbols]
    # Offset 0 is the empty string shared by dropped names; equal names are stored once.
    counts = collections.Counter(n for n in names if n)

    def strings_size():
        return 1 + sum(len(n) + 1 for n in counts)

    if fixed + strings_size() > capacity:
        cut = sum(1 for n in names if len(n) > MAX_NAME)
        names = [n[:MAX_NAME] for n in names]
        counts = collections.Counter(n for n in names if n)
        notes.append(f"cut {cut} names to {MAX_NAME} characters")
    size = strings_size()
    if fixed + size > capacity:
        dropped = 0
        for i in sorted(range(len(names)), key=lambda i: -len(names[i])):
            if fixed + size <= capacity:
                break
            counts[names[i]] -= 1
            if counts[names[i]] == 0:
                del counts[names[i]]
                size -= len(names[i]) + 1
            names[i] = b""
            dropped += 1
        notes.append(f"dropped the {dropped} longest names")

    strings = bytearray(b"\0")
    offsets = {b"": 0}
    for n in names:
        if n not in offsets:
            offsets[n] = len(strings)
            strings += n + b"\0"
    total = fixed + len(strings)
    blob = bytearray(BLOB_HEADER.pack(KSYM_MAGIC, len(symbols), fixed, total))
    for sym, n in zip(symbols, names):
        blob += BLOB_ENTRY.pack(sym.addr, sym.size, offsets[n])
    blob += strings
    assert len(blob) == total <= capacity
    return bytes(blob) + bytes(capacity - total), notes


def check_ksyms_section(elf, ksyms):
    if ksyms is None:
        raise KsymsError("no .ksyms section: the kernel linker script must have "
                         "'.ksyms : ALIGN(8) { KEEP(*(.ksyms)) }'")
    if ksyms.type != SHT_PROGBITS:
        raise KsymsError(".ksyms is not PROGBITS (it must hold file bytes, not be NOBITS)")
    if ksyms.addr % 8 != 0:
        raise KsymsError(f".ksyms at {ksyms.addr:#x} is not 8-byte aligned")
    if ksyms.offset + ksyms.size > len(elf.data):
        raise KsymsError(".ksyms runs past the end of the file")
    segments = elf.load_segments()
    if segments and not any(off <= ksyms.offset and ksyms.offset + ksyms.size <= off + size
                            for off, size in segments):
        raise KsymsError(".ksyms is not inside a loadable segment's file bytes")


def blob_capacity(elf, ksyms):
    """Bytes the kernel reads: the size of kern::ksyms_blob, which must
    start the section (a linker script may pad the section after it)."""
    symtab = next((s for s in elf.sections if s.type == SHT_SYMTAB), None)
    if symtab is None:
        return ksyms.size
    strtab = elf.sections[symtab.link]
    raw = elf.contents(symtab)
    for off in range(SYM.size, len(raw) - SYM.size + 1, SYM.size):
        name_off, _, _, _, value, size = SYM.unpack_from(raw, off)
        if elf.cstring(strtab.offset, strtab.size, name_off) != BLOB_SYMBOL:
            continue
        if value != ksyms.addr:
            raise KsymsError(f"kern::ksyms_blob is at {value:#x}, not at the start of "
                             f".ksyms ({ksyms.addr:#x}): the kernel would read other bytes")
        return min(ksyms.size, size) if size else ksyms.size
    return ksyms.size


def patch(data):
    """Returns (patched file bytes, symbol count, notes)."""
    elf = Elf(data)
    ksyms = elf.section(".ksyms")
    check_ksyms_section(elf, ksyms)
    symbols = collect_symbols(elf)
    blob, notes = build_blob(symbols, blob_capacity(elf, ksyms))
    out = bytearray(data)
    out[ksyms.offset:ksyms.offset + len(blob)] = blob
    return bytes(out), len(symbols), notes


def write_atomically(path, data, mode):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".ksyms-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] in ("-h", "--help"):
        print("usage: ksyms.py IN.elf OUT.elf\n"
              "Writes the symbol table of IN.elf into its .ksyms section, giving OUT.elf.",
              file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    src, dst = argv
    try:
        with open(src, "rb") as f:
            data = f.read()
        patched, count, notes = patch(data)
        write_atomically(dst, patched, os.stat(src).st_mode & 0o777)
    except KsymsError as err:
        print(f"ksyms: {src}: error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"ksyms: error: {err}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"ksyms: warning: {src}: .ksyms too small: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
