#!/usr/bin/env bash
# Installs everything the build and the test suites need, skipping whatever is
# already present, so a warm machine passes through in a second.
#   scripts/setup.sh          toolchain for building the page (wasm target, wasm-bindgen)
#   scripts/setup.sh --test   also Chromium, chromedriver, wasm-pack and npm packages
#   scripts/setup.sh --lint   rustfmt and clippy
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "${1:-}" = "--lint" ]; then
  for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      log "adding the $component component"
      rustup component add "$component"
    fi
  done
  exit 0
fi

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  log "installing wasm-bindgen-cli $bindgen_version (about 6 minutes, once)"
  # Not --locked: its lockfile names a crate version the registry may lack.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

[ "$want_test" = 1 ] || exit 0

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# A Chinese font, so the end-to-end screenshots show text rather than boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  log "installing a Chinese font for the browser tests' screenshots"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null \
    || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; } \
    || log "no Chinese font could be installed: tests still run, screenshots show boxes"
fi

if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack (about 2 minutes, once)"
  cargo install --locked wasm-pack
fi

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@mozilla/readability ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
