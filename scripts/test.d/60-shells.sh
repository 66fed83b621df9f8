#!/usr/bin/env bash
# The Android and iOS shells (issue 14), where neither Gradle/Android nor Swift can build them:
#   1. the shells' own texts: complete in ru and en, the same on Android and iOS;
#   2. the UI module compiled for the desktop JVM with the Compose compiler and the generated
#      bindings, and the Android-only sources compiled against the Android framework classes;
#   3. the Swift sources (ios/, the generated bindings) parse (tree-sitter);
#   4. 16 KB pages: JNA's Android libraries (the AAR the app ships, from Maven Central) have
#      LOAD segments aligned to 0x4000, the pinned JNA is that one, and build-rust-libs.sh links
#      the core with max-page-size=16384;
#   5. the rendered journeys: the real core against the sandbox, every state drawn in ru and en
#      and checked (scripts/screens.sh; PNGs and gallery in target/screens/).
# Installs what it needs (apt, npm, PyPI, Maven Central). Prints `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source scripts/shells-toolchain.sh

passed=0
failed=0
check() { # name, exit code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "-- ok: $1"; else failed=$((failed + 1)); echo "-- FAILED: $1"; fi
}

step "shells: toolchain (JDK, Kotlin, Maven Central jars)"
ensure_shells_toolchain
check "toolchain" $?

step "shells: texts"
bash scripts/shells-texts-check.sh
check "texts (ru, en; Android = iOS)" $?

step "shells: compile the UI module and the Android-only sources"
bash scripts/shells-compile.sh
check "compile" $?

step "shells: Swift syntax"
bash scripts/shells-swift-check.sh
check "Swift syntax" $?

step "shells: 16 KB pages (JNA AAR, build-rust-libs.sh)"
sixteen_kb() {
  local tmp status=0 abi lib
  tmp="$(mktemp -d)"
  command -v readelf >/dev/null 2>&1 || apt_install binutils || return 1
  (cd "$tmp" && unzip -q "$SHELLS_JNA_AAR" 'jni/*') || { rm -rf "$tmp"; return 1; }
  for abi in arm64-v8a x86_64; do
    lib="$tmp/jni/$abi/libjnidispatch.so"
    [ -f "$lib" ] || { echo "no $abi library in $(basename "$SHELLS_JNA_AAR")"; status=1; continue; }
    readelf -lW "$lib" | awk '$1 == "LOAD"'
    if readelf -lW "$lib" | awk '$1 == "LOAD" { n++; if ($NF != "0x4000") bad = 1 } END { exit (bad || n == 0) }'; then
      echo "$(basename "$SHELLS_JNA_AAR") $abi: every LOAD segment aligned to 0x4000"
    else
      echo "$(basename "$SHELLS_JNA_AAR") $abi: a LOAD segment is not 16 KB-aligned"; status=1
    fi
  done
  rm -rf "$tmp"
  local pinned
  pinned="$(grep -Eo 'net\.java\.dev\.jna:jna:[0-9.]+@aar' android/swipcore/build.gradle.kts | head -1)"
  [ "${pinned%@aar}:aar" = "$JNA_AAR" ] || { echo "swipcore pins '$pinned', the checked AAR is $JNA_AAR"; status=1; }
  for flag in max-page-size=16384 common-page-size=16384; do
    grep -q -- "-Wl,-z,$flag" android/build-rust-libs.sh || { echo "build-rust-libs.sh: no -z $flag"; status=1; }
  done
  return $status
}
sixteen_kb
check "16 KB pages" $?

step "shells: rendered journeys (scripts/screens.sh)"
bash scripts/screens.sh
check "rendered journeys" $?

echo
echo "shells checks: ${passed} passed, ${failed} failed"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
