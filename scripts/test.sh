#!/usr/bin/env bash
# Every test of the project, from a fresh machine: installs what it needs, then runs
#   1. formatting and lints (cargo fmt --check, clippy -D warnings),
#   2. the Rust test suites (protocol, sandbox, core, end-to-end journeys, CLI),
#   3. every further suite found in scripts/test.d/ (bindings: Kotlin on the JVM, C header,
#      regenerated bindings; the 3-D Secure page in headless Chromium), in name order.
# Each step ends with its result and how long it took; the closing summary lists every suite with
# its duration. The last line is `N passed, N failed`; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

passed=0
failed=0
summary=()
started=$SECONDS

# Runs one suite: `suite NAME COMMAND...`; prints its header, its result and its duration.
suite() {
  local name="$1"
  shift
  step "$name"
  local start=$SECONDS
  "$@"
  local code=$?
  local took
  took="$(duration $((SECONDS - start)))"
  local result=PASS
  if [ "$code" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); result=FAIL; fi
  echo "== ${result}: ${name} (${took})"
  summary+=("$(printf '  %-4s  %8s  %s' "$result" "$took" "$name")")
}

# The workspace's Rust tests, their output kept for the count of tests in the summary.
rust_tests() {
  cargo test --workspace --locked --no-fail-fast 2>&1 | tee target/rust-tests.log
  return "${PIPESTATUS[0]}"
}

ensure_rust_tools
mkdir -p target

suite "cargo fmt" cargo fmt --all -- --check
suite "cargo clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
suite "cargo test (workspace)" rust_tests

for file in scripts/test.d/*.sh; do
  [ -e "$file" ] || continue
  suite "$file" bash "$file"
done

rust_passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' target/rust-tests.log | awk '{s+=$4} END {print s+0}')
rust_failed=$(grep -Eo '[0-9]+ failed;' target/rust-tests.log | awk '{s+=$1} END {print s+0}')
echo
echo "==== summary (total $(duration $((SECONDS - started))))"
printf '%s\n' "${summary[@]}"
echo "suites: ${passed} passed, ${failed} failed; rust tests: ${rust_passed} passed, ${rust_failed} failed"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
