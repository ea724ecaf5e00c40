#!/usr/bin/env python3
"""Copies the bundled fixtures into www/sample/ for the page's "Try the sample
corpus" button, with an index.json listing every file (path and size)."""
import json
import shutil
from pathlib import Path

root = Path(__file__).resolve().parent.parent
out = root / "www" / "sample"
sources = {"seeds": root / "fixtures" / "seeds", "corpus": root / "fixtures" / "corpus"}
# Files that are not scraped articles: copied (the manifest credits the sources), not listed.
not_articles = {"MANIFEST.tsv"}

if out.exists():
    shutil.rmtree(out)
files = []
for name, src in sources.items():
    shutil.copytree(src, out / name)
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        if path.name in not_articles:
            continue
        files.append({"path": f"{name}/{path.relative_to(src).as_posix()}", "bytes": path.stat().st_size})

(out / "index.json").write_text(json.dumps({"files": files}, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
print(f"www/sample: {len(files)} files, {sum(f['bytes'] for f in files) / 1e6:.1f} MB")
