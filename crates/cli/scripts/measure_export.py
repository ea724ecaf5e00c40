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

median wall time of RUNS runs, and the size of the file written.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from measure import FIXTURES, ROOT, WORK, ten_thousand_files  # noqa: E402

RUNS = 3
FORMATS = ["jsonl", "csv", "md"]


def timed(args, out=None):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        with open(out or os.devnull, "wb") as sink:
            subprocess.run(args, check=True, stdout=sink, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "jianbao")
    os.makedirs(WORK, exist_ok=True)
    inputs = {
        "sample (319 files)": [os.path.join(FIXTURES, "seeds"), os.path.join(FIXTURES, "corpus")],
        "10,000 files": [ten_thousand_files()],
    }
    print("| input | format | extract + export | export from a saved corpus | file size |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, paths in inputs.items():
        saved = os.path.join(WORK, "export-%d.idx" % len(label))
        subprocess.run([binary, "search", "-q", "--save-index", saved, "--limit", "0", "", *paths],
                       check=True, stdout=subprocess.DEVNULL)
        for fmt in FORMATS:
            out = os.path.join(WORK, "export." + fmt)
            extract = timed([binary, "extract", "-q", "--format", fmt, "-o", out, *paths])
            size = os.path.getsize(out)
            alone = timed([binary, "search", "-q", "--index", saved, "--format", fmt, ""])
            print("| %s | %s | %.2f s | %.2f s | %.1f MB |" % (label, fmt, extract, alone, size / 1e6))


if __name__ == "__main__":
    main()
