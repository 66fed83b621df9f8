# Kotlin on the JVM for the bindings' tests (sourced after scripts/lib.sh). Sets KOTLIN_HOME and
# JAVA_LIBS. Installs what is missing: a JDK, JNA and JUnit 5 from apt; the Kotlin compiler
# (whose lib/ also has kotlinx-coroutines-core-jvm, kotlin-stdlib and kotlin-test) from npm,
# unpacked once into .tools/ (ignored by git).

KOTLIN_VERSION="2.4.20"
KOTLIN_HOME="$PWD/.tools/kotlinc-$KOTLIN_VERSION"
JAVA_LIBS="/usr/share/java"

ensure_kotlin_toolchain() {
  if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
    apt_install default-jdk-headless || return 1
  fi
  apt_install libjna-java junit5 || return 1
  if [ ! -x "$KOTLIN_HOME/bin/kotlinc" ]; then
    local tmp
    tmp="$(mktemp -d)" || return 1
    (cd "$tmp" && npm pack --silent "kotlin-compiler@$KOTLIN_VERSION" >/dev/null && tar xzf "kotlin-compiler-$KOTLIN_VERSION.tgz") || { rm -rf "$tmp"; return 1; }
    mkdir -p "$(dirname "$KOTLIN_HOME")"
    rm -rf "$KOTLIN_HOME"
    mv "$tmp/package" "$KOTLIN_HOME"
    rm -rf "$tmp"
  fi
  local jar
  for jar in "$JAVA_LIBS/jna.jar" "$JAVA_LIBS/junit-platform-console-standalone.jar" \
    "$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar" "$KOTLIN_HOME/lib/kotlin-test.jar"; do
    [ -f "$jar" ] || { echo "kotlin-toolchain: missing $jar" >&2; return 1; }
  done
}
