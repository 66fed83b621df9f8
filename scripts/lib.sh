# Shared helpers of the project's scripts (sourced).

step() { printf '\n==== %s\n' "$*"; }

# A number of seconds as people read it: `42s`, `3m 05s`, `1h 02m 09s`.
duration() {
  local s="$1"
  if [ "$s" -ge 3600 ]; then
    printf '%dh %02dm %02ds' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
  elif [ "$s" -ge 60 ]; then
    printf '%dm %02ds' $((s / 60)) $((s % 60))
  else
    printf '%ds' "$s"
  fi
}

# Runs apt-get install for the packages not installed yet (apt-get update once first).
apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${SWIP_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq && export SWIP_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# rustfmt and clippy come with the toolchain on this machine kind; add them if a toolchain lacks them.
ensure_rust_tools() {
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

# Builds the workspace's debug libraries, binaries and tests as `cargo test --workspace` does: the
# same targets, so cargo resolves the same features (dev-dependencies' included) and reuses every
# crate the test build compiled. Building one package alone (`-p swip-sandbox`) resolves other
# features and compiles tokio, serde, hyper... a second time.
build_like_tests() {
  cargo build --locked --quiet --workspace --lib --bins --tests
}
