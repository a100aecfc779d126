#!/usr/bin/env bash
# test.sh: the README's test command. Installs what the tests need (Docker engine, etcd,
# images), then runs the type-check and every test tier: unit, integration, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/lib/ensure-host.sh
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
export PATH="$PWD/node_modules/.bin:$PATH"
export TESTCONTAINERS_RYUK_DISABLED=true
[ -x deploy/images/build-test-images.sh ] && bash deploy/images/build-test-images.sh

echo "== type-check"
tsc --noEmit -p .
echo "== unit"
vitest run --project unit --passWithNoTests
echo "== integration"
vitest run --project integration --passWithNoTests
if compgen -G "e2e/**/*.test.ts" >/dev/null || ls e2e/*.test.ts >/dev/null 2>&1; then
  echo "== e2e"
  vitest run --project e2e --passWithNoTests
fi
