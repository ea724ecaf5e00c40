#!/usr/bin/env python3
"""Times `--format` exports of the CLI on the sample and on 10,000 files
(nothing generated is committed).

    python3 crates/cli/scripts/measure_export.py [BINARY]

BINARY defaults to target/release/jianbao. For the page's sample corpus
(fixtures/seeds and fixtures/corpus, 319 files) and for measure.py's
10,000-file folder (the fixtures copied under varied names), per format:

* `extract --format F -o FILE`: reading, extracting and writing, as a user runs it;
* `search --index SAVED --format F ""`: the export alone, from a saved corpus
  (loading it included), i.e. what writing every article in F costs;

median wall and CPU time of RUNS runs, the articles written and the size of the file.
"""

import csv
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from measure import FIXTURES, ROOT, WORK, ten_thousand_files  # noqa: E402

RUNS = 3
FORMATS = ["jsonl", "csv", "md"]


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args, out=None):
    """Median wall time and median CPU time (user + system, all threads) of RUNS runs, as text."""
    walls, cpus = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), cpu()
        with open(out or os.devnull, "wb") as sink:
            subprocess.run(args, check=True, stdout=sink, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        cpus.append(cpu() - start_cpu)
    return "%.2f s (CPU %.2f s)" % (statistics.median(walls), statistics.median(cpus))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "jianbao")
    os.makedirs(WORK, exist_ok=True)
    inputs = {
        "sample (319 files)": [os.path.join(FIXTURES, "seeds"), os.path.join(FIXTURES, "corpus")],
        "10,000 files": [ten_thousand_files()],
    }
    print("| input | format | extract + export | export from a saved corpus | articles | file size |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, paths in inputs.items():
        saved = os.path.join(WORK, "export-%d.idx" % len(label))
        subprocess.run([binary, "search", "-q", "--save-index", saved, "--limit", "0", "", *paths],
                       check=True, stdout=subprocess.DEVNULL)
        for fmt in FORMATS:
            out = os.path.join(WORK, "export." + fmt)
            extract = timed([binary, "extract", "-q", "--format", fmt, "-o", out, *paths])
            size = os.path.getsize(out)
            alone = timed([binary, "search", "-q", "--index", saved, "--format", fmt, ""])
            with open(out, "rb") as f:
                data = f.read()
            articles = {"jsonl": data.count(b'"paragraphs"'), "csv": len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))) - 1, "md": data.count(b"\n## ") + data.startswith(b"## ")}[fmt]
            print("| %s | %s | %s | %s | %d | %.1f MB |" % (label, fmt, extract, alone, articles, size / 1e6))


if __name__ == "__main__":
    main()
