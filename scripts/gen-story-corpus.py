#!/usr/bin/env python3
"""Makes a corpus of N files from fixtures/corpus for the clustering benchmark
(into an ignored folder; nothing here is committed but this script).

    scripts/gen-story-corpus.py N DIR [--mode urls|texts]

Every file is a fixture with its URLs made distinct (`?copy=i`), so no two
are copies under the copy rule.
- `urls`: the text is kept, so each fixture's ~N/315 versions form one story
  (the worst case for candidate checks: every sample is shared).
- `texts`: each Han character is also shifted by a per-copy offset, so texts
  differ and almost nothing groups (the common case: mostly distinct news).
"""
import os, re, sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    mode = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == '--mode' else 'urls'
    root = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'corpus')
    sources = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f != 'MANIFEST.tsv')
    texts = [open(p, 'rb').read().decode('utf-8', 'replace') for p in sources]
    url = re.compile(r'https?://[^\s)\]"\'<>]+')
    for i in range(n):
        folder = os.path.join(out, '%03d' % (i // 1000))
        os.makedirs(folder, exist_ok=True)
        text = texts[i % len(texts)]
        text = url.sub(lambda m: m.group(0) + ('&' if '?' in m.group(0) else '?') + 'copy=%d' % i, text)
        if mode == 'texts':
            shift = i // len(texts) + 1
            text = ''.join(chr(0x4E00 + (ord(c) - 0x4E00 + 97 * shift) % 20000) if '\u4e00' <= c <= '\u9fff' else c for c in text)
        ext = os.path.splitext(sources[i % len(sources)])[1]
        with open(os.path.join(folder, '%06d%s' % (i, ext)), 'w', encoding='utf-8') as f:
            f.write(text)

main()
