#!/usr/bin/env bash
# Builds ios/build/SwipCoreFFI.xcframework (device + simulator static libraries of swip-ffi, with
# the generated C header and module map) and copies the generated Swift into the package.
# Runs on macOS with Xcode and rustup. The Swift/C bindings are the committed ones
# (bindings/generated/swift), generated on Linux from the same sources by
# scripts/bindings-generate.sh; CI checks they are up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(uname -s)" = "Darwin" ] || { echo "build-xcframework.sh needs macOS and Xcode" >&2; exit 1; }

targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
rustup target add "${targets[@]}"
for target in "${targets[@]}"; do
  cargo build --locked --release -p swip-ffi --target "$target"
done

out=ios/build
rm -rf "$out" && mkdir -p "$out/headers" "$out/sim"
cp bindings/generated/swift/SwipCoreFFI.h "$out/headers/"
cp bindings/generated/swift/SwipCoreFFI.modulemap "$out/headers/module.modulemap"
lipo -create target/aarch64-apple-ios-sim/release/libswip_ffi.a target/x86_64-apple-ios/release/libswip_ffi.a \
  -output "$out/sim/libswip_ffi.a"
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/release/libswip_ffi.a -headers "$out/headers" \
  -library "$out/sim/libswip_ffi.a" -headers "$out/headers" \
  -output "$out/SwipCoreFFI.xcframework"

mkdir -p ios/Sources/SwipCore/Generated
cp bindings/generated/swift/SwipCore.swift ios/Sources/SwipCore/Generated/SwipCore.swift
echo "built $out/SwipCoreFFI.xcframework; open ios/ in Xcode (xcodegen generate) and run SwipApp"
