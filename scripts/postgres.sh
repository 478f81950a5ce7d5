#!/usr/bin/env bash
# A private PostgreSQL cluster for tests: a temp directory, a Unix socket in it, a free loopback port, a random
# password. Nothing of the machine's own PostgreSQL (if any) is touched.
#
#   scripts/postgres.sh start [RUNDIR]   start a cluster; prints RUNDIR (alone, on stdout). RUNDIR/connection holds
#                                        the Npgsql connection string, RUNDIR/env an `export CCM_TEST_POSTGRES=...` line.
#   scripts/postgres.sh stop RUNDIR      stop it and remove RUNDIR.
#
# Uses initdb/pg_ctl from PATH or /usr/lib/postgresql/*/bin; installs Debian's postgresql when neither has them
# (as root, or with sudo). As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

find_bin_dir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  return 1
}

install_postgres() {
  log "initdb/pg_ctl not found; installing Debian's postgresql"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install postgresql by hand"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# Runs a command as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free loopback port found"
}

start() {
  local bin rundir password port
  bin="$(find_bin_dir || true)"
  if [ -z "$bin" ]; then install_postgres; bin="$(find_bin_dir)" || die "postgresql installed but initdb not found"; fi

  owner="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi

  rundir="${1:-}"
  if [ -z "$rundir" ]; then rundir="$(mktemp -d "${TMPDIR:-/tmp}/openccm-pg.XXXXXX")"; else mkdir -p "$rundir"; fi
  rundir="$(cd "$rundir" && pwd)"
  [ -z "$(ls -A "$rundir")" ] || die "$rundir is not empty"
  touch "$rundir/.openccm-postgres"
  # A failed start leaves nothing behind.
  trap 'stop "$rundir" >/dev/null 2>&1 || true' EXIT
  chmod 755 "$rundir"
  mkdir -m 700 "$rundir/data" "$rundir/socket"
  chown "$owner" "$rundir/data" "$rundir/socket"

  password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')"
  local pwfile="$rundir/socket/.pw"
  printf '%s\n' "$password" | as_owner tee "$pwfile" >/dev/null
  (cd "$rundir" && as_owner "$bin/initdb" -D "$rundir/data" -U openccm --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --no-locale >"$rundir/initdb.log" 2>&1) \
    || { cat "$rundir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$pwfile"

  local attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    as_owner tee -a "$rundir/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$rundir/socket'
max_connections = 200
CONF
    echo "$bin" >"$rundir/bin"
    echo "$owner" >"$rundir/owner"
    if (cd "$rundir" && as_owner "$bin/pg_ctl" -D "$rundir/data" -l "$rundir/data/server.log" -w -t 60 start >&2); then
      break
    fi
    log "start on port $port failed (attempt $attempt)"; tail -n 5 "$rundir/data/server.log" >&2 || true
    [ "$attempt" -lt 5 ] || die "could not start PostgreSQL"
  done

  local connection="Host=127.0.0.1;Port=$port;Username=openccm;Password=$password;Database=postgres"
  (umask 077; printf '%s\n' "$connection" >"$rundir/connection"; printf "export CCM_TEST_POSTGRES='%s'\n" "$connection" >"$rundir/env")
  trap - EXIT
  log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') running on 127.0.0.1:$port and $rundir/socket"
  echo "$rundir"
}

stop() {
  local rundir="${1:-}"
  [ -n "$rundir" ] || die "usage: $0 stop RUNDIR"
  [ -d "$rundir" ] || { log "$rundir does not exist"; return 0; }
  [ -f "$rundir/.openccm-postgres" ] || die "$rundir was not made by $0; not touching it"
  if [ -f "$rundir/bin" ] && [ -f "$rundir/data/postmaster.pid" ]; then
    owner="$(cat "$rundir/owner")"
    (cd "$rundir" && as_owner "$(cat "$rundir/bin")/pg_ctl" -D "$rundir/data" -m fast -w -t 60 stop >&2) || log "pg_ctl stop failed"
  fi
  rm -rf "$rundir"
}

owner=""
case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [RUNDIR] | stop RUNDIR" >&2; exit 2 ;;
esac
