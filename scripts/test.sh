#!/usr/bin/env bash
# Sets up everything the tests need, then runs every test: the Rust workspace (core,
# CLI, bindings), the UI's unit tests, and the end-to-end tests of the real desktop app
# under Xvfb through tauri-driver + WebKitWebDriver. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test || exit 1
export PATH="$HOME/.cargo/bin:$PATH"
logs=$(mktemp -d)
status=0

step() { echo; echo "==> $*"; }

step "building the UI"
npm run --prefix ui build >"$logs/ui-build.log" 2>&1 || { cat "$logs/ui-build.log"; exit 1; }

# The linters, as `make lint` runs them; each one that fails counts as a failed check.
lint_passed=0; lint_failed=0
lint() {
  step "lint: $*"
  if "$@" >"$logs/lint.out" 2>&1; then
    lint_passed=$((lint_passed + 1))
  else
    tail -60 "$logs/lint.out"
    echo "error: lint failed: $*" >&2
    lint_failed=$((lint_failed + 1)); status=1
  fi
}
lint cargo fmt --all -- --check
lint cargo clippy --workspace --all-targets --color never -- -D warnings
lint npm run --prefix ui typecheck
lint npm run --prefix ui lint
lint npm run --prefix ui lint:workflows

step "cargo test --workspace (in a D-Bus session with an unlocked Secret Service keyring)"
# Sync tests keep session tokens in the real OS keyring: gnome-keyring's Secret Service,
# with a throwaway keyring directory (an existing login keyring would stay locked).
dbus-run-session -- bash -c 'scripts/with-keyring.sh cargo test --workspace --color never' \
  2>&1 | grep -v '^dbus-daemon' | tee "$logs/cargo.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "UI unit tests (vitest)"
npm test --prefix ui -- --reporter=default 2>&1 | tee "$logs/vitest.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "building the desktop app and its installers (debug) for the end-to-end tests"
# The .deb is installed, started and removed by tests/e2e/installed.test.mjs;
# tests/e2e/updater.test.mjs builds two more (test versions) and updates one to the other.
if scripts/package.sh --debug >"$logs/app-build.log" 2>&1; then
  grep -E '\.(deb|rpm)$' "$logs/app-build.log" | tail -2
  step "end-to-end tests of the desktop app (Xvfb, tauri-driver, WebKitWebDriver)"
  dbus-run-session -- scripts/with-keyring.sh node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ 2>&1 | tee "$logs/e2e.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  tail -50 "$logs/app-build.log"
  echo "error: the desktop app did not build; end-to-end tests not run" >&2
  echo "# fail 1" >"$logs/e2e.log"
  status=1
fi

# One closing line over every runner (colour codes stripped first).
for f in "$logs"/*.log; do sed -i 's/\x1b\[[0-9;]*m//g' "$f"; done
passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  grep -E '^test result: ' "$logs/cargo.log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/'
)
v_pass=$(grep -E '^\s+Tests\s' "$logs/vitest.log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | head -1)
v_fail=$(grep -E '^\s+Tests\s' "$logs/vitest.log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' | head -1)
e_pass=$(grep -E '^ℹ pass |^# pass ' "$logs/e2e.log" | grep -oE '[0-9]+' | tail -1)
e_fail=$(grep -E '^ℹ fail |^# fail ' "$logs/e2e.log" | grep -oE '[0-9]+' | tail -1)
# A test cut off by its timeout is reported as cancelled, not failed; it counts as failed.
e_cancelled=$(grep -E '^ℹ cancelled |^# cancelled ' "$logs/e2e.log" | grep -oE '[0-9]+' | tail -1)
passed=$((passed + ${v_pass:-0} + ${e_pass:-0} + lint_passed))
failed=$((failed + ${v_fail:-0} + ${e_fail:-0} + ${e_cancelled:-0} + lint_failed))
[ "$failed" -gt 0 ] && status=1
echo
echo "$passed passed, $failed failed"
exit $status
