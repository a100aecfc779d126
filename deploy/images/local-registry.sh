#!/usr/bin/env bash
# local-registry.sh: a local image registry for pull tests (Debian's docker-registry, plain HTTP
# on loopback, which dockerd accepts without TLS). Usage:
#   local-registry.sh start [ADDR]   (default 127.0.0.1:5000; prints the address; idempotent)
#   local-registry.sh stop  [ADDR]
#   local-registry.sh push IMAGE [ADDR]   tags IMAGE as ADDR/<name> and pushes it
# Optional basic auth: REGISTRY_HTPASSWD=/path/to/htpasswd (bcrypt) when starting.
set -euo pipefail
cmd="${1:-start}"
addr="${2:-127.0.0.1:5000}"
[ "$cmd" = push ] && addr="${3:-127.0.0.1:5000}"
state="${SKIFF_STATE_DIR:-/var/lib/skiff}/registry/${addr//[:.]/-}"
mkdir -p "$state/data"
pidfile="$state/pid"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  if running; then echo "$addr"; return 0; fi
  {
    echo "version: 0.1"
    echo "storage: {filesystem: {rootdirectory: $state/data}, delete: {enabled: true}}"
    echo "http: {addr: $addr}"
    if [ -n "${REGISTRY_HTPASSWD:-}" ]; then
      echo "auth: {htpasswd: {realm: skiff, path: $REGISTRY_HTPASSWD}}"
    fi
  } >"$state/config.yml"
  command -v docker-registry >/dev/null || { echo "docker-registry not installed (apt-get install docker-registry)" >&2; exit 1; }
  nohup docker-registry serve "$state/config.yml" >"$state/log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/${addr%:*}/${addr#*:}") 2>/dev/null; then echo "$addr"; return 0; fi
    sleep 0.1
  done
  echo "registry did not start; see $state/log" >&2
  exit 1
}

case "$cmd" in
  start) start ;;
  stop) if running; then kill "$(cat "$pidfile")"; fi; rm -f "$pidfile" ;;
  push)
    image="$2"
    start >/dev/null
    docker tag "$image" "$addr/${image#*/}"
    docker push -q "$addr/${image#*/}" >/dev/null
    echo "$addr/${image#*/}" ;;
  *) echo "usage: $0 start|stop [ADDR] | push IMAGE [ADDR]" >&2; exit 2 ;;
esac
