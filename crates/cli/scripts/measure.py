#!/usr/bin/env python3
"""Measures the CLI on generated inputs (nothing generated is committed).

    python3 crates/cli/scripts/measure.py [BINARY...]

BINARY defaults to target/release/jianbao (build it with `cargo build --release`);
give two binaries to compare them, run for run, on the same inputs. Reports:

* throughput: `extract` over fixtures/ and over a 10,000-file folder (the
  fixtures copied under varied names), median wall and CPU time of several runs;
* peak memory: `extract` of a ~4 MB ZIP whose 16 entries each inflate to
  60 MB of article text, from the file and from standard input, with -j 1
  and -j 2 (the peak resident set of that one process, from wait4).

Inputs are written to $TMPDIR/jianbao-measure and reused.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "fixtures")
WORK = os.path.join(tempfile.gettempdir(), "jianbao-measure")
RUNS = 5


def fixture_files():
    files = []
    for folder, _, names in os.walk(FIXTURES):
        if os.sep + "expected" in folder or os.sep + "bad" in folder:
            continue
        files += [os.path.join(folder, n) for n in names if not n.startswith(".") and not n.endswith(".tsv")]
    return sorted(files)


def ten_thousand_files():
    out = os.path.join(WORK, "tenk")
    if not os.path.exists(out):
        files = fixture_files()
        for i in range(10_000):
            sub = os.path.join(out, "d%02d" % (i % 40))
            os.makedirs(sub, exist_ok=True)
            src = files[i % len(files)]
            shutil.copy(src, os.path.join(sub, "f%05d_%s" % (i, os.path.basename(src))))
    return out


def sixteen_large_entries():
    path = os.path.join(WORK, "big16.zip")
    if not os.path.exists(path):
        with open(os.path.join(FIXTURES, "seeds", "004_d36ee75ac0d48196.txt"), encoding="utf-8") as f:
            seed = f.read()
        head, p, rest = seed.partition("<p>")
        para = "<p>【大纪元】美国国务卿布林肯周五在日内瓦召开的会议上，告诉俄罗斯外交部长拉夫罗夫，乌克兰局势。</p>\n"
        body = head + para * ((60_000_000 - len(seed.encode())) // len(para.encode())) + p + rest
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for i in range(16):
                z.writestr("pages/%02d.txt" % i, body.replace("美国国务卿", "美国国务卿%02d" % i, 1))
    return path


def run(args, stdin_path=None):
    """(wall seconds, CPU seconds, peak RSS in MiB) of one run."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    started = time.monotonic()
    proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if stdin_path:
        stdin.close()
    if status != 0:
        sys.exit("%s failed (status %d)" % (" ".join(args), status))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    binaries = sys.argv[1:] or [os.path.join(ROOT, "target", "release", "jianbao")]
    os.makedirs(WORK, exist_ok=True)
    tenk, big = ten_thousand_files(), sixteen_large_entries()
    print("load average at start: %.1f %.1f %.1f" % os.getloadavg())
    print("\nthroughput (median of %d runs, interleaved)" % RUNS)
    for label, args in [("fixtures/", [FIXTURES]), ("10,000 files", [tenk]), ("10,000 files, -j 1", ["-j", "1", tenk])]:
        times = {b: [] for b in binaries}
        for _ in range(RUNS):
            for b in binaries:
                times[b].append(run([b, "extract", "-q"] + args))
        for b in binaries:
            wall = statistics.median(t[0] for t in times[b])
            cpu = statistics.median(t[1] for t in times[b])
            print("  %-22s %-40s wall %6.3f s  cpu %6.3f s" % (label, b, wall, cpu))
    print("\npeak memory, %s (%.1f MB, 16 entries of 60 MB)" % (big, os.path.getsize(big) / 1e6))
    for b in binaries:
        for jobs in ["1", "2"]:
            _, _, from_file = run([b, "extract", "-q", "-j", jobs, big])
            _, _, from_stdin = run([b, "extract", "-q", "-j", jobs, "-"], stdin_path=big)
            print("  %-40s -j %s  file %5.0f MiB   stdin %5.0f MiB" % (b, jobs, from_file, from_stdin))


if __name__ == "__main__":
    main()
