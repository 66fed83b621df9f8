#!/usr/bin/env bash
# The JWE card cryptogram against an independent JOSE implementation (Python's jwcrypto, from
# PyPI, installed into .tools/jose): jwcrypto decrypts a cryptogram sealed by swip-core with the
# sandbox's private test JWK, and the sandbox opens (and checks like a binding) a token jwcrypto
# made for the key it serves, and refuses one made for another key. Also runs the RFC 7518
# Appendix C ECDH-ES test vector (shared secret and Concat KDF). Test card only; nothing prints a
# card number or CVV.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

version="1.6.1"
venv=".tools/jose"
target_dir="${CARGO_TARGET_DIR:-target}"
passed=0
failed=0
check() { # name, exit code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "-- ok: $1"; else failed=$((failed + 1)); echo "-- FAILED: $1"; fi
}

step "jose: jwcrypto ${version} into ${venv}"
if ! "$venv/bin/python" -c "import jwcrypto, sys; sys.exit(jwcrypto.__version__ != '${version}')" 2>/dev/null; then
  python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
  rm -rf "$venv" && python3 -m venv "$venv" &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check "jwcrypto==${version}"
fi
"$venv/bin/python" -c "import jwcrypto"
check "jwcrypto installed" $?

step "jose: RFC 7518 Appendix C (ECDH-ES P-256 shared secret, Concat KDF)"
cargo test --locked -p swip-protocol --lib rfc7518 &&
  cargo test --locked -p swip-sandbox --lib rfc7518
check "RFC 7518 Appendix C test vector" $?

work="$target_dir/jose-interop"
rm -rf "$work" && mkdir -p "$work"
step "jose: swip-core seals, jwcrypto decrypts; jwcrypto encrypts, the sandbox opens"
cargo run --locked --quiet -p swip-core --example jose_interop -- seal "$work" &&
  "$venv/bin/python" scripts/jose_interop.py "$work" &&
  cargo run --locked --quiet -p swip-core --example jose_interop -- open "$work"
check "interop with jwcrypto" $?
# The directory holds the sandbox's test key and test-card tokens only; remove them anyway.
rm -rf "$work"

echo "jose: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
