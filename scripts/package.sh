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
for bundle in target/$profile/bundle/deb/*.deb target/$profile/bundle/rpm/*.rpm; do
  echo "$(du -h "$bundle" | cut -f1)	$bundle"
done
