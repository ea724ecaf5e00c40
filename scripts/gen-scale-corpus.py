#!/usr/bin/env python3
"""Makes the archive-scale corpora of `make bench-web` (issue 11) from the
shared corpus, deterministically, into an ignored folder (bench-data/ by
default; nothing here is committed but this script).

    scripts/gen-scale-corpus.py [--out DIR] [--sizes 10000,65000,100000]

For each size N it writes `DIR/scale-N/` (folders of 1,000 files) and
`DIR/scale-N.zip` (the same files, deflated), and skips both when
`DIR/scale-N.json` says they were made from the same inputs already.

Shapes:
- 10,000 (`mixed`): every file of fixtures/corpus in turn (RSS dumps,
  mirrored pages, other HTML; about 11 KB each).
- 65,000 and 100,000 (`mirror`): the mirrored-page family only (Epoch Times
  mirrors, banned-news, NTD), without its long tail (files over 20 KB), so
  the pages average about 7 KB, as the 65,000-page mirror archive does.

Copy k of a fixture (k = 0 is the fixture itself) is a different article to
the page, not a duplicate:
- every http(s) URL gets a new id: its last run of 5+ digits is prefixed
  with k (`n12596707.htm` -> `n00312596707.htm`; the mirror's date in the
  path is kept), or, without one, `copy=k` is added to its query;
- the article id in a mirrored file's name (`…__n12596707.md`) is renamed
  the same way wherever it occurs (the navigation links carry it);
- every paragraph ends in ` （k）`: digits survive the search normaliser, so
  no paragraph repeats across copies and the page does not learn a copied
  article's whole text as its outlet's boilerplate (real furniture, in
  every copy of many fixtures, still is).
The titles stay, so the copies of one fixture are near-duplicates (one story
each), as mirrored archives are.
"""
import argparse, hashlib, json, os, re, shutil, zipfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
CORPUS = os.path.join(ROOT, 'fixtures', 'corpus')
MIRROR_PREFIXES = ('B/', 'other/bcbn__', 'other/bn2__')
MIRROR_MAX_BYTES = 20_000
URL = re.compile(r'https?://[^\s)\]"\'<>]+')
LAST_DIGITS = re.compile(r'(\d{5,})(?!.*\d{5,})')
FILE_ID = re.compile(r'__([na]\d{5,})\.md$')
PARAGRAPH_END = re.compile(r'</p>', re.IGNORECASE)
# Bump when the files made change: corpora made by another version are made again.
GENERATOR_VERSION = 1


def corpus_files():
    """Paths relative to fixtures/corpus, sorted by their UTF-8 bytes (as the other benchmarks walk it)."""
    out = []
    for folder, _, names in os.walk(CORPUS):
        for name in names:
            if name != 'MANIFEST.tsv':
                out.append(os.path.relpath(os.path.join(folder, name), CORPUS).replace(os.sep, '/'))
    return sorted(out, key=lambda p: p.encode('utf-8'))


def shape_sources(shape):
    files = corpus_files()
    if shape == 'mirror':
        files = [f for f in files if f.startswith(MIRROR_PREFIXES)
                 and os.path.getsize(os.path.join(CORPUS, f)) <= MIRROR_MAX_BYTES]
    return files


def shape_of(n):
    return 'mixed' if n <= 10_000 else 'mirror'


def new_url(url, k):
    digits = LAST_DIGITS.search(url)
    if digits:
        return url[:digits.start()] + '%03d' % k + url[digits.start():]
    return url + ('&' if '?' in url else '?') + 'copy=%d' % k


def copy_of(rel, data, k):
    """Copy k of one fixture (bytes in, bytes out); k = 0 is the fixture unchanged."""
    if k == 0:
        return data
    text = data.decode('utf-8', 'surrogateescape')
    text = URL.sub(lambda m: new_url(m.group(0), k), text)
    file_id = FILE_ID.search(rel)
    if file_id:
        old = file_id.group(1)
        text = re.sub(r'(?<![0-9A-Za-z])%s(?![0-9])' % old, '%s%03d%s' % (old[0], k, old[1:]), text)
    text = PARAGRAPH_END.sub(' （%d）</p>' % k, text)
    return text.encode('utf-8', 'surrogateescape')


def copy_name(i, rel, k):
    name = os.path.basename(rel)
    file_id = FILE_ID.search(rel)
    if file_id and k:
        old = file_id.group(1)
        name = name.replace(old, '%s%03d%s' % (old[0], k, old[1:]))
    return '%03d/%06d_%s' % (i // 1000, i, name)


def inputs_key(n, sources):
    h = hashlib.sha256()
    for rel in sources:
        h.update(rel.encode('utf-8'))
        h.update(open(os.path.join(CORPUS, rel), 'rb').read())
    return '%d:%d:%s' % (GENERATOR_VERSION, n, h.hexdigest())


def make(n, out):
    sources = shape_sources(shape_of(n))
    folder = os.path.join(out, 'scale-%d' % n)
    stamp = os.path.join(out, 'scale-%d.json' % n)
    key = inputs_key(n, sources)
    try:
        with open(stamp) as f:
            made = json.load(f)
        if made.get('key') == key:
            print('%s: %d files, %.1f MB (%s), already made' % (folder, n, made['bytes'] / 1e6, made['shape']))
            return
    except (OSError, ValueError):
        pass
    shutil.rmtree(folder, ignore_errors=True)
    contents = [open(os.path.join(CORPUS, rel), 'rb').read() for rel in sources]
    total = 0
    zip_path = folder + '.zip'
    with zipfile.ZipFile(zip_path + '.part', 'w', zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for i in range(n):
            j, k = i % len(sources), i // len(sources)
            body = copy_of(sources[j], contents[j], k)
            name = copy_name(i, sources[j], k)
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(body)
            archive.writestr('scale-%d/%s' % (n, name), body)
            total += len(body)
    os.replace(zip_path + '.part', zip_path)
    with open(stamp, 'w') as f:
        json.dump({'key': key, 'files': n, 'bytes': total, 'shape': shape_of(n), 'fixtures': len(sources),
                   'zip_bytes': os.path.getsize(zip_path)}, f)
    print('%s: %d files, %.1f MB (%s, from %d fixtures); %s %.1f MB' % (
        folder, n, total / 1e6, shape_of(n), len(sources), zip_path, os.path.getsize(zip_path) / 1e6))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default=os.path.join(ROOT, 'bench-data'))
    parser.add_argument('--sizes', default='10000,65000,100000')
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for n in (int(s) for s in args.sizes.split(',') if s):
        make(n, args.out)


main()
