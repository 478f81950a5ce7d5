#!/usr/bin/env bash
# A private OCI registry for tests: Debian's docker-registry (distribution 2.x) on a free loopback port, filesystem
# storage in a temp directory. Installs nothing (scripts/test-tools.sh does).
#
#   scripts/registry.sh start [--htpasswd USER:PASSWORD]
#                             [--token-realm URL --token-service NAME --token-issuer NAME --token-rootcerts PEM]
#       starts a registry; prints its RUNDIR (alone, on stdout). RUNDIR/address holds host:port (plain HTTP).
#       --htpasswd: HTTP Basic auth against a bcrypt htpasswd file (htpasswd -B, apache2-utils).
#       --token-*:  Docker token auth: clients get bearer JWTs from URL, signed by a key whose certificate chains
#                   to the PEM bundle; the registry checks issuer, audience (service) and the granted actions.
#   scripts/registry.sh stop RUNDIR
#       stops it and removes RUNDIR.
set -euo pipefail

log() { echo "registry.sh: $*" >&2; }
die() { log "$*"; exit 1; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free loopback port found"
}

start() {
  local htpasswd="" realm="" service="" issuer="" rootcerts=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --htpasswd) htpasswd="$2"; shift 2 ;;
      --token-realm) realm="$2"; shift 2 ;;
      --token-service) service="$2"; shift 2 ;;
      --token-issuer) issuer="$2"; shift 2 ;;
      --token-rootcerts) rootcerts="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  command -v docker-registry >/dev/null 2>&1 || die "docker-registry not installed (run scripts/test-tools.sh)"

  local rundir
  rundir="$(mktemp -d "${TMPDIR:-/tmp}/openccm-registry.XXXXXX")"
  touch "$rundir/.openccm-registry"
  trap 'stop "$rundir" >/dev/null 2>&1 || true' EXIT
  mkdir "$rundir/data"

  local auth=""
  if [ -n "$htpasswd" ]; then
    command -v htpasswd >/dev/null 2>&1 || die "htpasswd not installed (apache2-utils; run scripts/test-tools.sh)"
    htpasswd -Bbn "${htpasswd%%:*}" "${htpasswd#*:}" >"$rundir/htpasswd" 2>/dev/null
    auth="auth:
  htpasswd:
    realm: openccm-test
    path: $rundir/htpasswd"
  elif [ -n "$realm" ]; then
    [ -n "$service" ] && [ -n "$issuer" ] && [ -f "$rootcerts" ] || die "--token-realm needs --token-service, --token-issuer and an existing --token-rootcerts"
    cp "$rootcerts" "$rundir/token-roots.pem"
    auth="auth:
  token:
    realm: $realm
    service: $service
    issuer: $issuer
    rootcertbundle: $rundir/token-roots.pem"
  fi

  local attempt port
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    cat >"$rundir/config.yml" <<CONF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $rundir/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
$auth
CONF
    nohup docker-registry serve "$rundir/config.yml" </dev/null >"$rundir/registry.log" 2>&1 &
    echo $! >"$rundir/pid"
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "127.0.0.1:$port" >"$rundir/address"
        trap - EXIT
        log "registry $(docker-registry --version | awk '{print $3}') on 127.0.0.1:$port${htpasswd:+ (htpasswd)}${realm:+ (token auth)}"
        echo "$rundir"
        return 0
      fi
      kill -0 "$(cat "$rundir/pid")" 2>/dev/null || break
      sleep 0.1
    done
    log "start on port $port failed (attempt $attempt)"; tail -n 5 "$rundir/registry.log" >&2 || true
    kill "$(cat "$rundir/pid")" 2>/dev/null || true
  done
  die "could not start docker-registry"
}

stop() {
  local rundir="${1:-}"
  [ -n "$rundir" ] || die "usage: $0 stop RUNDIR"
  [ -d "$rundir" ] || { log "$rundir does not exist"; return 0; }
  [ -f "$rundir/.openccm-registry" ] || die "$rundir was not made by $0; not touching it"
  if [ -f "$rundir/pid" ]; then
    local pid
    pid="$(cat "$rundir/pid")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$rundir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [--htpasswd USER:PASSWORD] [--token-realm URL --token-service S --token-issuer I --token-rootcerts PEM] | stop RUNDIR" >&2; exit 2 ;;
esac
