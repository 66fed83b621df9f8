#!/usr/bin/env bash
# The FFI benchmark on the JVM: compiles the committed Kotlin bindings with FfiBench.kt (the
# toolchain of scripts/kotlin-toolchain.sh, as the bindings' tests) and runs it against the
# stripped release libswip_ffi.so, with `swip-bench ffi-fixture` as its sandbox and user.
#
#   bash benches/kotlin/run.sh [OUT_FILE]     (the table on stdout, or in OUT_FILE)
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source scripts/kotlin-toolchain.sh

out_file="${1:-/dev/stdout}"
target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/bench/kotlin"

ensure_kotlin_toolchain || { echo "ffi bench: no Kotlin toolchain" >&2; exit 1; }
cargo build --release -p swip-ffi -p swip-bench >&2 || { echo "ffi bench: cargo build --release -p swip-ffi failed" >&2; exit 1; }

sources=(bindings/generated/kotlin/app/swip/core/swip.kt benches/kotlin/FfiBench.kt)
# The generated file names android.os.Build and android.system.SystemCleaner: the JVM stand-ins
# the bindings' tests compile with.
while IFS= read -r file; do sources+=("$file"); done < <(find bindings/kotlin-tests/android-stubs -name '*.kt' | sort)
for source in "${sources[@]}"; do
  [ -f "$source" ] || { echo "ffi bench: missing $source" >&2; exit 1; }
done

classpath="$JAVA_LIBS/jna.jar:$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar"
stamp="$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)-$KOTLIN_VERSION"
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
  step "kotlinc (${#sources[@]} files)" >&2
  rm -rf "$out" && mkdir -p "$out/classes"
  "$KOTLIN_HOME/bin/kotlinc" -jvm-target 17 -nowarn -cp "$classpath" -d "$out/classes" "${sources[@]}" >&2 ||
    { echo "ffi bench: kotlinc failed" >&2; exit 1; }
  echo "$stamp" >"$out/stamp"
fi

step "FfiBench on the JVM (library: $target_dir/release/libswip_ffi.so)" >&2
java -Djna.library.path="$(realpath "$target_dir/release")" -Djna.nosys=true \
  -Dswip.fixture="$(realpath "$target_dir/release/swip-bench")" \
  -cp "$out/classes:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$classpath" \
  app.swip.core.bench.FfiBenchKt >"$out_file"
