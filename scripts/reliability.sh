#!/usr/bin/env bash
# The long reliability runs, on demand (not part of scripts/test.sh): the fault matrix, the full
# seeded soak, a bigger load, both cargo-fuzz targets for a fixed time, and a longer schemathesis
# run. Logs go to target/reliability/; the figures are kept in RELIABILITY.md.
#
#   bash scripts/reliability.sh
#   SOAK_RUNS=500 LOAD_WALLETS=1000 FUZZ_SECONDS=300 SCHEMATHESIS_EXAMPLES=200 bash scripts/reliability.sh
#
# cargo fuzz needs a nightly compiler's -Z flags; the machine's one stable toolchain accepts them
# with RUSTC_BOOTSTRAP=1. The fuzz crate (fuzz/) is outside the workspace and has its own lock file.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

soak_runs="${SOAK_RUNS:-500}"
soak_seed="${SOAK_SEED:-1}"
load_wallets="${LOAD_WALLETS:-1000}"
fuzz_seconds="${FUZZ_SECONDS:-300}"
fuzz_sanitizer="${FUZZ_SANITIZER:-none}"
examples="${SCHEMATHESIS_EXAMPLES:-200}"
out="target/reliability"
mkdir -p "$out"

passed=0
failed=0
run() { # name, command...
  local name="$1"
  shift
  step "$name: $*"
  local started=$SECONDS
  "$@" >"$out/$name.log" 2>&1
  local rc=$?
  grep -E '^(\||runs |load: |bad inputs|#[0-9]+.*DONE|Done [0-9]+ runs|stat::)|^=+ .* in |SUMMARY|Failures:|ST[0-9]+' "$out/$name.log" | tail -n 40
  if [ "$rc" -eq 0 ]; then passed=$((passed + 1)); echo "== PASS: $name ($((SECONDS - started)) s)"; else failed=$((failed + 1)); echo "== FAIL: $name ($((SECONDS - started)) s, see $out/$name.log)"; fi
}

run fault-matrix cargo test -p swip-e2e --test fault_matrix -- --nocapture
run soak env SOAK_RUNS="$soak_runs" SOAK_SEED="$soak_seed" cargo test -p swip-e2e --test soak -- --nocapture
run load env LOAD_WALLETS="$load_wallets" cargo test -p swip-e2e --test load -- --nocapture
run bad-input cargo test -p swip-e2e --test bad_input -- --nocapture

cargo fuzz --version >/dev/null 2>&1 || cargo install --locked cargo-fuzz
for target in decode_response journey_events; do
  # A fixed seed and time: the same run twice explores the same inputs (up to timing).
  run "fuzz-$target" bash -c "cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run $target --sanitizer $fuzz_sanitizer -O -- -max_total_time=$fuzz_seconds -seed=1 -print_final_stats=1"
done

run schemathesis env SCHEMATHESIS_EXAMPLES="$examples" bash scripts/test.d/40-schemathesis.sh
# Informational: does the server's input validation agree with the document (ST201/ST202)?
run schemathesis-validation env SCHEMATHESIS_EXAMPLES=25 SCHEMATHESIS_CHECKS=all bash scripts/test.d/40-schemathesis.sh

echo
echo "reliability logs: $out/"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
