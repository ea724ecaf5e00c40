# jianbao — build, serve and test.
#   make web     build the static page into www/ (wasm core + sample corpus)
#   make serve   build, then serve www/ on http://127.0.0.1:$(PORT)
#   make test    install what is missing, then run every suite
#   make lint    cargo fmt --check and clippy -D warnings (make test runs it first)
#   make bench   extraction and search benchmarks (native), then the in-browser one
#   make bench-browser  jianbao vs MiniSearch and FlexSearch in Chromium (test-artifacts/bench-browser.md)
#   make bench-web  10k/65k/100k files dropped on the page, beside the floor and Readability.js (SIZES=10000 for one)
#   make fuzz    each cargo-fuzz target for FUZZ_SECONDS (default 600), one after the other (nightly)
# Every target installs what it needs (scripts/setup.sh) and is fast when warm.

PORT ?= 8000
WASM_PROFILE := wasm-release
WASM := target/wasm32-unknown-unknown/$(WASM_PROFILE)/jianbao_wasm.wasm
CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMEDRIVER

.PHONY: web serve lint test test-rust test-wasm test-e2e bench bench-browser bench-web fuzz

web:
	@scripts/setup.sh
	cargo build -p jianbao-wasm --target wasm32-unknown-unknown --profile $(WASM_PROFILE)
	wasm-bindgen --target web --no-typescript --out-dir www/pkg $(WASM)
	@python3 scripts/build-sample.py
	@python3 scripts/build-offline.py
	@page=$$(for f in www/index.html www/*.js www/*.css www/icon.svg www/pkg/jianbao_wasm.js; do gzip -9c "$$f" | wc -c; done | awk '{s += $$1} END {print s}'); \
	 raw=$$(wc -c < www/pkg/jianbao_wasm_bg.wasm); gz=$$(gzip -9c www/pkg/jianbao_wasm_bg.wasm | wc -c); \
	 printf 'first view (html, css, js): %s KB gzipped; core wasm (loaded by the worker once the page is idle): %s KB raw, %s KB gzipped\n' \
	   $$((page / 1024)) $$((raw / 1024)) $$((gz / 1024))

serve: web
	@echo "serving www/ on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

test: lint test-rust test-wasm test-e2e

lint:
	@scripts/setup.sh --lint
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust:
	@scripts/setup.sh --test
	cargo test --workspace

# The binding inside Chromium. wasm-opt is off in wasm/Cargo.toml (Debian's breaks the output).
test-wasm:
	@scripts/setup.sh --test
	wasm-pack test --headless --chrome wasm

test-e2e: web
	@scripts/setup.sh --test
	node --test --test-concurrency=1 tests/e2e/

bench:
	cargo bench
	$(MAKE) bench-browser

# Search in the page's engine beside MiniSearch and FlexSearch, 10,000 articles, real Chromium.
bench-browser: web
	@scripts/setup.sh --test
	node benches/browser/run.mjs

# Archive scale in the browser (issue 11): corpora made by scripts/gen-scale-corpus.py into
# bench-data/ (ignored), dropped on the real page in Chromium; the table goes to
# test-artifacts/bench-web.md. SIZES picks a subset; BENCH_WEB_FLAGS=--zip drops each ZIP instead.
SIZES ?= 10000,65000,100000
bench-web: web
	@scripts/setup.sh --test
	node benches/browser/ingest.mjs --sizes $(SIZES) $(BENCH_WEB_FLAGS)

# Fuzzing (installs nightly and cargo-fuzz when missing); crashes land in fuzz/artifacts/.
# FUZZ_SECONDS=900 make fuzz; scripts/fuzz.sh zip fuzzes one target.
fuzz:
	scripts/fuzz.sh
