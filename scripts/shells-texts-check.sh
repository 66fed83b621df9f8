#!/usr/bin/env bash
# The shells' own texts are complete in Russian and English and the same on both platforms:
#   - android/ui res/values/strings.xml (English) and values-ru/strings.xml (Russian) have the same
#     names, none empty, and the Russian ones are Russian (Cyrillic, no English word but a few names);
#   - every UiString constant names one of them, and every one is a UiString;
#   - ios/App/Localizable.xcstrings has the same keys, each with an `en` and a `ru` value equal to
#     Android's (%1$s written %1$@), and every t("key") in the Swift sources is one of them.
# The texts both shells take from the core (problems, field errors) are tested in core/src/texts.
set -uo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET

def strings(path):
    return {e.get("name"): (e.text or "").replace("\\'", "'") for e in ET.parse(path).getroot().iter("string")}

failures = []
en = strings("android/ui/src/main/res/values/strings.xml")
ru = strings("android/ui/src/main/res/values-ru/strings.xml")
if set(en) != set(ru):
    failures.append(f"values/ and values-ru/ differ: {sorted(set(en) ^ set(ru))}")
latin_ok = {"CVV", "CVC", "QR", "SWiP"}
for name, text in ru.items():
    if not text.strip():
        failures.append(f"values-ru/{name} is empty")
    words = [w for w in re.findall(r"[A-Za-z]+", text.replace("%1$s", "")) if w not in latin_ok]
    if words and name not in ("card_cvv",):
        failures.append(f"values-ru/{name} has English words {words}: {text!r}")
    if not re.search("[А-Яа-яЁё]", text) and name not in ("card_cvv",):
        failures.append(f"values-ru/{name} is not Russian: {text!r}")
for name, text in en.items():
    if re.search("[А-Яа-яЁё]", text):
        failures.append(f"values/{name} has Russian: {text!r}")

kotlin = open("android/ui/src/main/kotlin/app/swip/ui/text/UiString.kt", encoding="utf-8").read()
constants = dict(re.findall(r'^\s+([A-Z0-9_]+)\("([a-z0-9_]+)"\)', kotlin, re.M))
for const, name in constants.items():
    if name not in en:
        failures.append(f"UiString.{const} names no string resource {name!r}")
for name in en:
    if name not in constants.values():
        failures.append(f"string resource {name!r} has no UiString")

catalog = json.load(open("ios/App/Localizable.xcstrings", encoding="utf-8"))["strings"]
if set(catalog) != set(en):
    failures.append(f"Localizable.xcstrings and Android differ: {sorted(set(catalog) ^ set(en))}")
for key, entry in catalog.items():
    for lang, android in (("en", en), ("ru", ru)):
        value = entry.get("localizations", {}).get(lang, {}).get("stringUnit", {}).get("value")
        if value is None:
            failures.append(f"xcstrings {key}: no {lang}")
        elif key in android and value != android[key].replace("%1$s", "%1$@"):
            failures.append(f"xcstrings {key} ({lang}) differs from Android: {value!r}")
import glob
for path in glob.glob("ios/**/*.swift", recursive=True):
    for key in re.findall(r'\bt\("([a-z0-9_]+)"', open(path, encoding="utf-8").read()):
        if key not in catalog:
            failures.append(f"{path}: t({key!r}) is not in Localizable.xcstrings")

print("\n".join(failures))
print(f"shell texts: {len(en)} texts, {len(failures)} problems")
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
PY
