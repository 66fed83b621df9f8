#!/usr/bin/env bash
# Every test of the project, from a fresh machine: installs what it needs, then runs
#   1. formatting and lints (cargo fmt --check, clippy -D warnings),
#   2. the Rust test suites (protocol, sandbox, core, end-to-end journeys, CLI),
#   3. every further suite found in scripts/test.d/ (bindings: Kotlin on the JVM, C header,
#      regenerated bindings; the 3-D Secure page in headless Chromium), in name order.
# Prints a final `N passed, N failed` line and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

passed=0
failed=0
record() { # name, exit code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "== PASS: $1"; else failed=$((failed + 1)); echo "== FAIL: $1"; fi
}

ensure_rust_tools

step "cargo fmt --check"; cargo fmt --all -- --check; record "cargo fmt" $?
step "cargo clippy"; cargo clippy --workspace --all-targets --locked -- -D warnings; record "cargo clippy" $?
step "cargo test (workspace)"; cargo test --workspace --locked 2>&1 | tee target/rust-tests.log; record "cargo test" "${PIPESTATUS[0]}"

for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  step "$suite"; bash "$suite"; record "$suite" $?
done

rust_passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' target/rust-tests.log | awk '{s+=$4} END {print s+0}')
rust_failed=$(grep -Eo '[0-9]+ failed;' target/rust-tests.log | awk '{s+=$1} END {print s+0}')
echo
echo "suites: ${passed} passed, ${failed} failed; rust tests: ${rust_passed} passed, ${rust_failed} failed"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
