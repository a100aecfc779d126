#!/usr/bin/env bash
# local-env.sh: paths and ports shared by the local one-machine cluster scripts (sourced).
SKIFF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SKIFF_LOCAL_DIR="${SKIFF_LOCAL_DIR:-/var/lib/skiff/local}"
SKIFF_LOGS="$SKIFF_LOCAL_DIR/logs"
SKIFF_PIDS="$SKIFF_LOCAL_DIR/pids"
SKIFF_KUBECONFIG="$SKIFF_LOCAL_DIR/admin.kubeconfig"
# Certificates, keys, the encryption config and each component's kubeconfig (deploy/pki/skiff-pki.sh).
SKIFF_PKI="$SKIFF_LOCAL_DIR/pki"
# Ports chosen away from a system etcd (2379) so both can coexist.
SKIFF_ETCD_CLIENT_PORT="${SKIFF_ETCD_CLIENT_PORT:-2389}"
SKIFF_ETCD_PEER_PORT="${SKIFF_ETCD_PEER_PORT:-2390}"
SKIFF_API_PORT="${SKIFF_API_PORT:-6443}"
SKIFF_SERVICE_CIDR="${SKIFF_SERVICE_CIDR:-10.96.0.0/12}"
SKIFF_CLUSTER_CIDR="${SKIFF_CLUSTER_CIDR:-10.244.0.0/16}"
SKIFF_CLUSTER_DNS="${SKIFF_CLUSTER_DNS:-10.96.0.10}"
SKIFF_NODE_NAME="${SKIFF_NODE_NAME:-$(hostname | tr '[:upper:]' '[:lower:]')}"
SKIFF_NODE="$SKIFF_ROOT/node_modules/.bin/node"
# Node's compile cache also keeps the TypeScript it stripped: a warm start skips loading the
# type stripper (≈17 MB of RSS per process) and recompiling every module.
NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$SKIFF_LOCAL_DIR/compile-cache}"
# A 1 MB young generation (V8's default grows to 16 MB per semi-space during start-up and stays)
# keeps ≈25 MB of RSS off each idle service; the API server gets more (node-flags.sh).
NODE_OPTIONS="${NODE_OPTIONS:---max-semi-space-size=1}"
# Two malloc arenas instead of glibc's 8 per core: a busy kubelet keeps ≈7 MB less (docs/footprint.md).
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck source=deploy/lib/node-flags.sh
source "$SKIFF_ROOT/deploy/lib/node-flags.sh"
export SKIFF_ROOT NODE_COMPILE_CACHE NODE_OPTIONS MALLOC_ARENA_MAX SKIFF_LOCAL_DIR SKIFF_LOGS SKIFF_PIDS SKIFF_KUBECONFIG SKIFF_PKI

# admin_curl ARGS... calls the API server as the cluster admin, verifying its certificate.
admin_curl() {
  curl --cacert "$SKIFF_PKI/ca.crt" --cert "$SKIFF_PKI/admin.crt" --key "$SKIFF_PKI/admin.key" "$@"
}

# warm_compile_cache loads every Node service once (each stops at an unknown flag) so that none
# starts cold after a checkout changes: a cold start also loads the TypeScript stripper and
# keeps it for the life of the process.
warm_compile_cache() {
  local s
  for s in apiserver scheduler controller-manager kubelet proxy; do
    # shellcheck disable=SC2046 # node_flags prints a flag list
    "$SKIFF_NODE" $(node_flags "$s") "$SKIFF_ROOT/$s/main.ts" --warm-compile-cache >/dev/null 2>&1 || true
  done
}

# running NAME tells whether the service NAME started by these scripts is alive.
running() {
  local pidfile="$SKIFF_PIDS/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# start NAME CMD... starts CMD in the background (unless NAME runs), logging to logs/NAME.log.
start() {
  local name="$1"; shift
  if running "$name"; then echo "  $name already running (pid $(cat "$SKIFF_PIDS/$name.pid"))"; return 0; fi
  nohup "$@" >>"$SKIFF_LOGS/$name.log" 2>&1 &
  echo $! >"$SKIFF_PIDS/$name.pid"
  echo "  started $name (pid $!, log $SKIFF_LOGS/$name.log)"
}

# stop NAME sends SIGTERM to NAME, waits up to 20 s, then SIGKILL.
stop() {
  local pidfile="$SKIFF_PIDS/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    echo "  stopped $1"
  fi
  rm -f "$pidfile"
}

# wait_for DESCRIPTION SECONDS CMD... polls CMD until it succeeds or the deadline passes.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "skiff: timed out waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}
