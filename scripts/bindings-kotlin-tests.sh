#!/usr/bin/env bash
# Compiles the committed Kotlin bindings (no stand-in classes: they are plain-JVM Kotlin) with the
# JVM tests (bindings/kotlin-tests) and a Java caller (bindings/java-tests), and runs them against
# a library and a sandbox binary: JUnit 5 once per sandbox wire style (SWIP_WIRE_STYLE=nulls, then
# omit: absent values sent as null or left out), then the Java caller. Prints `N passed, N failed`.
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
java_sources=()
while IFS= read -r file; do java_sources+=("$file"); done < <(find bindings/java-tests -name '*.java' | sort)

compile_cp="$JAVA_LIBS/jna.jar:$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar:$KOTLIN_HOME/lib/kotlin-test.jar:$KOTLIN_HOME/lib/kotlin-test-junit5.jar:$JAVA_LIBS/junit-jupiter-api.jar:$JAVA_LIBS/apiguardian-api.jar:$JAVA_LIBS/opentest4j.jar"

# Compile only when a source changed (kotlinc takes a minute or two on the generated file).
stamp="$(cat "${sources[@]}" "${java_sources[@]}" | sha256sum | cut -d' ' -f1)-$KOTLIN_VERSION"
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
  step "kotlinc (${#sources[@]} files)"
  rm -rf "$out" && mkdir -p "$out/classes"
  if ! "$KOTLIN_HOME/bin/kotlinc" -jvm-target 17 -nowarn -cp "$compile_cp" -d "$out/classes" "${sources[@]}"; then
    echo "bindings-kotlin-tests: compilation failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
  step "javac (${#java_sources[@]} files)"
  if ! javac -d "$out/classes" -cp "$out/classes:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$compile_cp" "${java_sources[@]}"; then
    echo "bindings-kotlin-tests: Java compilation failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "$stamp" >"$out/stamp"
fi

run_cp="$out/classes:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$compile_cp:$JAVA_LIBS/junit-platform-console-standalone.jar"
jvm_flags=(-Djna.library.path="$lib_dir" -Djna.nosys=true -Dswip.sandbox="$sandbox")
passed=0
failed=0
for style in nulls omit; do
  step "JUnit 5 on the JVM (library: $lib_dir, sandbox wire style: $style)"
  SWIP_WIRE_STYLE="$style" java "${jvm_flags[@]}" -cp "$run_cp" \
    org.junit.platform.console.ConsoleLauncher --disable-banner --disable-ansi-colors --details=tree \
    --select-package app.swip.core.test 2>&1 | tee "$out/junit-$style.log"
  status="${PIPESTATUS[0]}"
  ok="$(grep -Eo '\[ +[0-9]+ tests successful' "$out/junit-$style.log" | grep -Eo '[0-9]+' | head -1)"
  bad="$(grep -Eo '\[ +[0-9]+ tests failed' "$out/junit-$style.log" | grep -Eo '[0-9]+' | head -1)"
  ok="${ok:-0}"
  bad="${bad:-0}"
  if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  passed=$((passed + ok))
  failed=$((failed + bad))
done

step "a Java caller on the JVM"
if java "${jvm_flags[@]}" -cp "$run_cp" app.swip.core.test.JavaCaller; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
