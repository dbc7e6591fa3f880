#!/usr/bin/env bash
# The test command: installs and starts what the tests need (PostgreSQL, Redis), checks formatting,
# runs every test project, then smoke-tests the product the way a newcomer runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

services_started=0
cleanup() {
  if [ "$services_started" = 1 ]; then bash scripts/services.sh stop || true; fi
}
trap cleanup EXIT

# Node runs the local protocol peers (web-push-testing, the APNs HTTP/2 fake).
apt_updated=0
need_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
need_package curl curl
need_package node nodejs
need_package npm npm
[ -d tests/peers/node_modules ] || npm ci --prefix tests/peers --no-audit --no-fund
# The browser tests drive the system's Chromium through Playwright; Playwright never downloads one.
need_package chromium chromium

if [ -f scripts/services.sh ]; then
  bash scripts/services.sh start
  services_started=1
  # shellcheck disable=SC1091
  source "${SERVICES_DIR:-.services}/env"
fi

# The cluster tests check docker-compose.yml with docker-compose itself (no Docker engine is needed for that).
command -v docker-compose >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null) || true

dotnet restore Notifications.Orleans.sln
dotnet build Notifications.Orleans.sln --no-restore -c Release
dotnet format Notifications.Orleans.sln --no-restore --verify-no-changes

dotnet test Notifications.Orleans.sln --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee .test-output.log
count() { awk -v label="$1" '$1 == label":" {s += $2} END {print s + 0}' .test-output.log; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f .test-output.log

bash scripts/smoke.sh
passed=$((passed + 1))

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" = 0 ]
