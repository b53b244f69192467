#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Runs one libFuzzer target of test/hostfuzz for a bounded time.

  run_fuzzer.py --fuzzer EXE --name NAME --corpus DIR --work DIR --seconds N
      Fuzzes for N seconds (WALNUT_HOSTFUZZ_SECONDS overrides N; the
      libFuzzer seed comes from WALNUT_HOSTFUZZ_SEED if set). The committed
      seed corpus DIR is only read; new inputs go to WORK/corpus, a failing
      input to WORK/artifacts/. Prints the libFuzzer seed, and on failure the
      reproducer and the command that replays it. Exit status 0 = no crash,
      no sanitizer report, no violation, no timeout or leak.

  run_fuzzer.py --replay --fuzzer EXE [--name NAME] [--expect-bug TEXT] FILE...
      Runs each input once (no fuzzing): a reproducer's regression test.
      Exit status 0 = none of them fails; with --expect-bug (a bug not
      fixed yet), 0 = the run fails and its output shows TEXT, the bug's
      signature: it still reproduces, and nothing else went wrong.

  run_fuzzer.py --merge --fuzzer EXE --corpus DIR --work DIR
      Adds to DIR the inputs of WORK/corpus that cover something new
      (libFuzzer -merge=1): how the committed corpus is refreshed.

  run_fuzzer.py --make-archive AR OUT OBJ...
      (Re)creates the static archive OUT from the objects (the build uses it).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys


def make_archive(argv):
    ar, out, objs = argv[0], argv[1], argv[2:]
    if os.path.exists(out):
        os.remove(out)
    return subprocess.call([ar, "rcs", out] + objs)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--make-archive":
        return make_archive(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fuzzer", required=True)
    p.add_argument("--name", default=None)
    p.add_argument("--corpus")
    p.add_argument("--work")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--merge", action="store_true")
    p.add_argument("--replay", action="store_true")
    p.add_argument("--expect-bug", default=None)
    p.add_argument("inputs", nargs="*")
    a = p.parse_args()
    name = a.name or os.path.basename(a.fuzzer)
    if a.replay:
        cmd = [a.fuzzer, "-timeout=30", "-rss_limit_mb=2560"] + a.inputs
        print("hostfuzz: running: " + " ".join(cmd), flush=True)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              errors="replace")
        sys.stdout.write(proc.stdout)
        if a.expect_bug is None:
            ok = proc.returncode == 0
            why = f"replay exit status {proc.returncode}"
        elif proc.returncode == 0:
            ok, why = False, "the open bug no longer reproduces: fixed? Remove it from hostfuzz_open_bugs"
        else:
            ok = a.expect_bug in proc.stdout
            why = ("still reproduces (open bug, " + a.expect_bug + ")" if ok else
                   "fails, but not with the open bug's signature " + a.expect_bug)
        print(f"hostfuzz: {'PASS' if ok else 'FAIL'} {name}: {why}")
        return 0 if ok else 1
    if not a.corpus or not a.work:
        p.error("--corpus and --work are required")
    work_corpus = os.path.join(a.work, "corpus")
    artifacts = os.path.join(a.work, "artifacts") + os.sep
    os.makedirs(work_corpus, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    os.makedirs(a.corpus, exist_ok=True)

    if a.merge:
        return subprocess.call([a.fuzzer, "-merge=1", a.corpus, work_corpus])

    seconds = int(os.environ.get("WALNUT_HOSTFUZZ_SECONDS", a.seconds))
    before = set(os.listdir(artifacts))
    cmd = [a.fuzzer, f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=2560",
           "-print_final_stats=1", f"-artifact_prefix={artifacts}"]
    if "WALNUT_HOSTFUZZ_SEED" in os.environ:
        cmd.append("-seed=" + os.environ["WALNUT_HOSTFUZZ_SEED"])
    cmd += [work_corpus, a.corpus]
    print("hostfuzz: running: " + " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace")
    out = proc.stdout
    sys.stdout.write(out)
    seed = re.search(r"INFO: Seed: (\d+)", out)
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
    seed_text = seed.group(1) if seed else "?"
    if proc.returncode == 0:
        print(f"hostfuzz: PASS {name}: {runs.group(1) if runs else '?'} inputs in {seconds} s "
              f"(libFuzzer seed {seed_text})")
        return 0
    new = sorted(set(os.listdir(artifacts)) - before)
    print(f"hostfuzz: FAIL {name}: libFuzzer exit status {proc.returncode} "
          f"(libFuzzer seed {seed_text})")
    for f in new:
        path = os.path.join(artifacts, f)
        print(f"hostfuzz: reproducer {path}")
        print(f"hostfuzz: replay with: {a.fuzzer} {path}")
    if not new:
        print("hostfuzz: no reproducer was written (see the output above)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
