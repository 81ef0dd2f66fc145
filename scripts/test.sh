#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, unit, integration, end-to-end and browser tests.
# Installs what the tests need (Debian's chromium + chromium-driver for the browser test) when it
# can (as root, or with sudo); without them the browser test skips, unless
# NEWSROOM_REQUIRE_BROWSER=1, where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh || echo "warning: could not install test dependencies; tests that need them will skip or fail" >&2

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked "$@"
