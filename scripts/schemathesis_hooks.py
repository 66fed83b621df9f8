"""schemathesis 4.x hooks: fuzz the sandbox signed in.

Loaded with SCHEMATHESIS_HOOKS=schemathesis_hooks (PYTHONPATH=scripts) by
scripts/test.d/40-schemathesis.sh. Before the first call it signs up through the sandbox's QA
controls (SMS code from GET /sandbox/sms), opens a ready merchant store (POST /sandbox/pos-stores)
and logs its merchant in; then every request of the three APIs carries the right credentials:

- in-app API: X-Auth-Token = a session token (a signup token on the signup-scoped endpoints, the
  refresh token on PUT /auth);
- merchant API (/merchant-api): X-Auth-Token = the merchant's token;
- POS API (/pos-api): Authorization: Bearer <store token>, X-Merchant-ID, X-Store-ID, X-Cash-ID.

QA controls (/sandbox/) are sent as generated. A call that may end the sessions (DELETE
/sandbox/state, moving the clock) makes the next call sign in again. After the run, the figures
(operations that got at least one answer other than 401/403) are printed and written to
$SCHEMATHESIS_SIGNED_IN_REPORT when set. Tokens are never printed.
"""

import atexit
import json
import os
import threading
import urllib.error
import urllib.request

import schemathesis

BASE = os.environ.get("SWIP_SANDBOX_URL", "http://127.0.0.1:8080").rstrip("/")
REPORT = os.environ.get("SCHEMATHESIS_SIGNED_IN_REPORT", "")
PIN = "2580"
DEVICE = "schemathesis-device"

# Endpoints of the in-app API that take the signup token, not a session token.
SIGNUP_SCOPED = {
    ("POST", "/v2/signup-verifications"),
    ("POST", "/sms-messages"),
    ("PUT", "/v2/signups"),
    ("POST", "/v2/signup-devices"),
}
# Controls after which the sessions may be gone.
SESSION_ENDING = {("DELETE", "/sandbox/state"), ("POST", "/sandbox/clock/advance")}

_lock = threading.Lock()
_credentials = None  # dict, or None when (re)signing in is needed
_phones = iter(range(1, 10_000))
_statuses = {}  # "METHOD /path" -> set of statuses


def _call(method, path, body=None, headers=None):
    """One JSON request to the sandbox; (status, parsed body or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, None


def _need(status, body, what):
    if status not in (200, 201):
        code = body.get("code") if isinstance(body, dict) else None
        raise RuntimeError(f"schemathesis hooks: {what} answered HTTP {status} (code {code})")
    return body


def _new_phone():
    """A fresh 11-digit phone: 7999, the process id's last 3 digits, a counter."""
    return f"7999{os.getpid() % 1000:03d}{next(_phones) % 10_000:04d}"


def _signup_token(phone):
    status, body = _call("POST", "/v2/signups", {"phone": phone}, {"Api-Version": "2"})
    return _need(status, body, "POST /v2/signups")["token"]


def _sign_in():
    """Signs a user up (SMS code from the controls), keeps a second signup token, opens a store."""
    api = {"Api-Version": "2"}
    phone = _new_phone()
    signup = _signup_token(phone)
    status, sms = _call("GET", f"/sandbox/sms?phone={phone}")
    _need(status, sms, "GET /sandbox/sms")
    auth = dict(api, **{"X-Auth-Token": signup})
    status, body = _call("POST", "/v2/signup-verifications", {"code": sms["code"]}, auth)
    _need(status, body, "POST /v2/signup-verifications")
    status, pair = _call(
        "PUT", "/v2/signups", {"deviceId": DEVICE, "password": PIN, "firstName": "Ivan"}, auth
    )
    _need(status, pair, "PUT /v2/signups")
    status, store = _call("POST", "/sandbox/pos-stores", {})
    _need(status, store, "POST /sandbox/pos-stores")
    status, merchant = _call(
        "POST",
        "/merchant-api/auth",
        {"username": store["username"], "password": store["password"]},
    )
    _need(status, merchant, "POST /merchant-api/auth")
    return {
        "session": pair["token"],
        "refresh": pair["refreshToken"],
        "signup": _signup_token(_new_phone()),
        "merchant": merchant["token"],
        "pos": {
            "Authorization": f"Bearer {store['posToken']}",
            "X-Merchant-ID": store["merchantId"],
            "X-Store-ID": store["merchantStoreId"],
            "X-Cash-ID": "1",
            "Api-Version": store.get("apiVersion") or "2",
        },
    }


def _current():
    global _credentials
    with _lock:
        if _credentials is None:
            _credentials = _sign_in()
        return _credentials


def _headers_for(method, path, credentials):
    if path.startswith("/sandbox/") or path == "/openapi.json":
        return {}
    if path.startswith("/pos-api/"):
        return dict(credentials["pos"])
    if path.startswith("/merchant-api/"):
        return {"X-Auth-Token": credentials["merchant"]}
    if path.startswith("/ext/bank/") or path == "/ext/3ds-return":
        return {}
    if (method, path) in SIGNUP_SCOPED:
        return {"X-Auth-Token": credentials["signup"]}
    if (method, path) == ("PUT", "/auth"):
        return {"X-Auth-Token": credentials["refresh"]}
    return {"X-Auth-Token": credentials["session"]}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    path = case.operation.path
    headers = _headers_for(case.method.upper(), path, _current())
    if headers:
        if case.headers is None:
            case.headers = {}
        case.headers.update(headers)


@schemathesis.hook
def after_call(ctx, case, response):
    global _credentials
    method = case.method.upper()
    path = case.operation.path
    with _lock:
        # Only the documented operation counts (the coverage phase also tries other methods).
        if method == case.operation.method.upper():
            _statuses.setdefault(f"{method} {path}", set()).add(response.status_code)
        if (method, path) in SESSION_ENDING:
            _credentials = None


def _figures():
    operations = sorted(_statuses)
    beyond = [op for op in operations if _statuses[op] - {401, 403}]
    only_auth = [op for op in operations if not (_statuses[op] - {401, 403})]
    api = [op for op in operations if not op.split(" ", 1)[1].startswith("/sandbox/")]
    return {
        "operations": len(operations),
        "beyondTheTokenCheck": len(beyond),
        "apiOperations": len(api),
        "apiBeyondTheTokenCheck": len([op for op in api if op in beyond]),
        "only401or403": only_auth,
        "statuses": {op: sorted(_statuses[op]) for op in operations},
    }


@atexit.register
def _report():
    if not _statuses:
        return
    figures = _figures()
    print(
        f"schemathesis signed in: {figures['beyondTheTokenCheck']} of {figures['operations']} "
        f"operations ({figures['apiBeyondTheTokenCheck']} of the {figures['apiOperations']} of "
        f"the three APIs) got an answer other than 401/403; only 401/403: "
        f"{', '.join(figures['only401or403']) or 'none'}"
    )
    if REPORT:
        with open(REPORT, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2, sort_keys=True)
