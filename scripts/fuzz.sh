#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer), one target after the other.
#   scripts/fuzz.sh                 every target (extract, query, zip) for $FUZZ_SECONDS each (default 600)
#   scripts/fuzz.sh zip query       only these targets
#   scripts/fuzz.sh --cmin [T...]   merge the working corpora into a small fuzz/corpus-min/ (committed)
# Environment: FUZZ_SECONDS (per target), FUZZ_CMIN_BYTES (most bytes committed per
# target by --cmin, default 1200000), FUZZ_SANITIZER (none|address, default none:
# the core forbids unsafe code, and without ASan a run does about twice the executions).
#
# Installs a nightly toolchain and cargo-fuzz when they are missing. Seeds the
# working corpora (fuzz/corpus/<target>/, not committed) from fixtures/corpus,
# fixtures/seeds, fuzz/corpus-min and fuzz/regressions, plus a few queries and
# small ZIPs made here, and mutates with the dictionaries in fuzz/dict/. A crash,
# a timeout (-timeout=10) or an out-of-memory (-rss_limit_mb=2048) is written to
# fuzz/artifacts/<target>/ and makes the
# script exit 1 once every target has run; minimise it with
#   cargo +nightly fuzz tmin --sanitizer none <target> <artifact>
# and commit the result under fuzz/regressions/<target>/ (tests/fuzz_regressions.rs
# replays it on stable).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1mfuzz:\033[0m %s\n' "$*" >&2; }

seconds=${FUZZ_SECONDS:-600}
cmin_budget=${FUZZ_CMIN_BYTES:-1200000}
sanitizer=${FUZZ_SANITIZER:-none}
cmin=0
if [ "${1:-}" = "--cmin" ]; then
  cmin=1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(extract query zip)

if ! rustup toolchain list | grep -q '^nightly'; then
  log "installing a nightly toolchain (cargo-fuzz needs it; about a minute, once)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz
fi

# Copies files into a corpus folder under content-addressed names (libFuzzer's
# convention), so seeding twice adds nothing.
seed_from() {
  local dest=$1 dir f name
  shift
  for dir in "$@"; do
    [ -d "$dir" ] || continue
    while IFS= read -r -d '' f; do
      name=$dest/$(sha1sum "$f" | cut -c1-40)
      [ -e "$name" ] || cp "$f" "$name"
    done < <(find "$dir" -type f ! -name MANIFEST.tsv ! -name '.*' -print0)
  done
}

seed_queries() {
  local dest=$1 q
  while IFS= read -r q; do
    printf '%s' "$q" >"$dest/$(printf '%s' "$q" | sha1sum | cut -c1-40)"
  done <<'EOF'
乌克兰 布林肯
"Sergey Lavrov"
“美国 国务卿”
「俄羅斯」 -广告
乌克兰 OR 俄罗斯 OR ukraine
烏克蘭 | 拜登
title:乌克兰 outlet:RFI
outlet:"China Digital Times" section:美国
tag:布林肯 author:张婷 format:rss-dump lang:zh
after:2020-07 before:2024-01-01
after:2020 -outlet:BBC 香港
http://www.dw.com 12:30
ＡＢＣ１２３ 國安法
EOF
}

# Small ZIPs of real files: stored, deflated, with folders, unsafe names, an
# archive inside an archive, and an empty one.
seed_zips() {
  python3 - "$1" <<'EOF'
import hashlib, io, pathlib, sys, zipfile
dest = pathlib.Path(sys.argv[1])
seeds = sorted(pathlib.Path("fixtures/seeds").iterdir())[:3]
def archive(entries, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            if name.endswith("/"):
                z.mkdir(name) if hasattr(z, "mkdir") else z.writestr(name, b"")
            else:
                z.writestr(name, data)
    return buf.getvalue()
files = [(f"dump/{p.name}", p.read_bytes()) for p in seeds]
made = [
    archive(files, zipfile.ZIP_STORED),
    archive([("dump/", b"")] + files),
    archive([("../up.md", b"x"), ("/etc/passwd", b"x"), ("ok.md", files[0][1])]),
    archive([("inner.zip", archive(files[:1])), ("a.md", files[1][1])]),
    archive([("zeros.txt", bytes(300_000))]),
    archive([]),
]
for data in made:
    (dest / hashlib.sha1(data).hexdigest()).write_bytes(data)
EOF
}

# libFuzzer's -max_len per target: big enough for real articles, small enough to mutate quickly.
max_len() {
  case $1 in
    query) echo 4096 ;;
    *) echo 65536 ;;
  esac
}

failed=()
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  case $t in
    extract) seed_from "$corpus" fixtures/corpus fixtures/seeds ;;
    query) seed_queries "$corpus" ;;
    zip) seed_zips "$corpus" ;;
    *) log "unknown target $t (extract, query, zip)"; exit 2 ;;
  esac
  seed_from "$corpus" "fuzz/corpus-min/$t" "fuzz/regressions/$t"

  if [ "$cmin" = 1 ]; then
    # Merge the working corpus into an empty fuzz/corpus-min/<target>, keeping one input
    # per new edge (-use_counters=0: hit counts do not count), so the committed set stays small.
    log "minimising $corpus into fuzz/corpus-min/$t"
    rm -rf "fuzz/corpus-min/$t" && mkdir -p "fuzz/corpus-min/$t"
    cargo +nightly fuzz run --sanitizer "$sanitizer" "$t" "fuzz/corpus-min/$t" "$corpus" -- \
      -merge=1 -use_counters=0 -use_value_profile=0 -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" 2>&1 |
      grep -E '^MERGE-OUTER: [0-9]+ new' >&2 || true
    # Fixture files are replayed from fixtures/ already: commit only what the fuzzer made.
    fixture_names=$(find fixtures/corpus fixtures/seeds -type f -exec sha1sum {} + | cut -c1-40)
    for f in "fuzz/corpus-min/$t"/*; do
      [ -e "$f" ] || continue
      if grep -q "$(sha1sum "$f" | cut -c1-40)" <<<"$fixture_names"; then rm "$f"; fi
    done
    # Keep the repository small: at most $cmin_budget bytes per target, smallest inputs first
    # (the full set stays in the working corpus).
    kept=0
    while read -r size f; do
      kept=$((kept + size))
      [ "$kept" -le "$cmin_budget" ] || rm "$f"
    done < <(find "fuzz/corpus-min/$t" -type f -printf '%s %p\n' | sort -n)
    log "fuzz/corpus-min/$t: $(ls "fuzz/corpus-min/$t" | wc -l) files, $(cat "fuzz/corpus-min/$t"/* 2>/dev/null | wc -c) bytes"
    continue
  fi

  log "fuzzing $t for ${seconds}s ($(ls "$corpus" | wc -l) inputs in $corpus)"
  # One process (no -jobs/-workers): the machine has two cores and others build on them.
  if ! cargo +nightly fuzz run --sanitizer "$sanitizer" "$t" "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
    -dict="fuzz/dict/$t.dict" -print_final_stats=1 2>&1 | tee "fuzz/artifacts/$t.log" | grep --line-buffered -E '^#[0-9]+.*(INITED|pulse|DONE)|ERROR|SUMMARY|Test unit written|panicked'; then
    :
  fi
  if grep -q 'Test unit written' "fuzz/artifacts/$t.log"; then
    failed+=("$t")
  fi
  grep -E '^#[0-9]+' "fuzz/artifacts/$t.log" | tail -1 | sed "s/^/fuzz: $t final: /" >&2
done

if [ ${#failed[@]} -gt 0 ]; then
  log "crashes in: ${failed[*]} (see fuzz/artifacts/)"
  exit 1
fi
