#!/usr/bin/env bash
# Builds libswip_ffi.so for the Android ABIs into swipcore/src/main/jniLibs/ (release profile:
# size-optimised, stripped, panic = unwind). Needs the Android NDK (ANDROID_NDK_HOME) and
# cargo-ndk (`cargo install cargo-ndk`). The Kotlin bindings are the committed ones
# (bindings/generated/kotlin), generated from the same sources.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
cargo ndk --platform 24 \
  -t arm64-v8a -t armeabi-v7a -t x86_64 \
  -o android/swipcore/src/main/jniLibs \
  build --release --locked -p swip-ffi
ls -l android/swipcore/src/main/jniLibs/*/libswip_ffi.so
