#!/usr/bin/env bash
# Sets up everything, builds the app and starts it on the local database, filled with
# demo data the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
cargo build -p aio-crm
target/debug/aio-crm migrate   # creates the database and profile, or upgrades it
if [ "$(target/debug/aio-crm records list --table contacts --count)" = "0" ]; then
  echo "==> filling the local database with demo data"
  target/debug/aio-crm demo --contacts "${DEMO_CONTACTS:-2000}"
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "error: no display to open the window on (set DISPLAY, or run under xvfb-run)" >&2
  exit 1
fi
exec target/debug/aio-crm-desktop
