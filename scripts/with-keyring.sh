#!/usr/bin/env bash
# Runs a command with an unlocked Secret Service keyring (gnome-keyring) on the current
# D-Bus session bus, kept in a throwaway directory: call it inside `dbus-run-session`.
set -euo pipefail
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
echo -n test | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
