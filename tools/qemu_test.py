#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# The Walnut test harness: boots a kernel and a boot archive in QEMU as a
# board's boot.json describes, streams the serial console, enforces a
# wall-clock timeout and judges the run. Standard library only.
"""Boot a Walnut image in QEMU and check what it does.

Ends with one line, "PASS <name>" or "FAIL <name>: <reason>", and exits 0 / 1
(see docs/testing.md). Exit statuses decoded from QEMU's return code:
isa-debug-exit: status = (rc >> 1) - 16 for odd rc >= 33, otherwise none;
semihosting and sifive-test: status = rc.
"""

import argparse
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

EXIT_KINDS = ("isa-debug-exit", "semihosting", "sifive-test")
STATUS_NAMES = {0: "success", 1: "test failure", 2: "kernel panic", 3: "boot error"}
TAIL_LINES = 40
KILL_GRACE_S = 2.0
PROMPT_MAX = 4096   # longer unfinished lines are not searched for --send-after prompts

TAP_RESULT = re.compile(r"^(not ok|ok)(?=\s|$)\s*(\d*)\s*(?:-\s*)?(.*)$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)(?:\s|$)")
TAP_DIRECTIVE = re.compile(r"#\s*(SKIP|TODO)\b", re.IGNORECASE)


class SetupError(Exception):
    """The run could not start (bad recipe, missing file): reported as FAIL."""


class Interrupted(Exception):
    """A signal asked us to stop; QEMU is killed on the way out."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)


# ---- Command line --------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Boot a Walnut kernel + boot archive in QEMU and check the run.")
    p.add_argument("--recipe", required=True, help="platforms/<board>/boot.json")
    p.add_argument("--build-dir", required=True, help="build directory holding the kernel")
    p.add_argument("--archive", required=True, help="boot archive (.wba) passed as -initrd")
    p.add_argument("--name", help="test name for the PASS/FAIL line (default: archive name)")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="wall-clock limit in seconds (default 30; 0 = none)")
    p.add_argument("--machine", help="override the recipe's -M machine")
    p.add_argument("--memory", help="override the recipe's -m size")
    p.add_argument("--smp", type=int, help="number of CPUs (-smp N)")
    p.add_argument("--append", help="kernel command line (-append)")
    p.add_argument("--icount", action="store_true", help="add -icount shift=0,sleep=off")
    p.add_argument("--extra-arg", action="append", default=[], metavar="ARG",
                   help="one more QEMU argument (repeatable; write --extra-arg=-foo for "
                        "arguments that start with '-')")
    p.add_argument("--expect", action="append", default=[], metavar="REGEX",
                   help="some output line must match (repeatable, any order)")
    p.add_argument("--reject", action="append", default=[], metavar="REGEX",
                   help="no output line may match (repeatable)")
    p.add_argument("--expect-status", type=int, default=0, metavar="N",
                   help="guest exit status required (default 0)")
    p.add_argument("--send-after", nargs=2, action="append", default=[],
                   metavar=("REGEX", "TEXT"),
                   help="when REGEX first matches, write TEXT (\\n escapes) to the console")
    p.add_argument("--tap", action="store_true",
                   help="require TAP output: results, no 'not ok', plan honoured")
    p.add_argument("--expect-hang", action="store_true",
                   help="pass only if the run hits the timeout (harness self-test)")
    p.add_argument("--interactive", action="store_true",
                   help="give QEMU this terminal as its console input (scripts/boot-default)")
    p.add_argument("--status-exit", action="store_true",
                   help="exit with the guest's status instead of 0/1 "
                        "(124 = timeout, 125 = no guest status)")
    args = p.parse_args(argv)
    if args.timeout < 0:
        p.error("--timeout must be >= 0")
    if args.smp is not None and args.smp < 1:
        p.error("--smp must be >= 1")
    if args.interactive and args.send_after:
        p.error("--interactive and --send-after exclude each other")
    if args.expect_hang and args.timeout == 0:
        p.error("--expect-hang needs a timeout")
    for option, regex in ([("--expect", r) for r in args.expect] +
                          [("--reject", r) for r in args.reject] +
                          [("--send-after", r) for r, _ in args.send_after]):
        try:
            re.compile(regex)
        except re.error as err:
            p.error(f"{option} {regex!r}: bad regular expression: {err}")
    if args.name is None:
        args.name = os.path.splitext(os.path.basename(args.archive))[0]
    return args


def decode_escapes(text):
    """Decodes \\n \\r \\t \\e \\\\ and \\xHH in --send-after TEXT."""
    simple = {"n": "\n", "r": "\r", "t": "\t", "e": "\x1b", "\\": "\\", "0": "\0"}

    def one(m):
        body = m.group(1)
        if body[0] == "x":
            return chr(int(body[1:], 16))
        return simple.get(body, "\\" + body)

    return re.sub(r"\\(x[0-9a-fA-F]{2}|.)", one, text)


# ---- Recipe and QEMU command ---------------------------------------------

def load_recipe(path):
    try:
        with open(path, encoding="utf-8") as f:
            recipe = json.load(f)
    except OSError as err:
        raise SetupError(f"cannot read recipe {path}: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise SetupError(f"recipe {path} is not valid JSON: {err}") from None
    if not isinstance(recipe, dict):
        raise SetupError(f"recipe {path}: expected a JSON object")
    for key in ("qemu", "machine", "memory", "kernel", "exit"):
        if not isinstance(recipe.get(key), str) or not recipe[key]:
            raise SetupError(f"recipe {path}: '{key}' (string) is missing")
    if recipe["exit"] not in EXIT_KINDS:
        raise SetupError(f"recipe {path}: unknown exit kind '{recipe['exit']}' "
                         f"(one of {', '.join(EXIT_KINDS)})")
    extra = recipe.get("extra", [])
    if not isinstance(extra, list) or not all(isinstance(a, str) for a in extra):
        raise SetupError(f"recipe {path}: 'extra' must be a list of strings")
    if "cpu" in recipe and not isinstance(recipe["cpu"], str):
        raise SetupError(f"recipe {path}: 'cpu' must be a string")
    return recipe


def qemu_command(recipe, args):
    qemu = shutil.which(recipe["qemu"])
    if qemu is None:
        raise SetupError(f"QEMU binary '{recipe['qemu']}' not found (run scripts/setup-deps)")
    kernel = os.path.join(args.build_dir, recipe["kernel"])
    if not os.path.isfile(kernel):
        raise SetupError(f"kernel image {kernel} not found (is the build complete?)")
    if not os.path.isfile(args.archive):
        raise SetupError(f"boot archive {args.archive} not found")
    cmd = [qemu, "-M", args.machine or recipe["machine"]]
    if recipe.get("cpu"):
        cmd += ["-cpu", recipe["cpu"]]
    cmd += ["-m", args.memory or recipe["memory"]]
    cmd += recipe.get("extra", [])
    cmd += ["-display", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", kernel, "-initrd", args.archive]
    if args.append is not None:
        cmd += ["-append", args.append]
    if args.smp is not None:
        cmd += ["-smp", str(args.smp)]
    if args.icount:
        # sleep=off: while the guest idles, its clock jumps to the next timer
        # instead of following the host's, so a loaded host changes nothing.
        cmd += ["-icount", "shift=0,sleep=off"]
    return cmd + args.extra_arg


def decode_status(exit_kind, rc):
    """The guest's exit status from QEMU's return code, or None if QEMU
    did not end through the exit device (crash, triple fault, QEMU error)."""
    if rc is None or rc < 0:
        return None
    if exit_kind == "isa-debug-exit":
        return (rc >> 1) - 16 if rc >= 33 and rc & 1 else None
    return rc


def describe_status(status):
    name = STATUS_NAMES.get(status)
    return f"{status} ({name})" if name else str(status)


# ---- Running QEMU --------------------------------------------------------

class Run:
    """One QEMU run: output streamed to stdout as it comes, kept as lines."""

    def __init__(self, cmd, args):
        self.cmd = cmd
        self.args = args
        self.lines = []
        self.timed_out = False
        self.rc = None
        self.elapsed = 0.0
        self._partial = b""
        self._ended_with_newline = True
        self._triggers = [(re.compile(r), decode_escapes(t)) for r, t in args.send_after]
        self._fired = [False] * len(self._triggers)
        self._out = sys.stdout.buffer

    def execute(self):
        start = time.monotonic()
        deadline = start + self.args.timeout if self.args.timeout else None
        try:
            self.proc = subprocess.Popen(
                self.cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                stdin=None if self.args.interactive else subprocess.PIPE)
        except OSError as err:
            raise SetupError(f"cannot start {self.cmd[0]}: {err.strerror}") from None
        chunks = queue.Queue()
        reader = threading.Thread(target=self._read, args=(chunks,), daemon=True)
        reader.start()
        try:
            self._pump(chunks, deadline)
            if not self.timed_out:
                self._wait(deadline)
        finally:
            self.stop()
        # Whatever QEMU wrote before it died still belongs to the run.
        reader.join(KILL_GRACE_S)
        self._drain(chunks)
        if self._partial:
            self._line(self._partial)
            self._partial = b""
        self.rc = self.proc.returncode
        self.elapsed = time.monotonic() - start

    def _read(self, chunks):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            chunks.put(data or None)
            if not data:
                return

    def _pump(self, chunks, deadline):
        while True:
            wait = 0.25
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.timed_out = True
                    return
                wait = min(wait, remaining)
            try:
                data = chunks.get(timeout=wait)
            except queue.Empty:
                continue
            if data is None:
                return
            self._feed(data)

    def _wait(self, deadline):
        # Output ended; QEMU should be gone in a moment.
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.timed_out = True

    def _drain(self, chunks):
        while True:
            try:
                data = chunks.get_nowait()
            except queue.Empty:
                return
            if data is not None:
                self._feed(data)

    def _feed(self, data):
        self._out.write(data)
        self._out.flush()
        self._ended_with_newline = data.endswith(b"\n")
        self._partial += data
        *complete, self._partial = self._partial.split(b"\n")
        for raw in complete:
            self._line(raw)
        if self._partial and len(self._partial) < PROMPT_MAX:
            # A prompt may wait for input without ending its line.
            self._check_triggers(self._text(self._partial))

    @staticmethod
    def _text(raw):
        return raw.decode("utf-8", errors="replace").rstrip("\r")

    def _line(self, raw):
        text = self._text(raw)
        self.lines.append(text)
        self._check_triggers(text)

    def _check_triggers(self, text):
        for i, (regex, reply) in enumerate(self._triggers):
            if not self._fired[i] and regex.search(text):
                self._fired[i] = True
                try:
                    self.proc.stdin.write(reply.encode())
                    self.proc.stdin.flush()
                except (BrokenPipeError, OSError):
                    pass

    def stop(self):
        """Ends QEMU if it still runs: SIGTERM first (QEMU restores the
        terminal), SIGKILL after a grace period."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def finish_line(self):
        """Makes sure our report starts on a line of its own."""
        if not self._ended_with_newline:
            self._out.write(b"\n")
            self._out.flush()
            self._ended_with_newline = True


# ---- Judging the run -----------------------------------------------------

def tap_problems(lines):
    results, plans, failed, bail = [], [], [], None
    for line in lines:
        m = TAP_RESULT.match(line)
        if m:
            results.append(line)
            if m.group(1) == "not ok" and not TAP_DIRECTIVE.search(m.group(3)):
                failed.append(line.strip())
            continue
        m = TAP_PLAN.match(line)
        if m:
            plans.append(int(m.group(1)))
        elif line.startswith("Bail out!") and bail is None:
            bail = line.strip()
    problems = []
    if not results and not plans:
        problems.append("no TAP output")
    if failed:
        shown = ", ".join(f"'{f}'" for f in failed[:3])
        more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
        problems.append(f"{len(failed)} TAP test(s) failed: {shown}{more}")
    if len(plans) > 1:
        problems.append(f"{len(plans)} TAP plans printed")
    elif plans and plans[0] != len(results):
        problems.append(f"TAP plan 1..{plans[0]} but {len(results)} results")
    if bail:
        problems.append(f"TAP '{bail}'")
    return problems


def judge(run, recipe, args):
    """Returns (guest status or None, list of failure reasons)."""
    reasons = []
    status = None if run.timed_out else decode_status(recipe["exit"], run.rc)
    if args.expect_hang:
        if not run.timed_out:
            reasons.append(f"expected a hang, but QEMU exited (code {run.rc}) "
                           f"after {run.elapsed:.1f} s")
    elif run.timed_out:
        reasons.append(f"timeout after {args.timeout:g} s (guest hung or too slow)")
    elif status is None:
        reasons.append(f"no guest exit status (QEMU exit code {run.rc}: crash, "
                       f"reset or QEMU error)")
    elif status != args.expect_status:
        reasons.append(f"guest exit status {describe_status(status)}, expected "
                       f"{describe_status(args.expect_status)}")
    for regex in args.expect:
        if not any(re.search(regex, line) for line in run.lines):
            reasons.append(f"no output line matched --expect '{regex}'")
    for regex in args.reject:
        hit = next((line for line in run.lines if re.search(regex, line)), None)
        if hit is not None:
            reasons.append(f"--reject '{regex}' matched: '{hit.strip()}'")
    if args.tap:
        reasons += tap_problems(run.lines)
    return status, reasons


def print_tail(lines):
    tail = lines[-TAIL_LINES:]
    print(f"---- last {len(tail)} lines of output ----")
    for line in tail:
        print(line)
    print("---- end of output ----")


def exit_code(args, passed, status, timed_out):
    if not args.status_exit:
        return 0 if passed else 1
    if status is not None:
        return status if status != 0 or passed else 1
    return 124 if timed_out else 125


# ---- Main ----------------------------------------------------------------

def main(argv=None):
    args = parse_args(argv)

    def on_signal(signum, _frame):
        raise Interrupted(signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)

    saved_tty = None
    if args.interactive and sys.stdin.isatty():
        import termios
        saved_tty = termios.tcgetattr(sys.stdin.fileno())
    run = None
    try:
        recipe = load_recipe(args.recipe)
        cmd = qemu_command(recipe, args)
        print("qemu_test: running: " + " ".join(shlex.quote(c) for c in cmd), flush=True)
        run = Run(cmd, args)
        run.execute()
    except SetupError as err:
        print(f"FAIL {args.name}: {err}", flush=True)
        return 125 if args.status_exit else 1
    except Interrupted as sig:
        if run is not None and hasattr(run, "proc"):
            run.stop()
            run.finish_line()
        print(f"FAIL {args.name}: interrupted by {sig}", flush=True)
        return 130 if args.status_exit else 1
    finally:
        if saved_tty is not None:
            import termios
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved_tty)

    run.finish_line()
    status, reasons = judge(run, recipe, args)
    if run.timed_out:
        print(f"qemu_test: stopped QEMU after {run.elapsed:.1f} s (timeout {args.timeout:g} s)")
    if reasons:
        print_tail(run.lines)
        print(f"FAIL {args.name}: {'; '.join(reasons)}", flush=True)
    else:
        print(f"PASS {args.name}", flush=True)
    return exit_code(args, not reasons, status, run.timed_out)


if __name__ == "__main__":
    sys.exit(main())
