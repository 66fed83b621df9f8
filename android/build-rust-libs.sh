#!/usr/bin/env bash
# Builds libswip_ffi.so for the Android ABIs into swipcore/src/main/jniLibs/ (release profile:
# size-optimised, stripped, panic = unwind). Needs the Android NDK (ANDROID_NDK_HOME) and
# cargo-ndk (`cargo install cargo-ndk`). The Kotlin bindings are the committed ones
# (bindings/generated/kotlin), generated from the same sources.
#
# 16 KB pages: Android 15+ devices with 16 KB memory pages refuse a library whose LOAD segments are
# aligned to less, and Google Play requires it of apps targeting Android 15+. The linker is told so:
# max-page-size for the segments' alignment, and common-page-size too, so that the RELRO / RW
# segment boundaries fall on 16 KB (JNA's libjnidispatch.so, linked with max-page-size alone, had
# 0x10000-aligned segments and still crashed on 16 KB devices: JNA issues #1647, #1655, fixed by
# PR #1654 in 5.17). The result is checked with readelf (LOAD Align 0x4000) for the 64-bit ABIs.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384 -C link-arg=-Wl,-z,common-page-size=16384"
cargo ndk --platform 24 \
  -t arm64-v8a -t armeabi-v7a -t x86_64 \
  -o android/swipcore/src/main/jniLibs \
  build --release --locked -p swip-ffi
ls -l android/swipcore/src/main/jniLibs/*/libswip_ffi.so
for abi in arm64-v8a x86_64; do
  lib="android/swipcore/src/main/jniLibs/$abi/libswip_ffi.so"
  if readelf -lW "$lib" | awk '$1 == "LOAD" && $NF != "0x4000" { bad = 1 } END { exit bad }'; then
    echo "$abi: LOAD segments 16 KB-aligned"
  else
    echo "$abi: LOAD segments are not 16 KB-aligned" >&2
    exit 1
  fi
done
