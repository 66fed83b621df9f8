# The shells' toolchain (sourced after scripts/lib.sh): Kotlin (scripts/kotlin-toolchain.sh, whose
# lib/ has the Compose compiler plugin of the same version, compose-compiler-plugin.jar) and the jars
# of android/desktop/pom.xml from Maven Central, fetched once by Maven into .tools/shells/ (ignored):
#   jars/     Compose Multiplatform desktop (runtime, ui, foundation, material3, ui-test), Skiko with
#             its Linux runtime, kotlinx-coroutines, JetBrains lifecycle, JNA, JUnit 4
#   android/  org.robolectric:android-all (the Android framework classes, a compile classpath)
#   aar/      net.java.dev.jna:jna AAR (its Android native libraries, checked for 16 KB pages)
# Sets SHELLS_TOOLS, SHELLS_JARS_CP, SHELLS_ANDROID_JAR, SHELLS_JNA_AAR, COMPOSE_PLUGIN.
source scripts/kotlin-toolchain.sh

SHELLS_TOOLS="$PWD/.tools/shells"
SHELLS_POM="$PWD/android/desktop/pom.xml"
ANDROID_ALL="org.robolectric:android-all:15-robolectric-12650502"
JNA_AAR="net.java.dev.jna:jna:5.19.1:aar"

ensure_shells_toolchain() {
  ensure_kotlin_toolchain || return 1
  command -v mvn >/dev/null 2>&1 || apt_install maven || return 1
  COMPOSE_PLUGIN="$KOTLIN_HOME/lib/compose-compiler-plugin.jar"
  [ -f "$COMPOSE_PLUGIN" ] || { echo "shells-toolchain: no $COMPOSE_PLUGIN" >&2; return 1; }
  local stamp
  stamp="$(cat "$SHELLS_POM" | sha256sum | cut -d' ' -f1) $ANDROID_ALL $JNA_AAR"
  if [ "$(cat "$SHELLS_TOOLS/stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$SHELLS_TOOLS" && mkdir -p "$SHELLS_TOOLS"
    (cd "$(dirname "$SHELLS_POM")" &&
      mvn -q -B dependency:copy-dependencies -DoutputDirectory="$SHELLS_TOOLS/jars" &&
      mvn -q -B dependency:copy -Dartifact="$ANDROID_ALL" -DoutputDirectory="$SHELLS_TOOLS/android" &&
      mvn -q -B dependency:copy -Dartifact="$JNA_AAR" -DoutputDirectory="$SHELLS_TOOLS/aar") || {
      echo "shells-toolchain: Maven could not fetch the jars of $SHELLS_POM" >&2
      return 1
    }
    echo "$stamp" >"$SHELLS_TOOLS/stamp"
  fi
  # Kotlin's own stdlib (the compiler's) wins over an older one that Compose depends on; the
  # common-only coroutines artifact has no JVM classes.
  SHELLS_JARS_CP="$(find "$SHELLS_TOOLS/jars" -name '*.jar' ! -name 'kotlin-stdlib*' ! -name 'kotlinx-coroutines-core-1.*' | sort | tr '\n' ':')"
  SHELLS_ANDROID_JAR="$(find "$SHELLS_TOOLS/android" -name 'android-all-*.jar' | head -1)"
  SHELLS_JNA_AAR="$(find "$SHELLS_TOOLS/aar" -name 'jna-*.aar' | head -1)"
  [ -n "$SHELLS_ANDROID_JAR" ] && [ -n "$SHELLS_JNA_AAR" ]
}
