#!/usr/bin/env bash
# Builds the browser portal into portal/dist (npm ci from the lockfile, then esbuild; the build itself needs no
# network). Installs Node.js and npm from Debian when missing. `--browser` also makes sure headless Chromium and its
# driver are there for the browser tests (Debian's chromium and chromium-driver; Selenium downloads nothing), and
# installs the test issuer's packages (browser-tests/oidc-issuer).
set -euo pipefail
source "$(dirname "$0")/env.sh"
apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "error: $* missing; install them (apt-get install -y $*)" >&2
    exit 1
  fi
}
if ! command -v npm >/dev/null 2>&1; then
  echo "==> installing nodejs and npm (Debian)"
  apt_install nodejs npm
fi
if [ "${1:-}" = "--browser" ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; }; then
  echo "==> installing chromium and chromium-driver (Debian) for the browser tests"
  apt_install chromium chromium-driver
fi
cd "$ROOT/portal"
# The lockfile decides; a node_modules that already matches it is kept (npm ci would delete and fetch it again).
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json .installed-lock; then
  npm ci --no-audit --no-fund --prefer-offline
  cp package-lock.json .installed-lock
fi
npm run --silent build
# The browser tests' OpenID Connect issuer (oidc-provider, for CompanySignInBrowserIT), from its own lockfile.
if [ "${1:-}" = "--browser" ]; then
  cd "$ROOT/browser-tests/oidc-issuer"
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json .installed-lock; then
    npm ci --no-audit --no-fund --prefer-offline
    cp package-lock.json .installed-lock
  fi
fi
