#!/usr/bin/env bash
# Compiles the Android shell where no Android build exists (Gradle builds the app; see README):
#   1. the UI module (android/ui, no android.* import) with the Compose compiler plugin, together
#      with the generated Kotlin bindings and the desktop render test (android/desktop/src), against
#      Compose Multiplatform for the desktop JVM -> target/shells/ui-classes;
#   2. the Android-only sources (android/app, android/swipcore) against the Android framework
#      classes (Robolectric's android-all), Compose and the UI classes -> target/shells/android-classes,
#      so that a wrong Android API call fails here.
# Compiles again only when a source changed. Exits non-zero on a compile error.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/shells-toolchain.sh

ensure_shells_toolchain || { echo "shells-compile: no toolchain"; exit 1; }
out="${CARGO_TARGET_DIR:-target}/shells"
mkdir -p "$out"
kotlinc=("$KOTLIN_HOME/bin/kotlinc" -jvm-target 17 -Werror -Xplugin="$COMPOSE_PLUGIN" -opt-in=kotlin.RequiresOptIn)

# 1. UI + bindings + render test (desktop JVM). The generated bindings import nothing of Android's
# (uniffi.toml: android = false), so they compile here as they are.
ui_sources=(bindings/generated/kotlin/app/swip/core/swip.kt bindings/kotlin-tests/src/app/swip/core/test/Support.kt)
while IFS= read -r f; do ui_sources+=("$f"); done < <(find android/ui/src/main/kotlin android/desktop/src -name '*.kt' | sort)
stamp="$(cat "${ui_sources[@]}" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$out/ui-classes.stamp" 2>/dev/null)" != "$stamp" ]; then
  step "kotlinc: UI module + bindings + render test (${#ui_sources[@]} files, Compose desktop)"
  rm -rf "$out/ui-classes"
  # -Werror is for our sources only: the generated bindings are compiled in the same run, so
  # warnings are shown but not fatal (uniffi's output has unchecked casts).
  "$KOTLIN_HOME/bin/kotlinc" -jvm-target 17 -Xplugin="$COMPOSE_PLUGIN" -cp "$SHELLS_JARS_CP" -d "$out/ui-classes" "${ui_sources[@]}" 2>&1 |
    grep -v '^warning: ' | grep -v 'bindings/generated/.*warning:' | tee "$out/ui-compile.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "shells-compile: the UI module does not compile"; exit 1; }
  if grep -E '^android/(ui|desktop)/.*warning:' "$out/ui-compile.log"; then
    echo "shells-compile: warnings in the UI module"; exit 1
  fi
  echo "$stamp" >"$out/ui-classes.stamp"
fi

# 2. Android-only sources against the Android framework.
android_sources=()
while IFS= read -r f; do android_sources+=("$f"); done < <(find android/app/src/main/kotlin android/swipcore/src/main/kotlin android/desktop/android-standins -name '*.kt' | sort)
# No android.* import in the UI module: it must compile for the desktop too.
if grep -rn '^import android\.' android/ui/src; then
  echo "shells-compile: the UI module imports android.*"; exit 1
fi
stamp="$(cat "${android_sources[@]}" "$out/ui-classes.stamp" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$out/android-classes.stamp" 2>/dev/null)" != "$stamp" ]; then
  step "kotlinc: Android-only sources (${#android_sources[@]} files) against $(basename "$SHELLS_ANDROID_JAR")"
  rm -rf "$out/android-classes"
  "${kotlinc[@]}" -cp "$SHELLS_ANDROID_JAR:$out/ui-classes:$SHELLS_JARS_CP" -d "$out/android-classes" "${android_sources[@]}" ||
    { echo "shells-compile: the Android-only sources do not compile"; exit 1; }
  echo "$stamp" >"$out/android-classes.stamp"
fi
echo "shells-compile: UI module and Android-only sources compiled ($out)"
