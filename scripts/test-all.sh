#!/usr/bin/env bash
# The whole test suite: static checks, domain unit tests, store integration tests (SQLite always,
# PostgreSQL when TEST_POSTGRES_URL is set), the AWS-compatible API with real clients (SDK, AWS CLI), several
# instances on one PostgreSQL database under faults (when TEST_POSTGRES_URL is set), then the console end to
# end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# Debian packages the tests drive: Chromium (end to end) and the AWS CLI v2 (API tests; a v1 `aws` from pyenv
# elsewhere on PATH does not count).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/aws ] || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's ${missing[*]} for the tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need Debian's ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'." >&2
    exit 1
  fi
fi
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  echo "NOTICE: TEST_POSTGRES_URL is not set: PostgreSQL integration tests and the several-instances (cluster) tests will be skipped."
fi

step() { printf '\n== %s\n' "$*"; }
# The test servers' logs and the secrets the suites used, for the last step: this run's only.
rm -rf test-logs
step "typecheck";          npx tsc --noEmit
step "lint";               npx eslint .
step "unit tests";         npx vitest run --project unit
step "integration tests";  npx vitest run --project integration
step "build";              npx next build
# Real clients against a running API listener (globalSetup bundles it); the console route test needs the build above.
step "api tests";          KEYFORT_API_TESTS_REQUIRE_NEXT=1 npx vitest run --project api
# Several complete instances (`npm start` on the build above) on one PostgreSQL database, under faults.
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  step "cluster tests";    npx vitest run --project cluster
else
  step "cluster tests";    echo "NOTICE: skipped, TEST_POSTGRES_URL is not set."
fi
step "end-to-end tests";   npx playwright test
# Issue 13: no test server logged a plaintext, key material, token, password or access-key secret it was given.
step "secrets in logs";    node scripts/check-logs-for-secrets.mjs
