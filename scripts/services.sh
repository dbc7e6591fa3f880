#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and Redis 7 on loopback for the cluster hosting and its tests.
#
#   scripts/services.sh start             install if missing, start both, create the database, write $SERVICES_DIR/env
#   scripts/services.sh stop              stop both (by pid, never by name)
#   scripts/services.sh restart-postgres  fast stop and start again on the same data (durability tests)
#   scripts/services.sh restart-redis     stop and start again on the same append-only file (durability tests)
#   scripts/services.sh status
#
# Environment: SERVICES_DIR (default <repo>/.services), PG_PORT (55432), REDIS_PORT (56379), PG_DATABASE (notifications).
# Then: source "$SERVICES_DIR/env" to get NOTIFICATIONS_TEST_POSTGRES and NOTIFICATIONS_TEST_REDIS.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
services_dir=${SERVICES_DIR:-$repo/.services}
case "$services_dir" in /*) ;; *) services_dir="$PWD/$services_dir" ;; esac
pg_port=${PG_PORT:-55432}
redis_port=${REDIS_PORT:-56379}
pg_database=${PG_DATABASE:-notifications}

log() { echo "services: $*" >&2; }
die() { log "$*"; exit 1; }

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_if_missing() {
  if [ -n "$(pg_bin_dir)" ] && command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL or Redis is missing; run as root once to install them with apt-get"
  log "installing PostgreSQL and Redis with apt-get"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    postgresql postgresql-contrib redis-server
}

# initdb refuses to run as root: as root, PostgreSQL runs as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The PostgreSQL cluster lives in $services_dir/pg unless the postgres user cannot reach that folder
# (a checkout under /root, say); then in a folder of its own under /tmp, remembered in pg.location.
pg_root() {
  if [ -f "$services_dir/pg.location" ]; then cat "$services_dir/pg.location"; else echo "$services_dir/pg"; fi
}

prepare_pg_root() {
  [ -f "$services_dir/pg.location" ] && return
  local root="$services_dir/pg"
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$root"
    chown postgres:postgres "$root"
    if ! runuser -u postgres -- test -w "$root"; then
      rmdir "$root" 2>/dev/null || true
      root=$(mktemp -d /tmp/notifications-pg.XXXXXX)
      chown postgres:postgres "$root"
    fi
  else
    mkdir -p "$root"
  fi
  echo "$root" >"$services_dir/pg.location"
}

pg_options() {
  # Unix sockets off: a deep checkout path would exceed the socket path limit; everything uses TCP on loopback.
  echo "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories= -c max_connections=200"
}

pg_running() {
  local root bin
  root=$(pg_root)
  bin=$(pg_bin_dir) || return 1
  [ -f "$root/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$root/data" status >/dev/null 2>&1
}

start_postgres() {
  local bin root
  bin=$(pg_bin_dir) || die "PostgreSQL is not installed"
  prepare_pg_root
  root=$(pg_root)
  if pg_running; then
    log "PostgreSQL already running on 127.0.0.1:$pg_port"
  else
    if [ ! -f "$root/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$services_dir/initdb.log" 2>&1 \
        || { cat "$services_dir/initdb.log" >&2; die "initdb failed"; }
    fi
    as_pg "$bin/pg_ctl" -D "$root/data" -l "$root/pg.log" -w -t 60 start -o "$(pg_options)" >/dev/null \
      || { tail -n 30 "$root/pg.log" >&2 || true; die "PostgreSQL did not start"; }
    log "PostgreSQL started on 127.0.0.1:$pg_port (data in $root/data)"
  fi
  wait_for_postgres
}

wait_for_postgres() {
  local bin i
  bin=$(pg_bin_dir)
  for i in $(seq 1 60); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && return
    sleep 0.5
  done
  die "PostgreSQL does not answer on 127.0.0.1:$pg_port"
}

stop_postgres() {
  local bin root
  bin=$(pg_bin_dir) || return 0
  root=$(pg_root)
  if pg_running; then
    as_pg "$bin/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null
    log "PostgreSQL stopped"
  fi
}

create_database() {
  local bin exists
  bin=$(pg_bin_dir)
  exists=$("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$pg_database'")
  if [ "$exists" != 1 ]; then
    "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$pg_database"
    log "database $pg_database created"
  fi
}

redis_pid() {
  local pid
  [ -f "$services_dir/redis.pid" ] || return 1
  pid=$(cat "$services_dir/redis.pid")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q redis "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}

start_redis() {
  mkdir -p "$services_dir/redis"
  if redis_pid >/dev/null; then
    log "Redis already running on 127.0.0.1:$redis_port"
  else
    redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes \
      --dir "$services_dir/redis" --appendonly yes --appendfsync everysec \
      --pidfile "$services_dir/redis.pid" --logfile "$services_dir/redis.log"
    log "Redis started on 127.0.0.1:$redis_port (append-only file in $services_dir/redis)"
  fi
  wait_for_redis
}

wait_for_redis() {
  local i
  for i in $(seq 1 60); do
    [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null || true)" = PONG ] && redis_pid >/dev/null && return
    sleep 0.5
  done
  tail -n 30 "$services_dir/redis.log" >&2 || true
  die "Redis does not answer on 127.0.0.1:$redis_port"
}

stop_redis() {
  local pid i
  pid=$(redis_pid) || { rm -f "$services_dir/redis.pid"; return 0; }
  kill "$pid"
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$services_dir/redis.pid"; log "Redis stopped"; return 0; }
    sleep 0.1
  done
  die "Redis (pid $pid) did not stop"
}

write_env() {
  cat >"$services_dir/env" <<EOF
export NOTIFICATIONS_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$pg_database'
export NOTIFICATIONS_TEST_REDIS='127.0.0.1:$redis_port'
EOF
}

cmd=${1:-}
case "$cmd" in
  start)
    install_if_missing
    mkdir -p "$services_dir"
    start_postgres
    create_database
    start_redis
    write_env
    log "ready: source $services_dir/env"
    ;;
  stop)
    [ -d "$services_dir" ] || exit 0
    stop_redis
    stop_postgres
    ;;
  restart-postgres)
    stop_postgres
    start_postgres
    ;;
  restart-redis)
    stop_redis
    start_redis
    ;;
  status)
    if pg_running; then echo "postgres: running on 127.0.0.1:$pg_port"; else echo "postgres: stopped"; fi
    if pid=$(redis_pid); then echo "redis: running on 127.0.0.1:$redis_port (pid $pid)"; else echo "redis: stopped"; fi
    ;;
  *)
    echo "usage: $0 start|stop|restart-postgres|restart-redis|status" >&2
    exit 2
    ;;
esac
