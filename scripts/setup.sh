#!/usr/bin/env bash
# Installs what building (and, with --test, testing) AIO Agency CRM needs on Debian or
# Ubuntu: system packages for Tauri/WebKitGTK, the UI's npm packages and, for the
# end-to-end tests, Xvfb, WebKitWebDriver and tauri-driver. Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

# libdbus-1-dev: the keyring crate talks to the Secret Service over D-Bus (sync tokens).
packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libgtk-3-dev xdg-utils pkg-config
  libdbus-1-dev)
if [ "$want_tests" = 1 ]; then
  # python3-icalendar: an independent parser checks the .ics files the app writes.
  # chromium: the public booking page is tested in a real browser (playwright-core).
  # python3-aiosmtpd: a real SMTP server receives the booking mail in tests.
  # poppler-utils: pdftotext, an independent reader, checks the invoice PDFs.
  # python3-venv: localstripe (PyPI), a Stripe API server, goes into target/test-venv.
  # sudo: the updater installs a downloaded .deb with pkexec or sudo (tests/e2e/updater.test.mjs).
  # postgresql: the shared server's PostgreSQL tests start a throwaway cluster of their own
  # (crates/cli/tests/common/postgres.rs; /usr/lib/postgresql/15/bin).
  # dunst, xdotool: a real notification daemon receives the app's OS notifications, with
  # the window put in the background (tests/e2e/desktop.test.mjs).
  packages+=(xvfb webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools python3 python3-icalendar chromium
    python3-aiosmtpd poppler-utils python3-venv sudo postgresql dunst xdotool)
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "error: Rust (cargo) is needed: install it from rustup, then run this again" >&2
  exit 1
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> installing npm packages (ui/)"
  npm ci --prefix ui --no-audit --no-fund
fi

if [ "$want_tests" = 1 ] && ! command -v tauri-driver >/dev/null; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# Card payments are tested against localstripe (crates/cli/tests/sync/stripe.rs finds it here).
if [ "$want_tests" = 1 ] && [ ! -x target/test-venv/bin/localstripe ]; then
  echo "==> installing localstripe (PyPI) into target/test-venv"
  python3 -m venv target/test-venv
  target/test-venv/bin/pip install --quiet localstripe==1.15.10
fi
