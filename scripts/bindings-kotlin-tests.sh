#!/usr/bin/env bash
# Compiles the committed Kotlin bindings with the JVM tests (bindings/kotlin-tests) and runs them
# with JUnit 5 against a library and a sandbox binary. Prints `N passed, N failed`.
#
#   bash scripts/bindings-kotlin-tests.sh <dir of libswip_ffi.so> <swip-sandbox binary>
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/kotlin-toolchain.sh

lib_dir="$(realpath "${1:?the directory of libswip_ffi.so}")"
sandbox="$(realpath "${2:?the swip-sandbox binary}")"
target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/kotlin-tests"

ensure_kotlin_toolchain || { echo "bindings-kotlin-tests: no Kotlin toolchain"; echo "0 passed, 1 failed"; exit 1; }

sources=(bindings/generated/kotlin/app/swip/core/swip.kt)
while IFS= read -r file; do sources+=("$file"); done < <(find bindings/kotlin-tests -name '*.kt' | sort)
# The FFI benchmark (benches/kotlin) is compiled with them, never run here, so that it cannot rot.
sources+=(benches/kotlin/FfiBench.kt)

compile_cp="$JAVA_LIBS/jna.jar:$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar:$KOTLIN_HOME/lib/kotlin-test.jar:$KOTLIN_HOME/lib/kotlin-test-junit5.jar:$JAVA_LIBS/junit-jupiter-api.jar:$JAVA_LIBS/apiguardian-api.jar:$JAVA_LIBS/opentest4j.jar"

# Compile only when a source changed (kotlinc takes a minute or two on the generated file).
stamp="$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)-$KOTLIN_VERSION"
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
  step "kotlinc (${#sources[@]} files)"
  rm -rf "$out" && mkdir -p "$out/classes"
  if ! "$KOTLIN_HOME/bin/kotlinc" -jvm-target 17 -nowarn -cp "$compile_cp" -d "$out/classes" "${sources[@]}"; then
    echo "bindings-kotlin-tests: compilation failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "$stamp" >"$out/stamp"
fi

step "JUnit 5 on the JVM (library: $lib_dir)"
run_cp="$out/classes:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$compile_cp:$JAVA_LIBS/junit-platform-console-standalone.jar"
java -Djna.library.path="$lib_dir" -Djna.nosys=true -Dswip.sandbox="$sandbox" -cp "$run_cp" \
  org.junit.platform.console.ConsoleLauncher --disable-banner --disable-ansi-colors --details=tree \
  --select-package app.swip.core.test 2>&1 | tee "$out/junit.log"
status="${PIPESTATUS[0]}"

passed="$(grep -Eo '\[ +[0-9]+ tests successful' "$out/junit.log" | grep -Eo '[0-9]+' | head -1)"
failed="$(grep -Eo '\[ +[0-9]+ tests failed' "$out/junit.log" | grep -Eo '[0-9]+' | head -1)"
passed="${passed:-0}"
failed="${failed:-0}"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
