#!/usr/bin/env bash
# Builds the installers: the desktop app with the UI inside and the aio-crm command line
# beside it, as a .deb and an .rpm (target/<profile>/bundle/). Release by default;
# `--debug` bundles the debug build (what the test command installs: the same bundler and
# files, without a release build of everything). Prints each bundle's path and size.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
flags=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  flags=(--debug)
  cargo build -p aio-crm
else
  cargo build --release -p aio-crm
fi
ui/node_modules/.bin/tauri build "${flags[@]}" --no-bundle
if [ "$profile" = release ]; then
  # Symbols are a third of a release binary; installers ship without them.
  strip target/release/aio-crm-desktop target/release/aio-crm
fi
# The CLI ships as /usr/bin/aio-crm from this profile's build.
files="{\"/usr/bin/aio-crm\": \"target/$profile/aio-crm\"}"
ui/node_modules/.bin/tauri bundle "${flags[@]}" --bundles deb,rpm \
  --config "{\"bundle\": {\"linux\": {\"deb\": {\"files\": $files}, \"rpm\": {\"files\": $files}}}}"
# Tauri's bundler compresses the .deb with gzip. xz at level 9 halves it (the release
# .deb went from 18.5 MB to 9.2 MB): its 64 MB window spans both binaries, which share
# most of their code (level 6's 8 MB window gives 12.8 MB). Repacked with dpkg-deb, so the
# package is what dpkg itself builds; an updater signature the bundler made is made again.
# Release only: the debug build's 780 MB of binaries would take minutes to compress.
if [ "$profile" = release ]; then
  for deb in target/release/bundle/deb/*.deb; do
    unpacked=$(mktemp -d)
    dpkg-deb -R "$deb" "$unpacked/root"
    dpkg-deb --root-owner-group -Zxz -z9 --build "$unpacked/root" "$deb" >/dev/null
    rm -rf "$unpacked"
    if [ -f "$deb.sig" ]; then
      ui/node_modules/.bin/tauri signer sign "$deb"
    fi
  done
fi
for bundle in target/$profile/bundle/deb/*.deb target/$profile/bundle/rpm/*.rpm; do
  echo "$(du -h "$bundle" | cut -f1)	$bundle"
done
