#!/usr/bin/env bash
# Make Debian's Chromium available at /usr/bin/chromium for the browser tests.
#
# Installs the `chromium` package from the system's apt sources when it is missing and we
# may (root, apt-get present). Never downloads a browser build of its own (no
# `playwright install`). When it cannot install, it says why and exits 0: the browser tests
# then skip with that reason. Under CI (CI=true) a missing browser is an error instead.
set -u

CHROMIUM=/usr/bin/chromium

say() { printf 'ensure_chromium: %s\n' "$*"; }

give_up() {
    say "$1"
    if [ "${CI:-}" = "true" ]; then
        say "CI=true: the browser tests must run, so this is an error."
        exit 1
    fi
    say "continuing: the browser tests will be skipped."
    exit 0
}

if [ -x "$CHROMIUM" ]; then
    say "found $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    give_up "$CHROMIUM is missing and we are not root (install Debian's 'chromium' package)."
fi
if ! command -v apt-get >/dev/null 2>&1; then
    give_up "$CHROMIUM is missing and there is no apt-get to install it with."
fi

say "installing Debian's chromium package (apt-get update, then install)..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq; then
    give_up "apt-get update failed."
fi
if ! apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    give_up "apt-get install chromium failed."
fi
if [ ! -x "$CHROMIUM" ]; then
    give_up "the chromium package installed but $CHROMIUM is not there."
fi
say "installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
