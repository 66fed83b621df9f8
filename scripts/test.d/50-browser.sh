#!/usr/bin/env bash
# The 3-D Secure page in headless Chromium: a binding made through the wallet core, its bank page
# filled in by a person's steps, the return URL observed, the core's poll reporting the card bound
# (right code) or the binding failed (wrong code). Driver: cli/tests/browser/three_ds.cjs.
#
# Installs what it needs: Debian's chromium (apt) and playwright-core (npm, into .tools/browser).
# playwright-core talks to Chromium over CDP, so chromedriver is not needed; it never downloads a
# browser of its own (executablePath is Debian's).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

PLAYWRIGHT_VERSION=1.65.1
tools=.tools/browser

apt_install chromium
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

installed=$(node -p "require('./$tools/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$PLAYWRIGHT_VERSION" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "playwright-core@$PLAYWRIGHT_VERSION"
fi

build_like_tests
swip="${CARGO_TARGET_DIR:-target}/debug/swip"

NODE_PATH="$tools/node_modules" node cli/tests/browser/three_ds.cjs "$swip"
