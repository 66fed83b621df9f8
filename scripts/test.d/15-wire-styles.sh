#!/usr/bin/env bash
# The end-to-end journeys, the fault matrix and the soak against a sandbox answering in the wire
# style that is NOT the default: unset fields left out, and the error object without fieldErrors
# (Jackson's NON_NULL). The workspace run (`cargo test --workspace`) already covers the default
# style (`nulls`: unset fields as null, `"fieldErrors": null`, as the seeds show). The harness
# (`swip_e2e::Harness::start_with`) reads SWIP_WIRE_STYLE.
#
#   bash scripts/test.d/15-wire-styles.sh                         # what the test command runs
#   SWIP_WIRE_STYLE=nulls bash scripts/test.d/15-wire-styles.sh   # the default style instead
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

style="${SWIP_WIRE_STYLE:-omit}"
export SWIP_WIRE_STYLE="$style"
passed=0
failed=0
check() { # name, exit code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "-- ok: $1"; else failed=$((failed + 1)); echo "-- FAILED: $1"; fi
}

# Every swip-e2e test target (journeys, fault matrix, soak) but `load`: it starts its own
# sandbox at scale, and the default style covers it.
for file in tests/tests/*.rs; do
  target="$(basename "$file" .rs)"
  [ "$target" = "load" ] && continue
  step "wire style ${style}: cargo test -p swip-e2e --test ${target}"
  cargo test --locked -p swip-e2e --test "$target" 2>&1 | tail -n 25
  check "swip-e2e ${target} (${style})" "${PIPESTATUS[0]}"
done

echo
echo "wire style ${style}: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
