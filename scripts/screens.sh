#!/usr/bin/env bash
# Renders the Android UI from the real core: builds the release libswip_ffi.so and swip-sandbox,
# compiles the UI module with the generated bindings (scripts/shells-compile.sh), then drives the
# core through the journeys of issue 14 against sandboxes on free ports and renders each distinct
# state headless (Compose Multiplatform desktop, Skiko software rendering) in Russian and English:
#   target/screens/ru/*.png, target/screens/en/*.png, target/screens/index.html (the gallery).
# Asserts from the semantics tree what a user checks; prints `N passed, N failed` (one per screen).
#   bash scripts/screens.sh            then open target/screens/index.html
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/shells-toolchain.sh

target_dir="${CARGO_TARGET_DIR:-target}"
step "screens: build (release swip-ffi, swip-sandbox)"
if ! cargo build --locked --release -p swip-ffi || ! build_like_tests; then
  echo "screens: build failed"; echo "0 passed, 1 failed"; exit 1
fi
bash scripts/shells-compile.sh || { echo "0 passed, 1 failed"; exit 1; }
ensure_shells_toolchain || { echo "0 passed, 1 failed"; exit 1; }

step "screens: render the journeys (ru, en)"
out="$target_dir/screens"
mkdir -p "$out"
# Skiko renders in software (no display, no GPU); java.awt.headless keeps AWT off any display.
java -Djava.awt.headless=true -Dskiko.renderApi=SOFTWARE \
  -Djna.library.path="$(realpath "$target_dir/release")" -Djna.nosys=true \
  -Dswip.sandbox="$(realpath "$target_dir/debug/swip-sandbox")" \
  -cp "$target_dir/shells/ui-classes:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$SHELLS_JARS_CP" \
  app.swip.shells.MainKt "$out" android/ui/src/main/res
