#!/usr/bin/env bash
# Builds the desktop app with the UI inside (debug profile, no installer bundle):
# target/debug/aio-crm-desktop. Installers: `ui/node_modules/.bin/tauri build`.
set -euo pipefail
cd "$(dirname "$0")/.."
ui/node_modules/.bin/tauri build --debug --no-bundle "$@"
