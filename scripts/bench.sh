#!/usr/bin/env bash
# Regenerates every figure of BENCHMARKS.md, each beside the baseline it is compared with, all
# measured in this run on this machine:
#   size        stripped release cdylib of swip-ffi vs a bare uniffi+tokio+reqwest cdylib; sections,
#               crates and functions (nm), variants: panic=abort, packed relocations
#   overhead    core call (ApiClient, Session::call) vs raw reqwest, wall clock
#   callgrind   the same in instructions (valgrind)
#   economy     the demo journey's requests vs the minimal sequence; polls vs their bound
#   latency     deferred status flip -> observer sees it
#   cold-start  Wallet::open + signed-in session restored, fresh processes
#   scale       100 / 1,000 / 10,000 concurrent journeys on one sandbox
#   throughput  sandbox vs a bare axum hello-world under wrk
#   ffi         state() and a refused action from Kotlin on the JVM vs a bare JNA call
# Usage: bash scripts/bench.sh [SECTION...]   (no argument: all of them; about 12 minutes on 2 cores)
# Raw outputs go to target/bench/; the tables are written into BENCHMARKS.md between its
# `<!-- figures:SECTION -->` markers. Loops are bounded in count and time; traffic stays on loopback.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

out=target/bench
mkdir -p "$out"
all=(size overhead callgrind economy latency cold-start scale throughput ffi)
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=("${all[@]}")

ensure_tools() {
  apt_install wrk valgrind binutils
}

bin=target/release/swip-bench
build_bench() {
  [ -n "${bench_built:-}" ] && return 0
  step "cargo build --release -p swip-bench"
  cargo build --release -p swip-bench && bench_built=1
}

# Runs the bench binary for a section: its table to $out/NAME.md, its summary rows to
# $out/NAME.summary, the machine's load before it to the table's head.
run_section() { # name, args...
  local name=$1
  shift
  build_bench || return 1
  step "swip-bench $*"
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  "$bin" "$@" >"$out/$name.raw" 2>"$out/$name.log"
  local rc=$?
  {
    echo "_Run $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: ${load}; command: \`$bin $*\`._"
    echo
    grep -v '^@summary|' "$out/$name.raw"
    [ $rc -eq 0 ] || echo "**The run failed (exit $rc); see target/bench/$name.log:** $(tail -3 "$out/$name.log" | tr '\n' ' ')"
  } >"$out/$name.md"
  grep '^@summary|' "$out/$name.raw" >"$out/$name.summary" || true
  return $rc
}

summary_row() { # benchmark, figure, target, baseline, met
  echo "@summary|$1|$2|$3|$4|$5"
}

size_section() {
  local md=$out/size.md sum=$out/size.summary
  : >"$sum"
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  step "cargo build --release -p swip-ffi"
  if ! cargo build --release -p swip-ffi 2>"$out/size.log"; then
    {
      echo "**TODO (bindings not buildable yet):** \`cargo build --release -p swip-ffi\` failed in this run"
      echo "($(grep -m1 -E '^error' "$out/size.log" || tail -1 "$out/size.log")). Run \`bash scripts/bench.sh size ffi\` once it builds."
    } >"$md"
    summary_row "Library size (stripped release cdylib, panic=unwind)" "TODO: swip-ffi did not build" "≤ 3.5 MB" "–" "–" >>"$sum"
    return 1
  fi
  local lib=target/release/libswip_ffi.so
  local size
  size=$(stat -c %s "$lib")

  # Variants, each in its own target directory (a full LTO build each):
  step "size baseline: uniffi + tokio + reqwest cdylib, same profile"
  local base_dir=$out/size-baseline
  rm -rf "$base_dir" && mkdir -p "$base_dir"
  cp -r benches/size-baseline/Cargo.toml benches/size-baseline/src "$base_dir/"
  cp Cargo.lock "$base_dir/Cargo.lock"
  CARGO_TARGET_DIR=$out/size-baseline-target cargo build --release --manifest-path "$base_dir/Cargo.toml" >>"$out/size.log" 2>&1
  local base_lib=$out/size-baseline-target/release/libswip_size_baseline.so
  # Each variant's old library is removed before its build, so a variant that fails to build is
  # reported as such, never with the figure of an earlier tree.
  local variants=() skipped=""
  size_variant() { # label, target dir, VAR=value...
    local label=$1 dir=$2
    shift 2
    rm -f "$dir/release/libswip_ffi.so"
    if env "$@" CARGO_TARGET_DIR="$dir" cargo build --release -p swip-ffi >>"$out/size.log" 2>&1; then
      variants+=("$label=$dir/release/libswip_ffi.so")
    else
      echo "size: the variant \"$label\" did not build (see $out/size.log)" >&2
      skipped="$skipped $label;"
    fi
  }
  step "swip-ffi with panic=abort (what unwinding costs)"
  size_variant "swip-ffi, panic=abort" "$out/abort-target" CARGO_PROFILE_RELEASE_PANIC=abort
  step "swip-ffi linked with packed relative relocations (-z pack-relative-relocs)"
  size_variant "swip-ffi, packed relocations" "$out/relr-target" RUSTFLAGS="-C link-arg=-Wl,-z,pack-relative-relocs"
  step "swip-ffi unstripped (for the attribution by crate)"
  rm -f "$out/unstripped-target/release/libswip_ffi.so"
  CARGO_PROFILE_RELEASE_STRIP=false CARGO_TARGET_DIR=$out/unstripped-target cargo build --release -p swip-ffi >>"$out/size.log" 2>&1 || {
    echo "size: the unstripped build failed (see $out/size.log)" >&2
    return 1
  }

  local base_size mb target_ok ratio
  base_size=$(stat -c %s "$base_lib" 2>/dev/null || echo 0)
  mb=$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1e6 }')
  target_ok=$(awk -v s="$size" 'BEGIN { print (s <= 3500000) ? "yes" : "**no**" }')
  ratio=$(awk -v s="$size" -v b="$base_size" 'BEGIN { if (b + 0 > 0) printf "%.2f×", s / b; else print "?" }')
  build_bench || return 1
  {
    echo "_Run $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: ${load}; profile \`release\` (opt-level z, lto, codegen-units 1, strip, panic=unwind), x86_64-unknown-linux-gnu; reference baseline from shared/reference/toolchain.md (another machine): 3,583,128 B._"
    [ -n "$skipped" ] && echo && echo "Variants that did not build in this run (not shown):$skipped"
    echo
    "$bin" size-report "$out/unstripped-target/release/libswip_ffi.so" \
      "**swip-ffi** (shipped)=$lib" "${variants[@]}" \
      "**baseline** (\`benches/size-baseline\`)=$base_lib" 2>>"$out/size.log"
  } >"$md"
  summary_row "Library size (stripped release cdylib, panic=unwind)" "$size B ($mb MB)" "≤ 3.5 MB" "uniffi + tokio + reqwest cdylib, same profile: $base_size B (swip-ffi is $ratio)" "$target_ok" >>"$sum"
}

ffi_section() {
  local md=$out/ffi.md sum=$out/ffi.summary
  : >"$sum"
  if ! bash benches/kotlin/run.sh "$out/ffi.raw" 2>"$out/ffi.log"; then
    {
      echo "**TODO (bindings not ready):** the Kotlin FFI benchmark could not run in this run"
      echo "($(tail -2 "$out/ffi.log" | tr '\n' ' ')). Once \`cargo build --release -p swip-ffi\` and"
      echo "scripts/test.d/20-bindings.sh work, \`bash scripts/bench.sh ffi\` fills this section."
    } >"$md"
    summary_row "FFI cost from Kotlin (JVM)" "TODO: bindings not ready" "≤ 20 µs p50" "–" "–" >>"$sum"
    return 1
  fi
  {
    echo "_Run $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg); \`bash benches/kotlin/run.sh\`._"
    echo
    grep -v '^@summary|' "$out/ffi.raw"
  } >"$md"
  grep '^@summary|' "$out/ffi.raw" >"$sum" || true
}

# Replaces what lies between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->` in BENCHMARKS.md.
splice() { # name, file
  python3 - "$1" "$2" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
body = open(path, encoding="utf-8").read().rstrip("\n")
doc = open("BENCHMARKS.md", encoding="utf-8").read()
pattern = re.compile(r"(<!-- figures:%s -->\n)(.*?\n)?(<!-- /figures:%s -->)" % (re.escape(name), re.escape(name)), re.S)
if not pattern.search(doc):
    sys.exit("BENCHMARKS.md has no figures:%s markers" % name)
doc = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(3), doc)
open("BENCHMARKS.md", "w", encoding="utf-8").write(doc)
PY
}

# The rows of each section in the summary, by the start of their first cell: what a section
# that has no figures in target/bench/ (never run on this machine) keeps from BENCHMARKS.md.
row_pattern() { # section
  case "$1" in
    size) echo '^\| Library size' ;;
    overhead) echo '^\| Core overhead per call, .*\(wall clock\)' ;;
    callgrind) echo '^\| Core overhead per call, .*\(instructions\)' ;;
    economy) echo '^\| (Request economy|Status polls)' ;;
    latency) echo '^\| Notification latency' ;;
    cold-start) echo '^\| Cold start' ;;
    scale) echo '^\| Scale:' ;;
    throughput) echo '^\| Sandbox throughput' ;;
    ffi) echo '^\| FFI cost' ;;
  esac
}

# The summary: every section's rows, in the order of $all, from this run or an earlier one on
# this machine, else as BENCHMARKS.md has them (so running one section never drops the others).
write_summary() {
  local file=$out/summary.md kept=()
  local current
  current=$(sed -n '/<!-- figures:summary -->/,/<!-- \/figures:summary -->/p' BENCHMARKS.md)
  {
    echo "| benchmark | figure | target | baseline (same run) | met |"
    echo "|---|---|---|---|---|"
    for name in "${all[@]}"; do
      if [ -f "$out/$name.summary" ]; then
        sed -e 's/^@summary|/| /' -e 's/$/ |/' "$out/$name.summary"
      elif grep -E "$(row_pattern "$name")" <<<"$current"; then
        kept+=("$name")
      fi
    done
    echo
    echo -n "_Machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr); summary written $(date -u '+%Y-%m-%d %H:%M UTC')"
    [ ${#kept[@]} -eq 0 ] || echo -n "; rows of ${kept[*]} kept from an earlier run"
    echo "._"
  } >"$file"
  splice summary "$file"
}

ensure_tools
failed=0
for section in "${sections[@]}"; do
  case "$section" in
    size) size_section ;;
    ffi) ffi_section ;;
    overhead) run_section overhead overhead ;;
    callgrind) run_section callgrind callgrind 2000 ;;
    economy) run_section economy economy ;;
    latency) run_section latency latency 20 60 ;;
    cold-start) run_section cold-start cold-start 15 200 ;;
    scale) run_section scale scale 50 50 100 1000 10000 ;;
    throughput) run_section throughput throughput 5 64 3 ;;
    *) echo "unknown section: $section (one of: ${all[*]})"; exit 2 ;;
  esac
  rc=$?
  [ $rc -eq 0 ] || { failed=$((failed + 1)); echo "== section $section failed (exit $rc)"; }
  [ -f "$out/$section.md" ] && splice "$section" "$out/$section.md"
done
write_summary
echo
echo "BENCHMARKS.md updated from target/bench/ (${#sections[@]} sections run, ${failed} failed)"
[ "$failed" -eq 0 ]
