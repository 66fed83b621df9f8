"""The other JOSE implementation's half of scripts/test.d/35-jose.sh, with Python's jwcrypto.

    python jose_interop.py DIR

1. Decrypts DIR/core.jwe (sealed by swip-core) with the sandbox's private test JWK and checks the
   header (alg ECDH-ES, enc A256GCM, kid of the served key, a P-256 epk) and the card payload.
2. Encrypts a card payload for the served public key (DIR/jwks.json) into DIR/python.jwe, and
   the same for a key of its own under the sandbox's kid into DIR/python-wrong-key.jwe, for the
   sandbox to open and to refuse.

Only the test card below is used; nothing prints its number or CVV.
"""

import json
import secrets
import sys
import time
from pathlib import Path

from jwcrypto import jwe, jwk

# A МИР test number (Luhn-valid, not a real card), as in core/examples/jose_interop.rs.
TEST_CARD = {"pan": "2200000000000004", "expMonth": 12, "expYear": 2030, "cvv": "123"}


def fail(message):
    print(f"jose_interop.py: {message}", file=sys.stderr)
    sys.exit(1)


def check_core_token(directory):
    private = jwk.JWK(**json.loads((directory / "sandbox-private.jwk.json").read_text()))
    token = jwe.JWE()
    token.deserialize((directory / "core.jwe").read_text().strip(), key=private)
    header = token.jose_header
    expected = {"alg": "ECDH-ES", "enc": "A256GCM", "kid": private.get("kid")}
    for name, value in expected.items():
        if header.get(name) != value:
            fail(f"core token header {name} is {header.get(name)!r}, expected {value!r}")
    epk = header.get("epk", {})
    if epk.get("kty") != "EC" or epk.get("crv") != "P-256" or "d" in epk:
        fail("core token epk is not a public P-256 key")
    payload = json.loads(token.payload)
    if set(payload) != {"pan", "expMonth", "expYear", "cvv", "nonce", "generatedAt"}:
        fail(f"core token payload members are {sorted(payload)}")
    if any(payload[name] != value for name, value in TEST_CARD.items()):
        fail("core token payload is not the test card")
    if len(payload["nonce"]) != 32 or abs(payload["generatedAt"] - time.time() * 1000) > 600_000:
        fail("core token nonce or generatedAt is off")
    print(f"jwcrypto decrypted the core's token (kid {header['kid']}): card ending "
          f"{payload['pan'][-4:]}, {payload['expMonth']:02}/{payload['expYear']}")


def encrypt(public, kid, path):
    card = dict(TEST_CARD, nonce=secrets.token_hex(16), generatedAt=int(time.time() * 1000))
    header = {"alg": "ECDH-ES", "enc": "A256GCM", "kid": kid}
    token = jwe.JWE(json.dumps(card).encode(), protected=json.dumps(header))
    token.add_recipient(public)
    path.write_text(token.serialize(compact=True))


def make_tokens(directory):
    served = json.loads((directory / "jwks.json").read_text())["keys"][0]
    public = jwk.JWK(**served)
    if public.has_private:
        fail("the served key set holds a private key")
    encrypt(public, served["kid"], directory / "python.jwe")
    stranger = jwk.JWK.generate(kty="EC", crv="P-256")
    encrypt(stranger, served["kid"], directory / "python-wrong-key.jwe")
    print(f"jwcrypto encrypted a test card for kid {served['kid']} (and one for a stranger's key)")


def main():
    if len(sys.argv) != 2:
        fail("usage: jose_interop.py DIR")
    directory = Path(sys.argv[1])
    check_core_token(directory)
    make_tokens(directory)


if __name__ == "__main__":
    main()
