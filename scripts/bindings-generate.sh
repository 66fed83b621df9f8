#!/usr/bin/env bash
# Regenerates the Kotlin and Swift bindings of swip-ffi into bindings/generated/ from the DEBUG
# library (library-mode bindgen needs the unstripped library; the release one is stripped), with
# the workspace's pinned bindgen and the top-level uniffi.toml.
#
#   bash scripts/bindings-generate.sh           # write bindings/generated/
#   bash scripts/bindings-generate.sh --check   # regenerate elsewhere; fail if the committed differ
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-write}"
target_dir="${CARGO_TARGET_DIR:-target}"
committed="bindings/generated"

# The debug library and the bindgen, built as the test command's `cargo test --workspace` builds
# them (scripts/lib.sh `build_like_tests`): only the bindgen's own binary is linked here.
source scripts/lib.sh
build_like_tests

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$target_dir/debug/uniffi-bindgen" generate "$target_dir/debug/libswip_ffi.so" \
  --language kotlin --language swift --no-format --config uniffi.toml --out-dir "$work/raw" >/dev/null

# Lay the files out as the shells consume them.
mkdir -p "$work/out/kotlin" "$work/out/swift"
cp -r "$work/raw/app" "$work/out/kotlin/"
cp "$work/raw/SwipCore.swift" "$work/raw/SwipCoreFFI.h" "$work/raw/SwipCoreFFI.modulemap" "$work/out/swift/"
extra="$(cd "$work/raw" && find . -type f ! -name 'SwipCore.swift' ! -name 'SwipCoreFFI.h' ! -name 'SwipCoreFFI.modulemap' ! -path './app/*')"
if [ -n "$extra" ]; then
  echo "bindings-generate: unexpected generated files: $extra" >&2
  exit 1
fi

if [ "$mode" = "--check" ]; then
  if diff -ru "$committed" "$work/out"; then
    echo "bindings-generate: the committed bindings are up to date"
  else
    echo "bindings-generate: the committed bindings differ from the library; run bash scripts/bindings-generate.sh" >&2
    exit 1
  fi
else
  rm -rf "$committed"
  mkdir -p "$committed"
  cp -r "$work/out/." "$committed/"
  echo "bindings-generate: wrote $(find "$committed" -type f | wc -l) files to $committed"
fi
