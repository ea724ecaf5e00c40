#!/usr/bin/env python3
"""Writes www/pkg/shell.js for the service worker (www/sw.js): the files of
the app shell it caches for offline use, and a version made from their
contents, so a new build (any shell file changed) is a new cache that
replaces the old one. Run by `make web` after the wasm is built."""
import hashlib
import json
from pathlib import Path

www = Path(__file__).resolve().parent.parent / "www"
# The page, its modules and styles, the core: everything a reload needs.
files = sorted(
    p.relative_to(www).as_posix()
    for p in [*www.glob("*.html"), *www.glob("*.js"), *www.glob("*.css"), *www.glob("*.svg"),
              www / "pkg" / "jianbao_wasm.js", www / "pkg" / "jianbao_wasm_bg.wasm"]
    if p.name != "sw.js"  # the worker itself is fetched by the browser, never from its own cache
)
digest = hashlib.sha256()
for name in files:
    digest.update(name.encode() + b"\0" + (www / name).read_bytes())
version = digest.hexdigest()[:16]
shell = {"version": version, "files": ["./", *files]}
(www / "pkg" / "shell.js").write_text(
    "// Written by scripts/build-offline.py: the app shell www/sw.js caches.\n"
    f"self.JIANBAO_SHELL = {json.dumps(shell, separators=(',', ':'))};\n",
    encoding="utf-8",
)
print(f"www/pkg/shell.js: {len(files)} files, version {version}")
