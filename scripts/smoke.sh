#!/usr/bin/env bash
# Runs the product exactly as the README says (dotnet run, embedded, nothing installed) and sends one
# welcome email into the pickup folder through the HTTP API.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
# The first free port from 5080 up, so a product already running here is never mistaken for ours.
port=${SMOKE_PORT:-}
if [ -z "$port" ]; then
  for candidate in $(seq 5080 5180); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
fi
url="http://127.0.0.1:${port}"
key="smoke-$(date +%s)"
log="$work/api.log"

Notifications__Security__BootstrapApiKey="$key" \
Notifications__Email__PickupDirectory="$work/mail" \
ASPNETCORE_URLS="$url" \
  dotnet run --project src/Notifications.Api -c Release >"$log" 2>&1 &
api=$!
trap 'kill "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; rm -rf "$work"' EXIT

fail() { echo "smoke: $*" >&2; tail -n 40 "$log" >&2; exit 1; }

started=$(date +%s)
until curl -fsS "$url/health/ready" >/dev/null 2>&1; do
  kill -0 "$api" 2>/dev/null || fail "the API exited"
  [ $(( $(date +%s) - started )) -lt 90 ] || fail "not ready after 90 s"
  sleep 1
done
kill -0 "$api" 2>/dev/null || fail "the API exited"
echo "smoke: ready after $(( $(date +%s) - started )) s on port $port"

auth=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
curl -fsS -X PUT "$url/api/v1/users/ada" "${auth[@]}" -d '{"name":"Ada Lovelace","email":"ada@example.com"}' >/dev/null
id=$(curl -fsS -X POST "$url/api/v1/notifications" "${auth[@]}" -d '{"userId":"ada","type":"welcome"}' | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$id" ] || fail "no notification id"

for _ in $(seq 1 100); do
  status=$(curl -fsS "$url/api/v1/notifications/$id" "${auth[@]}" | grep -o '"status":"[a-z_]*"' | head -n 1 | cut -d'"' -f4)
  [ "$status" = sent ] && break
  sleep 0.2
done
[ "$status" = sent ] || fail "notification $id is $status, not sent"
ls "$work/mail"/*.eml >/dev/null 2>&1 || fail "no .eml in the pickup folder"
grep -q "ada@example.com" "$work/mail"/*.eml || fail "the .eml is not addressed to ada@example.com"
echo "smoke: notification $id sent; $(ls "$work/mail" | wc -l) email(s) in the pickup folder"
